package io.sossstream.stage3;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sossstream.error.BadInputException;

/**
 * A box-aperture width: a fixed number of pixels, or {@code optimize} (the width 10…60 px that minimises the
 * white-light point-to-point scatter, algorithms §9). Written as {@code "30"} or {@code "optimize"}.
 */
public record ApertureWidth(int pixels, boolean optimize) {
    public static final int MIN_OPTIMIZED = 10;
    public static final int MAX_OPTIMIZED = 60;
    public static final ApertureWidth OPTIMIZE = new ApertureWidth(0, true);

    public static ApertureWidth fixed(int pixels) {
        if (pixels < 1 || pixels > 200) {
            throw new IllegalArgumentException("aperture width must be 1…200 px, not " + pixels);
        }
        return new ApertureWidth(pixels, false);
    }

    /** Parses {@code "30"} or {@code "optimize"}; {@code source} names the option or file for the message. */
    public static ApertureWidth parse(String text, String source) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("optimize") || t.equalsIgnoreCase("optimise")) {
            return OPTIMIZE;
        }
        try {
            return fixed(Integer.parseInt(t));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source, "width must be an integer number of pixels (1…200) or 'optimize', not '" + t + "'");
        }
    }

    @JsonCreator
    static ApertureWidth fromJson(String text) {
        return parse(text, "config width");
    }

    /** Config files may write a width as a JSON number ({@code "widthOrder1": 25}). */
    @JsonCreator
    static ApertureWidth fromJson(int pixels) {
        return parse(Integer.toString(pixels), "config width");
    }

    @JsonValue
    @Override
    public String toString() {
        return optimize ? "optimize" : Integer.toString(pixels);
    }
}
