package io.sossstream.segment;

import io.sossstream.error.BadInputException;

/** NIRISS/SOSS detector readout subarrays. All are 2048 columns wide; dispersion runs along x. */
public enum Subarray {
    SUBSTRIP256(256),
    SUBSTRIP96(96),
    FULL(2048);

    /** Detector columns of every SOSS subarray. */
    public static final int COLUMNS = 2048;

    private final int rows;

    Subarray(int rows) {
        this.rows = rows;
    }

    public int rows() {
        return rows;
    }

    /** Parses the SUBARRAY keyword value; {@code source} names the file for the error message. */
    public static Subarray parse(String value, String source) {
        if (value == null) {
            throw new BadInputException(source, "missing header keyword SUBARRAY");
        }
        for (Subarray s : values()) {
            if (s.name().equalsIgnoreCase(value.trim())) {
                return s;
            }
        }
        throw new BadInputException(source, "unsupported SUBARRAY '" + value.trim()
                + "' (soss-stream reads SUBSTRIP256, SUBSTRIP96 and FULL)");
    }
}
