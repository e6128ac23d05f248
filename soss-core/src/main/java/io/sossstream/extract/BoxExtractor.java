package io.sossstream.extract;

import io.sossstream.segment.Frame;

/**
 * Box extraction of one order from one integration (exoTEDRF {@code do_box_extraction}, SOSS default path).
 *
 * <p>For each extracted column: F = Σ_whole D + (w_up·D[up] + w_lo·D[lo]) and
 * E² = Σ_whole err² + (w_up·err[up]² + w_lo·err[lo]²). The partial pixels enter the variance with their
 * fractional weight, not weight², exactly as exoTEDRF does (a pixel half inside the box contributes half its
 * variance). Plain sums: a NaN pixel with non-zero weight makes the column NaN, as {@code np.sum} does.
 * Unextracted columns (no centroid, or the aperture off the detector) hold NaN in flux and error; exoTEDRF's
 * {@code np.zeros} output holds 0 there, which a light-curve fitter reads as a measured zero flux.
 *
 * <p>The edge rule (and its two corrections to exoTEDRF: integer lo, detector edges) is documented on
 * {@link BoxAperture}. Sums are accumulated in double in increasing row order; exoTEDRF's {@code np.sum} on a
 * float32 cube accumulates the whole-pixel part in float32 (pairwise), so the two agree to float32 rounding on
 * float32 input, and exactly when the same operations are done in double (see the tests).
 */
public final class BoxExtractor {
    private final BoxAperture aperture;

    public BoxExtractor(BoxAperture aperture) {
        this.aperture = aperture;
    }

    public BoxAperture aperture() {
        return aperture;
    }

    /**
     * Extracts {@code frame} into {@code flux[x]} and {@code err[x]} (length ≥ columns; reused by the caller).
     *
     * @throws IllegalArgumentException if the frame's shape does not match the aperture
     */
    public void extract(Frame frame, double[] flux, double[] err) {
        int cols = frame.cols;
        if (frame.rows != aperture.dimy() || cols != aperture.columns()) {
            throw new IllegalArgumentException("frame is " + frame.rows + "x" + cols + " but the aperture is for "
                    + aperture.dimy() + "x" + aperture.columns());
        }
        float[] sci = frame.sci;
        float[] e = frame.err;
        for (int x = 0; x < cols; x++) {
            if (!aperture.isExtracted(x)) {
                flux[x] = Double.NaN;
                err[x] = Double.NaN;
                continue;
            }
            double f = 0;
            double v = 0;
            int end = aperture.wholeEnd(x) * cols + x;
            for (int i = aperture.wholeStart(x) * cols + x; i < end; i += cols) {
                f += sci[i];
                double ei = e[i];
                v += ei * ei;
            }
            double pf = 0;
            double pv = 0;
            int up = aperture.upperRow(x);
            if (up >= 0) {
                double w = aperture.upperWeight(x);
                double ei = e[up * cols + x];
                pf = w * sci[up * cols + x];
                pv = w * (ei * ei);
            }
            int lo = aperture.lowerRow(x);
            if (lo >= 0) {
                double w = aperture.lowerWeight(x);
                double ei = e[lo * cols + x];
                pf += w * sci[lo * cols + x];
                pv += w * (ei * ei);
            }
            flux[x] = f + pf;
            err[x] = Math.sqrt(v + pv);
        }
    }
}
