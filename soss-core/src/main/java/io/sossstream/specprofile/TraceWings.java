package io.sossstream.specprofile;

import io.sossstream.error.BadInputException;
import io.sossstream.stats.Interp;
import io.sossstream.stats.NanStats;
import io.sossstream.trace.Polynomial;
import io.sossstream.trace.RobustPolyfit;

/**
 * The empirical PSF wings of the SOSS trace (APPLESOSS {@code generate_superprof} + {@code get_wings}, spec §2
 * steps 3–4). The red end of order 1 (columns 1850–2029) is uncontaminated by the other orders: its column
 * profiles, shifted onto the trace position of column 2030 and normalised, are median-combined into a
 * "superprofile" of the side of the trace towards the top of the detector, mirrored into a symmetric profile of
 * length L. A degree-9 polynomial in log10 of each wing (beyond 15–16 rows of the centre) smooths it.
 *
 * <p>Where APPLESOSS fits every row and fails on a NaN or non-positive value (reference rows of a stage-2 deep
 * stack are NaN), the fit here uses the finite positive values only; with a clean frame the two are the same.
 *
 * @param length L, the length of the mirrored superprofile (even)
 * @param lower  the lower wing: L/2 − 15 values at superprofile rows 0…L/2 − 16
 * @param upper  the upper wing: L/2 − 16 values at superprofile rows L/2 + 16…L − 1
 */
record TraceWings(int length, double[] lower, double[] upper) {
    static final int FIRST_COLUMN = 1850;
    static final int REFERENCE_COLUMN = 2030;
    /** Superprofile rows on either side of the centre that are core, not wing. */
    static final int CORE_BELOW = 15;
    static final int CORE_ABOVE = 16;
    private static final int WING_DEGREE = 9;
    private static final int OVERSAMPLE = 10;

    /**
     * @param frame  rows × 2048 (reference columns already replaced)
     * @param y1     order-1 centroids at every column
     * @param source names the frame in errors
     */
    static TraceWings measure(double[][] frame, double[] y1, String source) {
        int rows = frame.length;
        int n = OVERSAMPLE * rows;
        // np.linspace(0, rows − 1, 10·rows): step (rows−1)/(10·rows−1), not 0.1
        double step = (rows - 1.0) / (n - 1);
        double[] fine = new double[n];
        for (int k = 0; k < n; k++) {
            fine[k] = k * step;
        }
        fine[n - 1] = rows - 1;
        double[] grid = new double[rows];
        for (int r = 0; r < rows; r++) {
            grid[r] = r;
        }

        int nCols = REFERENCE_COLUMN - FIRST_COLUMN;
        double[][] aligned = new double[rows][nCols];
        double[] column = new double[rows];
        double[] oversampled = new double[n];
        double[] moved = new double[n];
        for (int i = FIRST_COLUMN; i < REFERENCE_COLUMN; i++) {
            for (int r = 0; r < rows; r++) {
                column[r] = frame[r][i];
            }
            for (int k = 0; k < n; k++) {
                oversampled[k] = Interp.interp(fine[k], grid, column);
                moved[k] = fine[k] - y1[i] + y1[REFERENCE_COLUMN];
            }
            double[] profile = new double[rows];
            for (int r = 0; r < rows; r++) {
                profile[r] = Interp.interp(r, moved, oversampled);
            }
            double sum = NanStats.nansum(profile);
            for (int r = 0; r < rows; r++) {
                aligned[r][i - FIRST_COLUMN] = profile[r] / sum;
            }
        }
        double[] flat = new double[rows];
        for (int r = 0; r < rows; r++) {
            flat[r] = NanStats.nanmedian(aligned[r]);
        }

        int centre = (int) y1[REFERENCE_COLUMN];
        int half = rows - centre;
        int length = 2 * half;
        if (half < CORE_ABOVE + WING_DEGREE + 1) {
            throw new BadInputException(source, "order-1 trace at x = " + REFERENCE_COLUMN + " is at y = "
                    + y1[REFERENCE_COLUMN] + ", too close to the top of the " + rows
                    + "-row frame to measure the trace wings");
        }
        double[] stand = new double[length];
        for (int m = 0; m < half; m++) {
            stand[half - 1 - m] = flat[centre + m];
            stand[half + m] = flat[centre + m];
        }
        double norm = NanStats.nanpercentile(stand, 99);
        for (int k = 0; k < length; k++) {
            stand[k] /= norm;
        }
        int lowerEnd = length / 2 - CORE_BELOW;
        int upperStart = length / 2 + CORE_ABOVE;
        double[] lower = wing(stand, 0, lowerEnd, source);
        double[] upper = wing(stand, upperStart, length, source);
        return new TraceWings(length, lower, upper);
    }

    /** 10^p(row) for rows [from, to), p the degree-9 least-squares polynomial of log10(stand) there. */
    private static double[] wing(double[] stand, int from, int to, String source) {
        double[] x = new double[to - from];
        double[] y = new double[to - from];
        int good = 0;
        for (int k = from; k < to; k++) {
            x[k - from] = k;
            double v = stand[k];
            y[k - from] = v > 0 ? Math.log10(v) : Double.NaN; // NaN rows are left out of the fit
            good += v > 0 ? 1 : 0;
        }
        if (good <= WING_DEGREE) {
            throw new BadInputException(source, "the trace superprofile (columns " + FIRST_COLUMN + "–"
                    + (REFERENCE_COLUMN - 1) + ") has only " + good + " positive finite rows in a wing; cannot fit"
                    + " the PSF wings");
        }
        double centre = 0.5 * (from + to - 1);
        double scale = Math.max(0.5 * (to - 1 - from), 1.0);
        Polynomial p = RobustPolyfit.leastSquares(x, y, WING_DEGREE, centre, scale);
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            out[k] = Math.pow(10, p.value(x[k]));
        }
        return out;
    }
}
