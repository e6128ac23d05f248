package io.sossstream.extract;

import io.sossstream.segment.Frame;
import io.sossstream.stats.NanStats;

import java.util.Arrays;

/**
 * White-light aperture optimisation (exoTEDRF {@code extract_width='optimize'}): for every integer width
 * W = 10…60, the white-light curve wlc_W[t] = nansum_x F_W(t, x) and its point-to-point scatter
 * s_W = median_t |½(wlc[t−1] + wlc[t+1]) − wlc[t]|; the smallest score wins (first on ties, like
 * {@code np.argmin}). The score is the {@link Metric}: exoTEDRF scores s_W itself (DN/s), which under photon noise
 * always picks the narrowest aperture (the absolute scatter grows as √flux with the aperture while the relative
 * scatter falls); {@link Metric#RELATIVE} scores s_W / median_t wlc_W in ppm, the precision a light-curve fit sees.
 *
 * <p>Streaming: {@link #accept(Frame)} takes integrations one by one, in time order, and keeps only the
 * white-light curves (one double per width per integration); a parallel pass computes each frame's
 * {@link #whiteLights} on its own thread and {@link #add}s them in time order. exoTEDRF re-extracts the whole cube
 * per width; here each frame gets one cumulative sum along y per column, over the rows the boxes of that column
 * hold (NaN pixels counted separately), after which the whole-row sum of any aperture is one subtraction. The edge
 * rows and weights come from {@link BoxAperture}, as in {@link BoxExtractor}, so the curves equal BoxExtractor's to
 * rounding. A column whose aperture holds a NaN pixel
 * (non-zero weight) is NaN for that width and drops out of the nansum.
 */
public final class WidthOptimizer {
    /** How a width is scored. */
    public enum Metric {
        /** Point-to-point white-light scatter relative to the median white-light flux, ppm (default). */
        RELATIVE("ppm"),
        /** exoTEDRF's absolute point-to-point white-light scatter, DN/s. */
        EXOTEDRF("DN/s");

        private final String unit;

        Metric(String unit) {
            this.unit = unit;
        }

        public String unit() {
            return unit;
        }
    }

    public static final int MIN_WIDTH = 10;
    public static final int MAX_WIDTH = 60;

    private final BoxAperture[] apertures;
    private final int rows;
    private final int cols;
    /**
     * Rows [sumFrom[x], sumTo[x]) of column x that some box holds whole: the prefix sums of the column run over
     * these rows only, so that a box's flux depends on its own pixels alone (not, through rounding, on the pixels
     * below it) and a frame needs repairing only where the boxes are.
     */
    private final int[] sumFrom;
    private final int[] sumTo;
    /** The lowest {@link #sumFrom} and the highest {@link #sumTo}: the rows a frame's prefix sums run over. */
    private final int cumFrom;
    private final int cumRows;
    private double[][] wlc;
    private int nint;
    /** {@link #accept}'s own prefix sums (allocated on first use: a parallel pass brings its own). */
    private Sums own;

    /** Widths 10…60 around {@code centres} (NaN = column not extracted), for frames of {@code dimy} rows. */
    public WidthOptimizer(double[] centres, int dimy) {
        this(centres, dimy, MIN_WIDTH, MAX_WIDTH);
    }

    /** Integer widths {@code minWidth}…{@code maxWidth}. */
    public WidthOptimizer(double[] centres, int dimy, int minWidth, int maxWidth) {
        if (minWidth < 1 || maxWidth < minWidth) {
            throw new IllegalArgumentException("bad width range " + minWidth + "…" + maxWidth);
        }
        apertures = new BoxAperture[maxWidth - minWidth + 1];
        for (int k = 0; k < apertures.length; k++) {
            apertures[k] = BoxAperture.of(centres, minWidth + k, dimy);
        }
        rows = dimy;
        cols = centres.length;
        sumFrom = new int[cols];
        sumTo = new int[cols];
        for (int x = 0; x < cols; x++) {
            int from = dimy;
            int to = 0;
            for (BoxAperture a : apertures) {
                if (a.isExtracted(x) && a.wholeEnd(x) > a.wholeStart(x)) {
                    from = Math.min(from, a.wholeStart(x));
                    to = Math.max(to, a.wholeEnd(x));
                }
            }
            sumFrom[x] = Math.min(from, to);
            sumTo[x] = to;
        }
        cumFrom = Arrays.stream(sumFrom).min().orElse(0);
        cumRows = Arrays.stream(sumTo).max().orElse(0);
        wlc = new double[apertures.length][64];
    }

    /**
     * The prefix sums {@link #whiteLights} works in: one per thread, reused frame after frame (a frame's sums are
     * (rows up to the highest box end + 1) × cols doubles, too many to allocate per integration).
     */
    public final class Sums {
        /** See {@link #cumulate}. */
        private final double[] cum = new double[(cumRows + 1) * cols];
        private final int[] nanCount = new int[(cumRows + 1) * cols];
    }

    /** Prefix sums for one thread's {@link #whiteLights} calls. */
    public Sums newSums() {
        return new Sums();
    }

    /** Adds one integration (the next in time): {@link #add}({@link #whiteLights}(frame)). */
    public void accept(Frame frame) {
        if (own == null) {
            own = newSums();
        }
        add(whiteLights(frame, own));
    }

