package io.sossstream.trace;

/**
 * APPLESOSS edge-trigger trace finder (spec §1, {@code edge_trigger} and {@code get_centroids_edgetrigger}).
 * Per column, a running least-squares slope along y finds the rising (bottom) and falling (top) edges of the
 * trace; the "combined" centre is where the rising edge and the falling edge one trace width higher are both
 * steepest, over widths 18…26 px.
 *
 * <p>Images are row-major ({@code y * cols + x}); NaN pixels are missing.
 */
public final class EdgeTrigger {
    /** Half-size of the slope window used by exoTEDRF (5-row windows). */
    public static final int DEFAULT_HALFWIDTH = 2;
    /** Trace widths scanned by the combined mode, inclusive. */
    static final int MIN_WIDTH = 18;
    static final int MAX_WIDTH = 26;
    /** Reference pixels on each side of the light-sensitive area. */
    static final int REF_PIXELS = 4;

    /** Which per-column position a fit uses. */
    public enum Mode {
        /** Trace centre from both edges. */
        COMBINED,
        /** Falling edge, the strongest negative slope (APPLESOSS {@code topedge} = {@code ytrace_min}). */
        TOPEDGE,
        /** Rising edge, the strongest positive slope (APPLESOSS {@code bottomedge} = {@code ytrace_max}). */
        BOTTOMEDGE
    }

    /**
     * Raw per-column results; NaN where nothing was found.
     *
     * @param bottomEdge row of the largest slope ({@code ytrace_max})
     * @param topEdge    row of the smallest slope ({@code ytrace_min})
     * @param centre     combined centre r + w/2 at the best row r and width w
     * @param width      combined best width w
     */
    public record Edges(double[] bottomEdge, double[] topEdge, double[] centre, double[] width) {
        /** The positions a mode selects. */
        public double[] positions(Mode mode) {
            return switch (mode) {
                case COMBINED -> centre;
                case TOPEDGE -> topEdge;
                case BOTTOMEDGE -> bottomEdge;
            };
        }
    }

    private EdgeTrigger() {
    }

    /** Runs the edge trigger on every column of {@code image} (NaN = masked). */
    public static Edges edges(double[] image, int rows, int cols, int halfwidth) {
        double[] slope = slopes(image, rows, cols, halfwidth);
        double[] ymax = new double[cols];
        double[] ymin = new double[cols];
        double[] centre = new double[cols];
        double[] width = new double[cols];
        for (int x = 0; x < cols; x++) {
            extremeEdges(slope, rows, cols, x, ymax, ymin);
            combined(slope, rows, cols, x, centre, width);
        }
        return new Edges(ymax, ymin, centre, width);
    }

    /**
     * Least-squares slope of value against row over rows r−h…r+h (finite samples only), for r in [h, rows−h);
     * 0 elsewhere and where fewer than 3 samples are finite. Column-major ({@code x * rows + r}) so that the
     * per-column scans below read contiguous memory.
     */
    static double[] slopes(double[] image, int rows, int cols, int h) {
        double[] s = new double[rows * cols];
        for (int r = h; r < rows - h; r++) {
            for (int x = 0; x < cols; x++) {
                int n = 0;
                double sy = 0;
                double sv = 0;
                for (int y = r - h; y <= r + h; y++) {
                    double v = image[y * cols + x];
                    if (Double.isFinite(v)) {
                        n++;
                        sy += y;
                        sv += v;
                    }
                }
                if (n < 3) {
                    continue;
                }
                double ym = sy / n;
                double vm = sv / n;
                double num = 0;
                double den = 0;
                for (int y = r - h; y <= r + h; y++) {
                    double v = image[y * cols + x];
                    if (Double.isFinite(v)) {
                        num += (y - ym) * (v - vm);
                        den += (y - ym) * (y - ym);
                    }
                }
                s[x * rows + r] = num / den;
            }
        }
        return s;
    }

    /** First argmax / argmin of the slope down column x; NaN if the extremum is 0. */
    private static void extremeEdges(double[] s, int rows, int cols, int x, double[] ymax, double[] ymin) {
        int amax = 0;
        int amin = 0;
        for (int r = 1; r < rows; r++) {
            double v = s[x * rows + r];
            if (v > s[x * rows + amax]) {
                amax = r;
            }
            if (v < s[x * rows + amin]) {
                amin = r;
            }
        }
        ymax[x] = s[x * rows + amax] != 0 ? amax : Double.NaN;
        ymin[x] = s[x * rows + amin] != 0 ? amin : Double.NaN;
    }

    /** Best s[r] − s[r+w] over r and w = 18…26 (strictly better than earlier widths, starting from 0). */
    private static void combined(double[] s, int rows, int cols, int x, double[] centre, double[] width) {
        double best = 0;
        int bestRow = 0;
        int bestWidth = 0;
        for (int w = MIN_WIDTH; w <= MAX_WIDTH; w++) {
            double vmax = Double.NEGATIVE_INFINITY;
            int amax = 0;
            for (int r = 0; r < rows; r++) {
                double shifted = r + w < rows ? s[x * rows + r + w] : 0.0;
                double v = s[x * rows + r] - shifted;
                if (v > vmax) {
                    vmax = v;
                    amax = r;
                }
            }
            if (vmax > best) {
                best = vmax;
                bestRow = amax;
                bestWidth = w;
            }
        }
        centre[x] = best != 0 ? bestRow + bestWidth / 2.0 : Double.NaN;
        width[x] = best != 0 ? bestWidth : Double.NaN;
    }

    /**
     * {@code get_image_dim}'s reference-pixel mask: columns 0–3 and cols−4…cols−1 always; rows 252–255 for a
     * 256-row image, rows 0–3 and 2044–2047 for a 2048-row image, none for 96 rows. {@code true} = masked.
     */
    public static boolean[] referencePixelMask(int rows, int cols) {
        boolean[] m = new boolean[rows * cols];
        for (int y = 0; y < rows; y++) {
            for (int k = 0; k < REF_PIXELS; k++) {
                m[y * cols + k] = true;
                m[y * cols + cols - 1 - k] = true;
            }
        }
        if (rows == 256 || rows == 2048) {
            maskRows(m, cols, rows - REF_PIXELS, rows);
        }
        if (rows == 2048) {
            maskRows(m, cols, 0, REF_PIXELS);
        }
        return m;
    }

    private static void maskRows(boolean[] m, int cols, int y0, int y1) {
        java.util.Arrays.fill(m, y0 * cols, y1 * cols, true);
    }

    /**
     * {@code get_centroids_edgetrigger}: masks {@code mask} and the reference pixels, runs the edge trigger and
     * returns the raw positions of {@code mode} (NaN where none) together with the raw widths.
     */
    public static Edges measure(double[] image, int rows, int cols, boolean[] mask, int halfwidth) {
        boolean[] ref = referencePixelMask(rows, cols);
        double[] masked = new double[image.length];
        for (int i = 0; i < image.length; i++) {
            masked[i] = (ref[i] || (mask != null && mask[i])) ? Double.NaN : image[i];
        }
        return edges(masked, rows, cols, halfwidth);
    }

    /**
     * Fits {@code positions} (one per column, NaN = none) with {@link RobustPolyfit} and evaluates the polynomial
     * at every column 0…n−1, extrapolating over masked columns.
     */
    public static double[] fitColumns(double[] positions, int degree) {
        double[] x = new double[positions.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return RobustPolyfit.fitColumns(x, positions, degree).valuesAtColumns(positions.length);
    }
}
