package io.sossstream.stage3;

/** How orders 1 and 2 are extracted. */
public enum ExtractMethod {
    /** exoTEDRF's box extraction (contaminated by the other orders). */
    BOX,
    /** jwst's ATOCA: model all orders, subtract the others', then box-extract ({@link io.sossstream.atoca}). */
    ATOCA
}