    /**
     * The white-light flux of every width (10…60 in order) in one frame. Safe on several threads at once, each with
     * its own {@code sums}: a pass over the integrations can take them in parallel and {@link #add} them in time
     * order.
     */
    public double[] whiteLights(Frame frame, Sums sums) {
        if (frame.rows != rows || frame.cols != cols) {
            throw new IllegalArgumentException("frame is " + frame.rows + "x" + frame.cols
                    + " but the optimiser is for " + rows + "x" + cols);
        }
        cumulate(frame.sci, sums);
        double[] w = new double[apertures.length];
        for (int k = 0; k < apertures.length; k++) {
            w[k] = whiteLight(apertures[k], frame.sci, sums);
        }
        return w;
    }

    /** Adds the next integration in time, by its {@link #whiteLights}. */
    public void add(double[] whiteLights) {
        if (whiteLights.length != apertures.length) {
            throw new IllegalArgumentException(whiteLights.length + " white-light fluxes for " + apertures.length
                    + " widths");
        }
        if (nint == wlc[0].length) {
            for (int k = 0; k < wlc.length; k++) {
                wlc[k] = Arrays.copyOf(wlc[k], 2 * nint);
            }
        }
        for (int k = 0; k < apertures.length; k++) {
            wlc[k][nint] = whiteLights[k];
        }
        nint++;
    }

    /**
     * The column prefix sums of a frame over each column's rows [sumFrom, sumTo): cum[(r)·cols + x] =
     * Σ_{sumFrom[x] ≤ r' < r} D[r', x] with NaN as 0 (nanCount likewise counts the NaNs). Entries outside a column's
     * rows are never read: a box with no whole row subtracts an entry from itself.
     */
    private void cumulate(float[] sci, Sums sums) {
        double[] cum = sums.cum;
        int[] nanCount = sums.nanCount;
        for (int x = 0; x < cols; x++) {
            cum[sumFrom[x] * cols + x] = 0;
            nanCount[sumFrom[x] * cols + x] = 0;
        }
        for (int r = cumFrom; r < cumRows; r++) {
            int src = r * cols;
            int prev = r * cols;
            int next = prev + cols;
            for (int x = 0; x < cols; x++) {
                if (r < sumFrom[x] || r >= sumTo[x]) {
                    continue;
                }
                float d = sci[src + x];
                boolean nan = d != d;
                cum[next + x] = cum[prev + x] + (nan ? 0.0 : d);
                nanCount[next + x] = nanCount[prev + x] + (nan ? 1 : 0);
            }
        }
    }

    /** nansum over columns of one aperture's box flux. */
    private double whiteLight(BoxAperture a, float[] sci, Sums sums) {
        double[] cum = sums.cum;
        int[] nanCount = sums.nanCount;
        double total = 0;
        for (int x = 0; x < cols; x++) {
            if (!a.isExtracted(x)) {
                continue;
            }
            int s = a.wholeStart(x) * cols + x;
            int e = a.wholeEnd(x) * cols + x;
            if (nanCount[e] != nanCount[s]) {
                continue;
            }
            double f = cum[e] - cum[s];
            double pf = 0;
            int up = a.upperRow(x);
            if (up >= 0) {
                pf = a.upperWeight(x) * sci[up * cols + x];
            }
            int lo = a.lowerRow(x);
            if (lo >= 0) {
                pf += a.lowerWeight(x) * sci[lo * cols + x];
            }
            double col = f + pf;
            if (col == col) {
                total += col;
            }
        }
        return total;
    }

    /** Integrations accepted so far. */
    public int integrations() {
        return nint;
    }

    /** White-light curve of width {@code width} so far (a copy). */
    public double[] whiteLightCurve(int width) {
        return Arrays.copyOf(wlc[width - (int) apertures[0].width()], nint);
    }

    /** The scores of all widths and the winner under a metric; needs at least 3 integrations. */
    public Result result(Metric metric) {
        if (nint < 3) {
            throw new IllegalStateException("width optimisation needs at least 3 integrations, got " + nint);
        }
        int[] widths = new int[apertures.length];
        double[] scores = new double[apertures.length];
        double[] work = new double[nint - 2];
        int best = 0;
        for (int k = 0; k < apertures.length; k++) {
            widths[k] = (int) apertures[k].width();
            scores[k] = NanStats.medianScatter(wlc[k], nint, work);
            if (metric == Metric.RELATIVE) {
                scores[k] *= 1e6 / median(wlc[k], nint, work);
            }
            if (isLess(scores[k], scores[best])) {
                best = k;
            }
        }
        return new Result(widths[best], widths, scores, metric);
    }

    /** median_t w[t] (np.median). */
    private static double median(double[] w, int n, double[] work) {
        double[] a = Arrays.copyOf(w, n);
        Arrays.sort(a);
        return (n & 1) == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
    }

    /** np.argmin order: NaN is smallest (the first NaN wins), otherwise strictly less. */
    private static boolean isLess(double a, double b) {
        if (b != b) {
            return false;
        }
        return a != a || a < b;
    }

    /**
     * Outcome of the optimisation.
     *
     * @param bestWidth the width with the smallest white-light scatter
     * @param widths    the widths tried, increasing
     * @param scores    the score of each width (for the diagnostic plot), in {@code metric.unit()}
     * @param metric    how the widths were scored
     */
    public record Result(int bestWidth, int[] widths, double[] scores, Metric metric) {
    }
}
