package io.sossstream.specprofile;

import io.sossstream.stats.Interp;
import io.sossstream.stats.NanStats;

/**
 * One order's profile column by column (APPLESOSS {@code reconstruct_order}, spec §2 steps 5, 7 and 8).
 *
 * <p>Where the order can be read off the frame, the column's core (±15–16 rows around the trace) is the data
 * itself and the rest are the {@link TraceWings}, scaled to the core's 99th percentile and stitched on a 0.1-row
 * grid. Where it cannot (order 2 blueward of x = 750, all of order 3), the column is interpolated in wavelength
 * between the two columns of the previous order's rectified profile that bracket its wavelength, moved to its
 * trace. Past the last readable column, the order continues as that column shifted along the trace.
 */
final class OrderReconstruction {
    /** Sub-pixel grid of the stitching: 10 samples per row. */
    private static final int OS = 10;
    /** Rows either side of the trace centre whose 99th percentile scales the wings to the column. */
    private static final int PEAK_HALF_WINDOW = 16;

    /**
     * An order being built.
     *
     * @param image rows × 2048 profile (not normalised)
     * @param rect  L × 2048 rectified profile: trace centre at row L/2 in every column built from data, 0 elsewhere
     */
    record Order(double[][] image, double[][] rect) {
        Order(int rows, int length, int columns) {
            this(new double[rows][columns], new double[length][columns]);
        }
    }

    private OrderReconstruction() {
    }

    /**
     * Columns [from, 2048) from the data, step 5. A column whose core would reach past the frame's last row is
     * skipped (left 0).
     *
     * @return the first skipped column (APPLESOSS's {@code maxi}), 2048 if none
     */
    static int fromData(double[][] data, double[] yc, TraceWings wings, Order order, int from) {
        int dimy = data.length;
        int width = data[0].length;
        int length = wings.length();
        int rowsOut = order.image().length;
        int nLower = wings.lower().length;
        int nUpper = wings.upper().length;
        double[] column = new double[dimy];
        double[] grid = new double[dimy];
        for (int r = 0; r < dimy; r++) {
            grid[r] = r;
        }
        double[] axLower = axis(nLower);
        double[] axUpper = axis(nUpper);
        double[] lower = new double[nLower];
        double[] upper = new double[nUpper];
        // the lower wing is stretched by this step (APPLESOSS's linspace), the upper one shifted by `shift`
        double lowerStep = ((OS * nLower - 1) / 10.0 - 1) / (OS * nLower - 1);
        double[] stitch = new double[OS * length];
        int firstSkipped = width;
        for (int i = from; i < width; i++) {
            long c = (long) Math.rint(OS * yc[i]);
            if (c / 10.0 + TraceWings.CORE_ABOVE > dimy) {
                firstSkipped = Math.min(firstSkipped, i);
                continue;
            }
            for (int r = 0; r < dimy; r++) {
                column[r] = data[r][i];
            }
            int centreRow = (int) Math.floorDiv(c, OS);
            double peak = NanStats.nanpercentile(pySlice(column, centreRow - PEAK_HALF_WINDOW,
                    centreRow + PEAK_HALF_WINDOW), 99);
            // APPLESOSS's empirical offset of the upper wing: 1.5 rows at the red end, 1 row at the blue end
            double shift = 1.5 - 0.5 * i / 2040.0;
            for (int k = 0; k < nLower; k++) {
                lower[k] = wings.lower()[k] * peak;
            }
            for (int k = 0; k < nUpper; k++) {
                upper[k] = wings.upper()[k] * peak;
            }
            int s = 0;
            for (int k = 0; k < OS * nLower; k++) {
                stitch[s++] = Interp.interp(k * lowerStep, axLower, lower);
            }
            // the core: rows centre − 15 … centre + 16 of the data itself, on the 0.1-row grid
            for (long k = c - OS * TraceWings.CORE_BELOW; k < c + OS * TraceWings.CORE_ABOVE; k++) {
                stitch[s++] = Interp.interp(k / 10.0, grid, column);
            }
            for (int k = 0; k < OS * nUpper; k++) {
                stitch[s++] = Interp.interp(k / 10.0 + shift, axUpper, upper);
            }
            for (int j = 0; j < length; j++) {
                order.rect()[j][i] = stitch[OS * j];
            }
            for (int y = 0; y < rowsOut; y++) {
                long idx = OS * (long) y - c + 5L * length;
                order.image()[y][i] = stitch[(int) Math.max(0, Math.min(OS * length - 1, idx))];
            }
        }
        return firstSkipped;
    }

    /**
     * APPLESOSS {@code interp_profile}: the column at wavelength {@code w} with its trace at {@code wc}, from the
     * rectified columns of another order whose wavelengths {@code lam} bracket w (linear weights in λ). Rows past
     * {@code rows} are dropped. A wavelength the other order does not bracket gives a zero column (APPLESOSS
     * raises).
     */
    static double[] interpolated(double w, double wc, double[] lam, double[][] rect, int rows) {
        double[] out = new double[rows];
        int lo = -1;
        int up = -1;
        for (int k = 0; k < lam.length; k++) {
            if (lo < 0 && lam[k] < w) {
                lo = k;
            }
            if (lam[k] > w) {
                up = k;
            }
        }
        if (lo < 0 || up < 0 || Double.isNaN(w)) {
            return out;
        }
        double wLo = 1 - (w - lam[lo]) / Math.abs(lam[up] - lam[lo]);
        double wUp = 1 - wLo;
        int length = rect.length;
        double[] ax = axis(length);
        double[] pLo = new double[length];
        double[] pUp = new double[length];
        for (int j = 0; j < length; j++) {
            pLo[j] = rect[j][lo];
            pUp[j] = rect[j][up];
        }
        double centre = length / 2;
        for (int y = 0; y < rows; y++) {
            double t = y + centre - wc;
            out[y] = wLo * Interp.interp(t, ax, pLo) + wUp * Interp.interp(t, ax, pUp);
        }
        return out;
    }

    /**
     * Columns [from, stop) as column {@code from − 1} moved along the trace (the order leaving the top of the
     * detector).
     */
    static void continued(double[][] image, double[] yc, int from, int stop) {
        int rows = image.length;
        double[] template = new double[rows];
        for (int r = 0; r < rows; r++) {
            template[r] = image[r][from - 1];
        }
        double[] xp = new double[rows];
        for (int i = from; i < stop; i++) {
            for (int r = 0; r < rows; r++) {
                xp[r] = r - yc[from - 1] + yc[i];
            }
            for (int r = 0; r < rows; r++) {
                image[r][i] = Interp.interp(r, xp, template);
            }
        }
    }

    /** First column whose trace is at or above {@code row}, plus {@code margin}, at most the width. */
    static int stopColumn(double[] yc, double row, int margin) {
        for (int i = 0; i < yc.length; i++) {
            if (yc[i] >= row) {
                return Math.min(yc.length, i + margin);
            }
        }
        return yc.length;
    }

    /** Python's {@code a[start:end]}: a negative start counts from the end, both clip to the array. */
    static double[] pySlice(double[] a, int start, int end) {
        int n = a.length;
        int s = start < 0 ? Math.max(0, start + n) : Math.min(start, n);
        int e = end < 0 ? Math.max(0, end + n) : Math.min(end, n);
        return e > s ? java.util.Arrays.copyOfRange(a, s, e) : new double[0];
    }

    private static double[] axis(int n) {
        double[] ax = new double[n];
        for (int k = 0; k < n; k++) {
            ax[k] = k;
        }
        return ax;
    }
}
