package io.sossstream;

/** Software identity recorded in every product header. */
public final class SossStream {
    public static final String NAME = "soss-stream";
    public static final String VERSION = "0.1.0";

    private SossStream() {
    }

    /** "soss-stream 0.1.0". */
    public static String pipeline() {
        return NAME + " " + VERSION;
    }
}
