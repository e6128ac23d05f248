package io.sossstream.extract;

import io.sossstream.segment.Frame;
import io.sossstream.segment.PixelWindow;

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
    /** The whole rows of every extracted column, as runs of columns per row. */
    private final PixelWindow whole;

    public BoxExtractor(BoxAperture aperture) {
        this.aperture = aperture;
        PixelWindow.Builder b = new PixelWindow.Builder(aperture.dimy(), aperture.columns());
        for (int x = 0; x < aperture.columns(); x++) {
            if (aperture.isExtracted(x)) {
                b.add(x, aperture.wholeStart(x), aperture.wholeEnd(x));
            }
        }
        this.whole = b.build();
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
        // The whole rows, row by row (memory order) into the outputs: every column still sums its own rows in
        // increasing row order, as a column-by-column walk does, so the sums are the same to the bit; walking the
        // frame along its rows spares a cache line and a page per row of every column.
        for (int x = 0; x < cols; x++) {
            flux[x] = 0;
            err[x] = 0;
        }
        for (int y = whole.firstRow(); y < whole.endRow(); y++) {
            for (int k = whole.firstRun(y); k < whole.firstRun(y + 1); k++) {
                int base = y * cols;
                for (int x = whole.runFrom(k), to = whole.runTo(k); x < to; x++) {
                    flux[x] += sci[base + x];
                    double ei = e[base + x];
                    err[x] += ei * ei;
                }
            }
        }
        for (int x = 0; x < cols; x++) {
            if (!aperture.isExtracted(x)) {
                flux[x] = Double.NaN;
                err[x] = Double.NaN;
                continue;
            }
            double f = flux[x];
            double v = err[x];
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
