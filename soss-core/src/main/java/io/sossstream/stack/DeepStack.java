package io.sossstream.stack;

import io.sossstream.error.BadInputException;
import io.sossstream.segment.SegmentReader;
import io.sossstream.segment.Subarray;
import io.sossstream.ProgressListener;
import io.sossstream.Workers;
import io.sossstream.stats.NanStats;

import java.util.List;

/**
 * The deep stack of a time series: the per-pixel median over every integration ({@code np.nanmedian} along the
 * integration axis, as exoTEDRF's {@code make_deepstack}). Non-finite samples (NaN, ±inf) count as missing; a pixel
 * with no finite sample is NaN; an even count gives the mean of the two middle values.
 *
 * <p>The cube is never held whole: {@link #compute} reads a band of rows of every integration at a time, the band
 * height chosen so that the samples fit a memory budget. Reads and medians of a band are shared between the
 * {@link Workers}; each pixel's median is one task's, so the image does not depend on the thread count.
 */
public final class DeepStack {
    /** Most memory for the samples of one row band (64 MB of float32); less on a small heap, see {@link #defaultBudget}. */
    public static final long DEFAULT_BUDGET_BYTES = 64L << 20;
    /** Pixels per median task: a few rows, enough to amortise the task's buffers. */
    private static final int PIXELS_PER_TASK = 4 * Subarray.COLUMNS;

    private static final String TASK = "deep stack";
    /** Progress task of {@link #computeSparse}'s last pass. */
    private static final String LATE_TASK = "deep stack (late missing pixels)";

    private final int rows;
    private final int cols;
    private final float[] pixels;
    /** False for a {@link Sparse#model}: exact only where a consumer needs it, NaN elsewhere. */
    private final boolean complete;

    private DeepStack(int rows, int cols, float[] pixels) {
        this(rows, cols, pixels, true);
    }

