package io.sossstream.stage3;

/**
 * A box-aperture width: a fixed number of pixels, or {@code optimize} (the width 10…60 px that minimises the
 * white-light point-to-point scatter, algorithms §9). Written as {@code "30"} or {@code "optimize"}.
 */
public record ApertureWidth(int pixels, boolean optimize) {
    public static final int MIN_OPTIMIZED = 10;
    public static final int MAX_OPTIMIZED = 60;
    public static final int MIN_FIXED = 1;
    public static final int MAX_FIXED = 200;
    public static final ApertureWidth OPTIMIZE = new ApertureWidth(0, true);
    /** The allowed values, as the parameter block documents them. */
    static final String ALLOWED = "an integer number of pixels from " + MIN_FIXED + " to " + MAX_FIXED + " or optimize";

    public static ApertureWidth fixed(int pixels) {
        if (pixels < MIN_FIXED || pixels > MAX_FIXED) {
            throw new IllegalArgumentException("aperture width must be " + ALLOWED + ", not " + pixels);
        }
        return new ApertureWidth(pixels, false);
    }

    /**
     * Parses {@code "30"} or {@code "optimize"} (also {@code optimise}, any case).
     *
     * @throws IllegalArgumentException otherwise (the parameter block turns it into the one bad-value message)
     */
    public static ApertureWidth of(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("optimize") || t.equalsIgnoreCase("optimise")) {
            return OPTIMIZE;
        }
        return fixed(Integer.parseInt(t));
    }

    @Override
    public String toString() {
        return optimize ? "optimize" : Integer.toString(pixels);
    }
}
