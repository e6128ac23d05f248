package io.sossstream.atoca;

import io.sossstream.error.BadInputException;

/** Too few usable pixels to model a spectral order (jwst {@code MaskOverlapError}). */
public final class MaskOverlapException extends BadInputException {
    private final int order;
    private final int goodPixels;

    public MaskOverlapException(int order, int goodPixels, int minimum) {
        super("order " + order, "only " + goodPixels + " usable pixels to model it (at least " + minimum
                + " needed): its trace mask, bad pixels and wavelength range leave too little overlap");
        this.order = order;
        this.goodPixels = goodPixels;
    }

    public int order() {
        return order;
    }

    public int goodPixels() {
        return goodPixels;
    }
}