    private DeepStack(int rows, int cols, float[] pixels, boolean complete) {
        if (rows <= 0 || cols <= 0 || pixels.length != rows * cols) {
            throw new IllegalArgumentException("image of " + pixels.length + " pixels is not " + rows + " × " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.complete = complete;
    }

    /** Wraps an existing image (row-major, {@code y * cols + x}), e.g. a stage-2 deep frame; the array is kept. */
    public static DeepStack ofImage(int rows, int cols, float[] pixels) {
        return new DeepStack(rows, cols, pixels);
    }

    /** As {@link #ofImage(int, int, float[])}, marked as a {@link Sparse#model} when {@code complete} is false. */
    public static DeepStack ofImage(int rows, int cols, float[] pixels, boolean complete) {
        return new DeepStack(rows, cols, pixels, complete);
    }

    /** Copies an existing double image (row-major) into a deep stack. */
    public static DeepStack ofImage(int rows, int cols, double[] pixels) {
        float[] f = new float[pixels.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) pixels[i];
        }
        return new DeepStack(rows, cols, f);
    }

    /** Median over all integrations of all readers with the {@link #defaultBudget() default memory budget}. */
    public static DeepStack compute(List<? extends SegmentReader> readers, ProgressListener progress) {
        return compute(readers, progress, defaultBudget());
    }

    /**
     * {@link #DEFAULT_BUDGET_BYTES}, or a quarter of the JVM's maximum heap when that is less: a run with a small
     * heap ({@code -Xmx128m}) reads more, thinner bands instead of failing.
     */
    public static long defaultBudget() {
        return Math.min(DEFAULT_BUDGET_BYTES, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * Median over all integrations of all readers, reading bands of {@link #rowsPerBlock} rows.
     * Progress is reported in integration-band reads ({@code total = integrations × bands}).
     *
     * @param budgetBytes memory allowed for the float samples of one band
     * @throws BadInputException if the readers disagree on the number of rows or hold no integration
     */
    public static DeepStack compute(List<? extends SegmentReader> readers, ProgressListener progress,
                                    long budgetBytes) {
        Cube cube = Cube.of(readers);
        int rows = cube.rows();
        int cols = Subarray.COLUMNS;
        int nInts = cube.integrations();
        int band = rowsPerBlock(budgetBytes, nInts, cols, rows);
        long total = (long) nInts * ((rows + band - 1) / band);
        long[] done = {0};
        float[][] samples = new float[nInts][band * cols];
        int[] every = java.util.stream.IntStream.range(0, nInts).toArray();
        float[] out = new float[rows * cols];
        for (int y0 = 0; y0 < rows; y0 += band) {
            int nRows = Math.min(band, rows - y0);
            int first = y0;
            Workers.forEach(nInts, j -> {
                cube.readSciRows(j, first, nRows, samples[j]);
                synchronized (done) {
                    progress.progress(TASK, ++done[0], total);
                }
            });
            int nPix = nRows * cols;
            Workers.forEach((nPix + PIXELS_PER_TASK - 1) / PIXELS_PER_TASK, t -> {
                int p0 = t * PIXELS_PER_TASK;
                medianOfPixels(samples, every, p0, Math.min(nPix, p0 + PIXELS_PER_TASK), out, first * cols);
            });
        }
        return new DeepStack(rows, cols, out);
    }

    /**
     * The deep stack where a consumer needs it, and a preview of the whole image: what a run with given centroids
     * computes instead of the full stack (the repair of missing pixels reads the deep stack only near the traces, and
     * only in columns with a missing pixel; the plot only needs a picture).
     *
     * @param model   the repair model, at the pixels {@code needed} marks (row-major, rows × cols), NaN elsewhere: the
     *                exact per-pixel median over every integration in the columns where a stacked integration misses
     *                a needed pixel (where the repair of these integrations reads it) and, where such a pixel has no
     *                finite sample, at its {@link #BRIDGE} neighbours on either side along x (what
     *                {@code BadPixelFiller} bridges it from); the preview's value in the other columns, which only a
     *                pixel missing in a later, unstacked integration makes the repair read
     * @param preview the per-pixel median over at most {@link #PREVIEW_INTEGRATIONS} integrations spread evenly over
     *                the cube ({@link #previewIntegrations}), at every pixel: for the deep-stack plot
     */
    public record Sparse(DeepStack model, DeepStack preview) {
    }

    /**
     * Integrations of the {@link Sparse#preview}: odd, so that each pixel's median is one of its samples; five reject
     * a cosmic ray in up to two of them, and the plot is a picture (fifteen cost 75 ms more for 60 integrations).
     */
    public static final int PREVIEW_INTEGRATIONS = 5;
    /** Neighbours along x a pixel without finite sample is bridged from (BadPixelFiller's rule). */
    public static final int BRIDGE = 3;

    /**
     * The integrations (indices into the readers' concatenated integrations) the {@link Sparse#preview} takes the
     * median of: all of them up to {@link #PREVIEW_INTEGRATIONS}, else that many spread evenly (centre of each of
     * that many equal slices).
     */
    public static int[] previewIntegrations(int nInts) {
        int m = Math.min(nInts, PREVIEW_INTEGRATIONS);
        int[] idx = new int[m];
        for (int k = 0; k < m; k++) {
            idx[k] = (int) ((2L * k + 1) * nInts / (2L * m));
        }
        return idx;
    }

    /** {@link #computeSparse(List, boolean[], ProgressListener, long)} with the {@link #defaultBudget()}. */
    public static Sparse computeSparse(List<? extends SegmentReader> readers, boolean[] needed, ProgressListener progress) {
        return computeSparse(readers, needed, progress, defaultBudget());
    }

    /**
     * The {@link Sparse} stacks of all integrations of all readers. The columns where the first integration misses a
     * needed pixel (static bad pixels: nearly all the columns the model must be exact in) come first, from that one
     * frame; then one pass over bands of {@link #rowsPerBlock} rows takes the preview, the exact medians in those
     * columns, and finds the columns where any integration misses a needed pixel (a band with no needed pixel is read
     * only for the preview's integrations); last, only if another integration misses a pixel in a column the first
     * does not, a pass takes the exact medians there. Most columns of a real strip have no missing pixel near the
     * traces, and their medians — most of the work of a full stack — are never taken. Progress in integration-band
     * reads, per pass.
     *
     * @param needed row-major rows × cols: the pixels the model must hold
     */
    public static Sparse computeSparse(List<? extends SegmentReader> readers, boolean[] needed, ProgressListener progress,
                                       long budgetBytes) {
        Cube cube = Cube.of(readers);
        int rows = cube.rows();
        int cols = Subarray.COLUMNS;
        if (needed.length != rows * cols) {
            throw new IllegalArgumentException("mask of " + needed.length + " pixels is not " + rows + " × " + cols);
        }
        boolean[] firstMissing = new boolean[cols];
        float[] frame = new float[rows * cols];
        cube.readSciRows(0, 0, rows, frame);
        markMissingColumns(frame, needed, 0, frame.length, cols, firstMissing);

        float[] preview = new float[rows * cols];
        float[] model = new float[rows * cols];
        java.util.Arrays.fill(model, Float.NaN);
        boolean[] computed = new boolean[rows * cols];
        boolean[] missing = new boolean[cols];
        int band = rowsPerBlock(budgetBytes, cube.integrations(), cols, rows);
        float[][] samples = new float[cube.integrations()][band * cols];
        bandPass(cube, inColumns(needed, firstMissing), needed, missing, preview, band, samples, model, computed,
                progress, TASK);
        boolean[] late = new boolean[cols];
        boolean anyLate = false;
        for (int x = 0; x < cols; x++) {
            late[x] = missing[x] && !firstMissing[x];
            anyLate |= late[x];
        }
        if (anyLate) {
            bandPass(cube, inColumns(needed, late), null, null, null, band, samples, model, computed, progress,
                    LATE_TASK);
        }
        for (int p = 0; p < model.length; p++) {
            if (needed[p] && !computed[p]) {
                model[p] = preview[p];
            }
        }
        return new Sparse(new DeepStack(rows, cols, model, false), new DeepStack(rows, cols, preview));
    }

    /** The needed pixels of the marked columns. */
    private static boolean[] inColumns(boolean[] needed, boolean[] column) {
        boolean[] out = new boolean[needed.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = needed[p] && column[p % column.length];
        }
        return out;
    }

    /**
     * A pass of {@link #computeSparse} over bands: exact medians over every integration at the {@code exact} pixels
     * and their bridges; unless null, the columns where an integration misses a {@code detect} pixel, and the
     * {@code preview} of every pixel. A band is read for every integration when it holds an exact or detect pixel,
     * else for the preview's integrations only (or not at all without a preview).
     */
    private static void bandPass(Cube cube, boolean[] exact, boolean[] detect, boolean[] missingColumn, float[] preview,
                                 int band, float[][] samples, float[] model, boolean[] computed,
                                 ProgressListener progress, String task) {
        int rows = cube.rows();
        int cols = Subarray.COLUMNS;
        int nInts = cube.integrations();
        int[] previewInts = previewIntegrations(nInts);
        boolean[] inPreview = new boolean[nInts];
        for (int i : previewInts) {
            inPreview[i] = true;
        }
        boolean[] all = new boolean[(rows + band - 1) / band];
        long total = 0;
        for (int b = 0; b < all.length; b++) {
            int from = b * band * cols;
            int to = Math.min(rows, (b + 1) * band) * cols;
            all[b] = any(exact, from, to) || detect != null && any(detect, from, to);
            total += all[b] ? nInts : preview != null ? previewInts.length : 0;
        }
        long grand = total;
        long[] done = {0};
        for (int b = 0; b < all.length; b++) {
            if (!all[b] && preview == null) {
                continue;
            }
            int first = b * band;
            int nRows = Math.min(band, rows - first);
            int nPix = nRows * cols;
            boolean every = all[b];
            Workers.forEach(nInts, j -> {
                if (every || inPreview[j]) {
                    cube.readSciRows(j, first, nRows, samples[j]);
                    if (every && detect != null) {
                        markMissingColumns(samples[j], detect, first * cols, nPix, cols, missingColumn);
                    }
                    synchronized (done) {
                        progress.progress(task, ++done[0], grand);
                    }
                }
            });
            Workers.forEach((nPix + PIXELS_PER_TASK - 1) / PIXELS_PER_TASK, t -> {
                int p0 = t * PIXELS_PER_TASK;
                int p1 = Math.min(nPix, p0 + PIXELS_PER_TASK);
                if (preview != null) {
                    medianOfPixels(samples, previewInts, p0, p1, preview, first * cols);
                }
                if (every) {
                    medianOfNeeded(samples, exact, p0, p1, model, computed, first * cols);
                }
            });
            if (every) {
                bridgeNeighbours(samples, exact, model, computed, first, nRows, cols);
            }
        }
    }

    /** Whether any of {@code mask[from, to)} is set. */
    private static boolean any(boolean[] mask, int from, int to) {
        for (int p = from; p < to; p++) {
            if (mask[p]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Marks the column of every needed pixel of a band's samples (band starting at image pixel {@code offset}) that is
     * missing (not finite once read). Threads only ever set entries, so concurrent calls on one array agree.
     */
    private static void markMissingColumns(float[] s, boolean[] needed, int offset, int nPix, int cols,
                                           boolean[] missingColumn) {
        for (int q = 0; q < nPix; q += TILE) {
            int end = Math.min(nPix, q + TILE);
            int acc = 0;
            for (int p = q; p < end; p++) {
                acc |= NanStats.notFiniteSign(s[p]);
            }
            if (acc >= 0) {
                continue;
            }
            for (int p = q; p < end; p++) {
                if (!Float.isFinite(s[p]) && needed[offset + p]) {
                    missingColumn[(offset + p) % cols] = true;
                }
            }
        }
    }

    /**
     * The integrations of all readers as one cube: integration {@code k} is integration {@code index[k]} of reader
     * {@code source[k]}.
     */
    private record Cube(int rows, SegmentReader[] source, int[] index) {
        /**
         * @throws IllegalArgumentException for no reader
         * @throws BadInputException        if the readers disagree on the number of rows or hold no integration
         */
        static Cube of(List<? extends SegmentReader> readers) {
            if (readers.isEmpty()) {
                throw new IllegalArgumentException("deep stack of no segment");
            }
            int rows = commonRows(readers);
            int nInts = 0;
            for (SegmentReader r : readers) {
                nInts += r.header().integrations();
            }
            if (nInts == 0) {
                throw new BadInputException(readers.get(0).header().fileName(), "no integration to stack");
            }
            SegmentReader[] source = new SegmentReader[nInts];
            int[] index = new int[nInts];
            int k = 0;
            for (SegmentReader r : readers) {
                for (int i = 0; i < r.header().integrations(); i++, k++) {
                    source[k] = r;
                    index[k] = i;
                }
            }
            return new Cube(rows, source, index);
        }

        int integrations() {
            return source.length;
        }

        void readSciRows(int k, int firstRow, int nRows, float[] dst) {
            source[k].readSciRows(index[k], firstRow, nRows, dst);
        }
    }

    /** Samples {@code [from, to)} of the needed pixels: their exact medians (tile by tile, as {@link #medianOfPixels}). */
    private static void medianOfNeeded(float[][] samples, boolean[] needed, int from, int to, float[] out,
                                       boolean[] computed, int offset) {
        int nInts = samples.length;
        float[] work = new float[nInts];
        float[] tile = null;
        for (int p0 = from; p0 < to; p0 += TILE) {
            int m = Math.min(TILE, to - p0);
            boolean any = false;
            for (int j = 0; j < m && !any; j++) {
                any = needed[offset + p0 + j];
            }
            if (!any) {
                continue;
            }
            if (tile == null) {
                tile = new float[TILE * nInts];
            }
            for (int k = 0; k < nInts; k++) {
                float[] s = samples[k];
                for (int j = 0; j < m; j++) {
                    tile[j * nInts + k] = s[p0 + j];
                }
            }
            for (int j = 0; j < m; j++) {
                if (needed[offset + p0 + j]) {
                    out[offset + p0 + j] = finiteMedian(tile, j * nInts, nInts, work);
                    computed[offset + p0 + j] = true;
                }
            }
        }
    }

    /**
     * The neighbours ({@link #BRIDGE} on either side along x, same row) of every needed pixel of the band that has no
     * finite sample: BadPixelFiller bridges such a pixel from them, so they must be exact too.
     */
    private static void bridgeNeighbours(float[][] samples, boolean[] needed, float[] model, boolean[] computed,
                                         int y0, int nRows, int cols) {
        float[] work = new float[samples.length];
        for (int y = y0; y < y0 + nRows; y++) {
            for (int x = 0; x < cols; x++) {
                int i = y * cols + x;
                if (!needed[i] || !Float.isNaN(model[i])) {
                    continue;
                }
                for (int n = Math.max(0, x - BRIDGE); n <= Math.min(cols - 1, x + BRIDGE); n++) {
                    int q = y * cols + n;
                    if (!computed[q]) {
                        int p = (y - y0) * cols + n;
                        int c = 0;
                        for (float[] s : samples) {
                            float v = s[p];
                            if (Float.isFinite(v)) {
                                work[c++] = v;
                            }
                        }
                        model[q] = median(work, c);
                        computed[q] = true;
                    }
                }
            }
        }
    }

    /** Median of the finite values among {@code tile[base, base + n)} (reordered in {@code work}). */
    private static float finiteMedian(float[] tile, int base, int n, float[] work) {
        int c = 0;
        for (int k = 0; k < n; k++) {
            float v = tile[base + k];
            if (Float.isFinite(v)) {
                work[c++] = v;
            }
        }
        return median(work, c);
    }

    /**
     * Per-pixel median over the integrations {@code ints} of samples {@code [from, to)}, written at
     * {@code out[offset + p]}. Samples are copied tile by tile into a pixel-major buffer, so that each integration's
     * band is read sequentially rather than one float per pixel.
     */
    private static void medianOfPixels(float[][] samples, int[] ints, int from, int to, float[] out, int offset) {
        int n = ints.length;
        float[] work = new float[n];
        float[] tile = new float[TILE * n];
        for (int p0 = from; p0 < to; p0 += TILE) {
            int m = Math.min(TILE, to - p0);
            for (int k = 0; k < n; k++) {
                float[] s = samples[ints[k]];
                for (int j = 0; j < m; j++) {
                    tile[j * n + k] = s[p0 + j];
                }
            }
            for (int j = 0; j < m; j++) {
                out[offset + p0 + j] = finiteMedian(tile, j * n, n, work);
            }
        }
    }

    /** Rows per band so that {@code nInts × rows × cols} floats fit {@code budgetBytes}; at least 1, at most rows. */
    public static int rowsPerBlock(long budgetBytes, int nInts, int cols, int rows) {
        long perRow = (long) nInts * cols * Float.BYTES;
        long r = budgetBytes / perRow;
        return (int) Math.max(1, Math.min(rows, r));
    }

    private static int commonRows(List<? extends SegmentReader> readers) {
        int rows = readers.get(0).header().rows();
        for (SegmentReader r : readers) {
            if (r.header().rows() != rows) {
                throw new BadInputException(r.header().fileName(), "has " + r.header().rows()
                        + " rows, other segments have " + rows);
            }
        }
        return rows;
    }

    /** Pixels gathered together: their samples (TILE × nInts floats) stay in cache while their medians are taken. */
    private static final int TILE = 64;

    /**
     * Median of the first {@code n} finite values of {@code a} (reordered): the middle value, or the mean of the two
     * middle values for even {@code n} (numpy); NaN for {@code n = 0}. Quickselect, O(n).
     */
    static float median(float[] a, int n) {
        if (n == 0) {
            return Float.NaN;
        }
        int hi = n / 2;
        float upper = select(a, n, hi);
        if ((n & 1) == 1) {
            return upper;
        }
        // After selection every value left of hi is ≤ upper: the lower middle is their maximum.
        float lower = a[0];
        for (int i = 1; i < hi; i++) {
            if (a[i] > lower) {
                lower = a[i];
            }
        }
        return (float) (0.5 * ((double) lower + upper));
    }

    /**
     * Quickselect: puts the k-th smallest of {@code a[0..n)} at {@code a[k]}, every smaller-ranked value left of it,
     * and returns it. Each partition is branch-free (Lomuto with the swap always done: a value not below the pivot
     * swaps with one not below it either), so the data's randomness costs no mispredicted branches; a second
     * branch-free pass splits off the values equal to the pivot, so a pixel with many equal samples stays linear.
     */
    private static float select(float[] a, int n, int k) {
        int lo = 0;
        int hi = n; // exclusive
        while (hi - lo > 1) {
            float pivot = medianOfThree(a[lo], a[(lo + hi - 1) >>> 1], a[hi - 1]);
            int below = lo;
            for (int i = lo; i < hi; i++) {
                float v = a[i];
                a[i] = a[below];
                a[below] = v;
                below += v < pivot ? 1 : 0;
            }
            if (k < below) {
                hi = below;
                continue;
            }
            int equal = below;
            for (int i = below; i < hi; i++) {
                float v = a[i];
                a[i] = a[equal];
                a[equal] = v;
                equal += v == pivot ? 1 : 0;
            }
            if (k < equal) {
                return pivot;
            }
            lo = equal;
        }
        return a[k];
    }

    private static float medianOfThree(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /**
     * Whether every pixel holds its median: false for a {@link Sparse#model}, which holds it only at the pixels it was
     * computed for (NaN elsewhere).
     */
    public boolean complete() {
        return complete;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The image, row-major ({@code y * cols + x}); the live array, do not modify. */
    public float[] pixels() {
        return pixels;
    }

    /** Pixel (y, x). */
    public double get(int y, int x) {
        return pixels[y * cols + x];
    }

    /** A double copy of the image, row-major. */
    public double[] toDoubleArray() {
        double[] d = new double[pixels.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = pixels[i];
        }
        return d;
    }
}
