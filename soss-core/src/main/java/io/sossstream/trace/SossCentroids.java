package io.sossstream.trace;

import io.sossstream.error.BadInputException;
import io.sossstream.reference.SpecTrace;
import io.sossstream.segment.Subarray;
import io.sossstream.stack.DeepStack;
import io.sossstream.stats.Interp;

import java.util.Arrays;

/**
 * SOSS trace centroids of orders 1–3 on a deep stack by the edge trigger (APPLESOSS {@code get_soss_centroids} with
 * exoTEDRF's defaults: halfwidth 2, polynomial degrees {1: 11, 2: 5, 3: 3}, width calibration on), followed by
 * exoTEDRF's {@code get_centroids_soss} post-processing (spec §1).
 *
 * <p>Order 1 is found first, and — unlike APPLESOSS — only within ±{@value #PRIOR_HALFWIDTH} rows of its
 * {@link TracePrior} (PASTASOSS rotated to PWCPOS, or SPECTRACE): APPLESOSS searches every row, so wherever
 * order 2 outshines order 1 (hot stars, x ≈ 1240–1580) the order-1 centres land on order 2 over hundreds of columns
 * (spec §1, defect). Outliers are then clipped on a robust scale (MAD, {@link RobustPolyfit.Clipping#MAD}).
 * Orders 3 and 2 are then isolated with masks placed relative to the corrected order 1. The blended blue end of order 2 (x &lt; 150) is located from its top edge minus half a
 * trace width, with the width predicted from a width–wavelength power law fitted to orders 1 and 2.
 */
public final class SossCentroids {
    public static final String SOURCE = "edgetrigger";

    static final int COLS = Subarray.COLUMNS;
    static final int DEGREE_O1 = 11;
    static final int DEGREE_O2 = 5;
    static final int DEGREE_O3 = 3;
    /** Order-1 apex row of SUBSTRIP256; the other subarrays shift it. */
    static final double APEX_256 = 40;
    static final int HALFWIDTH_O1_BAND = 25;
    static final int HALFWIDTH_O3_BAND = 15;
    /** Order 3 is measured left of this column only (step 3 of spec §1); its fit is extrapolated beyond. */
    public static final int ORDER3_MEASURED_UNTIL = 700;
    /**
     * Half-height of the order-1 search band around the prior (rows): the trace's edges lie ±12 rows from its
     * centre, so a prior may be off by ~6 px before an edge leaves the band, while order 2 stays ≥ 40 rows away
     * over x ≳ 300 (it approaches order 1 only at the blue end of order 2, x &lt; 150, where it is faint).
     */
    public static final int PRIOR_HALFWIDTH = 20;

    /** Fallback dispersion λ = w0 + x·disp/1000 per order, if no trace table is available. */
    private static final double[][] APPROX_DISPERSION = {{2.833, -0.9718}, {1.423, -0.467}, {0.956, -0.310}};

    /**
     * APPLESOSS centroids before exoTEDRF's post-processing, each evaluated at x = 0…2047.
     *
     * @param orderOne   fitted order-1 y (degree 11)
     * @param orderTwo   fitted order-2 y (degree 5), null for SUBSTRIP96
     * @param orderThree fitted order-3 y (degree 3), null for SUBSTRIP96
     * @param widthLaw   ln(width) as a polynomial of ln(λ) (width = w0·λ^m), null for SUBSTRIP96
     */
    public record Fitted(double[] orderOne, double[] orderTwo, double[] orderThree, Polynomial widthLaw) {
    }

    private SossCentroids() {
    }

    /** Centroids of a deep stack around a prior, with the packaged SPECTRACE of the subarray. */
    public static TraceCentroids find(DeepStack stack, Subarray subarray, TracePrior prior) {
        return find(stack.toDoubleArray(), subarray, SpecTrace.load(subarray), prior, "deep stack");
    }

    /** Centroids of a row-major image (rows = subarray rows, 2048 columns), SPECTRACE prior (PWCPOS unknown). */
    public static TraceCentroids find(double[] image, Subarray subarray) {
        return find(image, subarray, SpecTrace.load(subarray), TracePrior.of(subarray, Double.NaN), "deep stack");
    }

    /**
     * Centroids of a row-major image with a given trace table (null → approximate linear dispersion) and prior.
     *
     * @param source names the image in errors
     * @throws BadInputException if no trace can be found
     */
    public static TraceCentroids find(double[] image, Subarray subarray, SpecTrace trace, TracePrior prior,
                                      String source) {
        return postProcess(fit(image, subarray, trace, prior, source), subarray.rows());
    }

