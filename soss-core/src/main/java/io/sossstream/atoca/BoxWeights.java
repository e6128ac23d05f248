package io.sossstream.atoca;

import io.sossstream.extract.BoxAperture;

/**
 * The box aperture of one order as jwst's ATOCA path extracts it ({@code get_box_weights}): full width W centred
 * on the SPECTRACE trace, pixel row r covering [r − ½, r + ½], edge pixels weighted by their overlap, columns
 * beyond the order's cut-off weight 0. That is {@link BoxAperture}'s rule (row r covers [r, r + 1)) applied to the
 * centres shifted by +½.
 */
final class BoxWeights {
    private BoxWeights() {
    }

    /** Weight image rows × cols (row-major). */
    static double[] of(double[] traceY, double width, int rows, int cols) {
        double[] centres = new double[cols];
        for (int x = 0; x < cols; x++) {
            centres[x] = x < traceY.length ? traceY[x] + 0.5 : Double.NaN;
        }
        BoxAperture ap = BoxAperture.of(centres, width, rows);
        double[] w = new double[rows * cols];
        for (int x = 0; x < cols; x++) {
            if (!ap.isExtracted(x)) {
                continue;
            }
            for (int y = ap.wholeStart(x); y < ap.wholeEnd(x); y++) {
                w[y * cols + x] = 1;
            }
            if (ap.lowerRow(x) >= 0) {
                w[ap.lowerRow(x) * cols + x] = ap.lowerWeight(x);
            }
            if (ap.upperRow(x) >= 0) {
                w[ap.upperRow(x) * cols + x] = ap.upperWeight(x);
            }
        }
        return w;
    }
}
