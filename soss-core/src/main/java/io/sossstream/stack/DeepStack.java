package io.sossstream.stack;

import io.sossstream.error.BadInputException;
import io.sossstream.segment.SegmentReader;
import io.sossstream.segment.Subarray;
import io.sossstream.ProgressListener;

import java.util.List;

/**
 * The deep stack of a time series: the per-pixel median over every integration ({@code np.nanmedian} along the
 * integration axis, as exoTEDRF's {@code make_deepstack}). Non-finite samples (NaN, ±inf) count as missing; a pixel
 * with no finite sample is NaN; an even count gives the mean of the two middle values.
 *
 * <p>The cube is never held whole: {@link #compute} reads a band of rows of every integration at a time, the band
 * height chosen so that the samples fit a memory budget.
 */
public final class DeepStack {
    /** Default memory for the samples of one row band (64 MB of float32). */
    public static final long DEFAULT_BUDGET_BYTES = 64L << 20;

    private static final String TASK = "deep stack";

    private final int rows;
    private final int cols;
    private final float[] pixels;

    private DeepStack(int rows, int cols, float[] pixels) {
        if (rows <= 0 || cols <= 0 || pixels.length != rows * cols) {
            throw new IllegalArgumentException("image of " + pixels.length + " pixels is not " + rows + " × " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
    }

    /** Wraps an existing image (row-major, {@code y * cols + x}), e.g. a stage-2 deep frame; the array is kept. */
    public static DeepStack ofImage(int rows, int cols, float[] pixels) {
        return new DeepStack(rows, cols, pixels);
    }

    /** Copies an existing double image (row-major) into a deep stack. */
    public static DeepStack ofImage(int rows, int cols, double[] pixels) {
        float[] f = new float[pixels.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) pixels[i];
        }
        return new DeepStack(rows, cols, f);
    }

    /** Median over all integrations of all readers with the {@link #DEFAULT_BUDGET_BYTES default memory budget}. */
    public static DeepStack compute(List<? extends SegmentReader> readers, ProgressListener progress) {
        return compute(readers, progress, DEFAULT_BUDGET_BYTES);
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
        if (readers.isEmpty()) {
            throw new IllegalArgumentException("deep stack of no segment");
        }
        int rows = commonRows(readers);
        int cols = Subarray.COLUMNS;
        int nInts = 0;
        for (SegmentReader r : readers) {
            nInts += r.header().integrations();
        }
        if (nInts == 0) {
            throw new BadInputException(readers.get(0).header().fileName(), "no integration to stack");
        }
        int band = rowsPerBlock(budgetBytes, nInts, cols, rows);
        int nBands = (rows + band - 1) / band;
        long total = (long) nInts * nBands;
        long done = 0;

        float[][] samples = new float[nInts][band * cols];
        float[] work = new float[nInts];
        float[] tile = new float[TILE * nInts];
        float[] out = new float[rows * cols];
        for (int y0 = 0; y0 < rows; y0 += band) {
            int nRows = Math.min(band, rows - y0);
            int k = 0;
            for (SegmentReader r : readers) {
                int n = r.header().integrations();
                for (int i = 0; i < n; i++) {
                    r.readSciRows(i, y0, nRows, samples[k++]);
                    progress.progress(TASK, ++done, total);
                }
            }
            medianOfBand(samples, nRows * cols, tile, work, out, y0 * cols);
        }
        return new DeepStack(rows, cols, out);
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
     * Per-pixel median of the first {@code nPix} samples of every integration, written at {@code out[offset...]}.
     * Samples are copied tile by tile into a pixel-major buffer, so that each integration's band is read
     * sequentially rather than one float per pixel.
     */
    private static void medianOfBand(float[][] samples, int nPix, float[] tile, float[] work, float[] out,
                                     int offset) {
        int nInts = samples.length;
        for (int p0 = 0; p0 < nPix; p0 += TILE) {
            int m = Math.min(TILE, nPix - p0);
            for (int k = 0; k < nInts; k++) {
                float[] s = samples[k];
                for (int j = 0; j < m; j++) {
                    tile[j * nInts + k] = s[p0 + j];
                }
            }
            for (int j = 0; j < m; j++) {
                int n = 0;
                int base = j * nInts;
                for (int k = 0; k < nInts; k++) {
                    float v = tile[base + k];
                    if (Float.isFinite(v)) {
                        work[n++] = v;
                    }
                }
                out[offset + p0 + j] = median(work, n);
            }
        }
    }

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

    /** Hoare quickselect: puts the k-th smallest of {@code a[0..n)} at {@code a[k]} and returns it. */
    private static float select(float[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            float pivot = medianOfThree(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break; // a[j+1 .. i-1] all equal the pivot
            }
        }
        return a[k];
    }

    private static float medianOfThree(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
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