    /** APPLESOSS {@code get_soss_centroids} (steps 1–7 of spec §1) with order 1 searched around its prior. */
    public static Fitted fit(double[] image, Subarray subarray, SpecTrace trace, TracePrior prior, String source) {
        int rows = subarray.rows();
        if (image.length != rows * COLS) {
            throw new IllegalArgumentException("image of " + image.length + " pixels is not " + subarray
                    + " (" + rows + " × " + COLS + ")");
        }
        int h = EdgeTrigger.DEFAULT_HALFWIDTH;
        double apexDefault = defaultApex(subarray);

        // 1. Order 1 in the 256 rows around the default apex, within the band around its prior.
        boolean[] maskO1 = rowBandMask(rows, apexDefault);
        markOutsideBand(maskO1, rows, prior.order(1), PRIOR_HALFWIDTH);
        EdgeTrigger.Edges e1 = EdgeTrigger.measure(image, rows, COLS, maskO1, h);
        double[] yO1 = fitOrThrow(e1.centre(), DEGREE_O1, source, "order 1");
        if (subarray == Subarray.SUBSTRIP96) {
            return new Fitted(yO1, null, null, null);
        }

        // 2. Shift the order-2/3 masks with the measured apex.
        double offset = nanmin(yO1) - apexDefault;

        // 3. Order 3: left of x = 700, above a line under it.
        boolean[] maskO3 = new boolean[rows * COLS];
        markColumnsFrom(maskO3, rows, ORDER3_MEASURED_UNTIL);
        markBelowLine(maskO3, rows, 0, 132 + offset, 1000, 163 + offset);
        double[] yO3 = fitOrThrow(EdgeTrigger.measure(image, rows, COLS, maskO3, h).centre(), DEGREE_O3,
                source, "order 3");

        // 4. Order 2 where it is clear of order 1: 700 ≤ x < 1800, between the order-1 and order-3 bands.
        boolean[] maskO2u = new boolean[rows * COLS];
        markOrderBands(maskO2u, rows, yO1, yO3);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < COLS; x++) {
                if (x < 700 || x >= 1800) {
                    maskO2u[y * COLS + x] = true;
                }
            }
        }
        markBelowLine(maskO2u, rows, 1249, 31 + offset, 1911, 253 + offset);
        EdgeTrigger.Edges e2u = EdgeTrigger.measure(image, rows, COLS, maskO2u, h);

        // 5. Trace width against wavelength, from the raw widths of orders 1 and 2.
        double[] lambda1 = wavelengths(trace, 1);
        double[] lambda2 = wavelengths(trace, 2);
        Polynomial widthLaw = calibrateWidths(lambda1, e1.width(), lambda2, e2u.width(), source);

        // 6. Order 2 where it is blended (x < 150): top edge minus half the predicted width.
        boolean[] maskO2c = new boolean[rows * COLS];
        markOrderBands(maskO2c, rows, yO1, yO3);
        markColumnsFrom(maskO2c, rows, 150);
        EdgeTrigger.Edges e2c = EdgeTrigger.measure(image, rows, COLS, maskO2c, h);

        // 7. Combine both parts and fit.
        double[] yO2raw = new double[COLS];
        for (int x = 0; x < COLS; x++) {
            double u = e2u.centre()[x];
            if (Double.isFinite(u)) {
                yO2raw[x] = u;
            } else if (Double.isFinite(e2c.width()[x])) {
                double w = Math.exp(widthLaw.value(Math.log(lambda2[x])));
                yO2raw[x] = e2c.topEdge()[x] - w / 2;
            } else {
                yO2raw[x] = Double.NaN;
            }
        }
        double[] yO2 = fitOrThrow(yO2raw, DEGREE_O2, source, "order 2");
        return new Fitted(yO1, yO2, yO3, widthLaw);
    }

    /**
     * exoTEDRF {@code get_centroids_soss}: order 1 as fitted (points with y > 2047 dropped, then interpolated back
     * onto 0…2047); orders 2 and 3 only where 0 ≤ y ≤ rows−1, interpolated onto 0…max(x)−1 (the last kept column
     * is excluded, as in exoTEDRF) and NaN beyond.
     */
    public static TraceCentroids postProcess(Fitted f, int rows) {
        // exoTEDRF compares order-1 y with dimx − 1 (it means dimy); kept as is, it never drops a point.
        double[] o1 = resample(f.orderOne(), COLS - 1, false);
        double[] o2 = f.orderTwo() == null ? nanArray() : resample(f.orderTwo(), rows - 1, true);
        double[] o3 = f.orderThree() == null ? nanArray() : resample(f.orderThree(), rows - 1, true);
        return new TraceCentroids(o1, o2, o3, SOURCE);
    }

    /**
     * Interpolates the points (x, y[x]) with y ≤ yMax back onto the columns; with {@code truncate}, only columns
     * 0…max(kept x)−1 get a value (NaN after), otherwise all 2048.
     */
    private static double[] resample(double[] y, double yMax, boolean truncate) {
        double[] xs = new double[COLS];
        double[] ys = new double[COLS];
        int n = 0;
        for (int x = 0; x < COLS; x++) {
            if (y[x] <= yMax) {
                xs[n] = x;
                ys[n++] = y[x];
            }
        }
        double[] out = nanArray();
        if (n == 0) {
            return out;
        }
        xs = Arrays.copyOf(xs, n);
        ys = Arrays.copyOf(ys, n);
        int len = truncate ? (int) xs[n - 1] : COLS;
        for (int x = 0; x < len; x++) {
            out[x] = Interp.interp(x, xs, ys);
        }
        return out;
    }

    /**
     * {@code calibrate_widths}: robust straight line of ln(width) against ln(λ) over the finite (λ, width) pairs
     * of orders 1 and 2 (order 3 contributes none).
     */
    static Polynomial calibrateWidths(double[] lambda1, double[] width1, double[] lambda2, double[] width2,
                                      String source) {
        double[] lnL = new double[2 * COLS];
        double[] lnW = new double[2 * COLS];
        for (int x = 0; x < COLS; x++) {
            lnL[x] = Math.log(lambda1[x]);
            lnW[x] = Math.log(width1[x]);
            lnL[COLS + x] = Math.log(lambda2[x]);
            lnW[COLS + x] = Math.log(width2[x]);
        }
        try {
            return RobustPolyfit.fit(lnL, lnW, 1);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source, "no SOSS trace widths found: " + e.getMessage(), e);
        }
    }

    /** λ(x) for x = 0…2047 from the trace table, or the approximate linear dispersion without one. */
    static double[] wavelengths(SpecTrace trace, int order) {
        double[] l = new double[COLS];
        for (int x = 0; x < COLS; x++) {
            l[x] = trace != null ? trace.wavelengthAt(order, x)
                    : APPROX_DISPERSION[order - 1][0] + x * APPROX_DISPERSION[order - 1][1] / 1000;
        }
        return l;
    }

    private static double[] fitOrThrow(double[] raw, int degree, String source, String what) {
        try {
            double[] x = new double[raw.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            return RobustPolyfit.fitColumns(x, raw, degree, RobustPolyfit.Clipping.MAD).valuesAtColumns(raw.length);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source, "no SOSS " + what + " trace found: " + e.getMessage(), e);
        }
    }

    static double defaultApex(Subarray subarray) {
        return switch (subarray) {
            case SUBSTRIP256 -> APEX_256;
            case SUBSTRIP96 -> APEX_256 - 10;
            case FULL -> APEX_256 + 1792;
        };
    }

    /** {@code build_mask_256}: masks all rows but [int(apex) − 40, int(apex) + 216). */
    static boolean[] rowBandMask(int rows, double apex) {
        int a = (int) apex;
        int lo = Math.max(a - 40, 0);
        int hi = Math.min(a + 216, rows);
        boolean[] m = new boolean[rows * COLS];
        Arrays.fill(m, true);
        if (hi > lo) {
            Arrays.fill(m, lo * COLS, hi * COLS, false);
        }
        return m;
    }

    /** Masks every pixel further than {@code halfwidth} rows from {@code centre} (whole columns where it is NaN). */
    static void markOutsideBand(boolean[] m, int rows, double[] centre, int halfwidth) {
        for (int x = 0; x < COLS; x++) {
            for (int y = 0; y < rows; y++) {
                if (!(Math.abs(y - centre[x]) <= halfwidth)) {
                    m[y * COLS + x] = true;
                }
            }
        }
    }

    /** Masks every column x ≥ x0. */
    private static void markColumnsFrom(boolean[] m, int rows, int x0) {
        for (int y = 0; y < rows; y++) {
            Arrays.fill(m, y * COLS + x0, (y + 1) * COLS, true);
        }
    }

    /** Masks pixels strictly below the line through (x1, y1) and (x2, y2): y − line(x) &lt; 0. */
    private static void markBelowLine(boolean[] m, int rows, double x1, double y1, double x2, double y2) {
        double slope = (y2 - y1) / (x2 - x1);
        for (int x = 0; x < COLS; x++) {
            double line = y1 + slope * (x - x1);
            for (int y = 0; y < rows && y - line < 0; y++) {
                m[y * COLS + x] = true;
            }
        }
    }

    /**
     * Masks the order-1 band and everything below it (|y − y1| &lt; 25 or y &lt; y1), and the order-3 band and
     * everything above it (|y − y3| &lt; 15 or y ≥ y3).
     */
    private static void markOrderBands(boolean[] m, int rows, double[] yO1, double[] yO3) {
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < COLS; x++) {
                double d1 = y - yO1[x];
                double d3 = y - yO3[x];
                if (Math.abs(d1) < HALFWIDTH_O1_BAND || d1 < 0 || Math.abs(d3) < HALFWIDTH_O3_BAND || d3 >= 0) {
                    m[y * COLS + x] = true;
                }
            }
        }
    }

    private static double nanmin(double[] a) {
        double m = Double.NaN;
        for (double v : a) {
            if (!Double.isNaN(v) && (Double.isNaN(m) || v < m)) {
                m = v;
            }
        }
        return m;
    }

    private static double[] nanArray() {
        double[] a = new double[COLS];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
