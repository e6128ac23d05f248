package io.sossstream.reference;

import io.sossstream.segment.Subarray;

import java.io.IOException;
import java.io.InputStream;

/**
 * The PASTASOSS reference models shipped in {@code io/sossstream/reference/pastasoss/} (spacetelescope/pastasoss,
 * BSD-3, see LICENSE-pastasoss and SOURCE there): traces and wavelengths of orders 1 and 2 as functions of the
 * pupil-wheel position PWCPOS, relative to the commanded position {@value #COMMANDED_PWCPOS}°.
 */
public final class Pastasoss {
    /** PWCPOS (degrees) at which the reference traces were measured; models take PWCPOS − this. */
    public static final double COMMANDED_PWCPOS = 245.76;
    static final String FOLDER = "/io/sossstream/reference/pastasoss/";

    private Pastasoss() {
    }

    /** Opens a packaged PASTASOSS file. */
    static InputStream open(String name) throws IOException {
        InputStream in = Pastasoss.class.getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IOException("reference file pastasoss/" + name + " missing from the soss-core jar");
        }
        return in;
    }

    /**
     * Rows to add to a SUBSTRIP256 row to get the subarray's row: SUBSTRIP96 sits 10 rows higher (SPECTRACE 0022
     * against 0023), FULL has the SUBSTRIP256 rows at its top (2048 − 256).
     */
    public static double rowOffsetFrom256(Subarray subarray) {
        return switch (subarray) {
            case SUBSTRIP256 -> 0;
            case SUBSTRIP96 -> -10;
            case FULL -> 2048 - 256;
        };
    }
}
