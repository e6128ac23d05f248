package io.sossstream.segment;

import java.util.Arrays;

/**
 * The pixels of a frame a consumer needs (e.g. the box apertures of orders 1 and 2 and the band the bad-pixel repair
 * scales by), so that a reader converts, masks and checks only those ({@link SegmentReader#read(int, Frame,
 * PixelWindow)}): as runs of columns per row, in row order.
 */
public final class PixelWindow {
    private final int rows;
    private final int cols;
    /** Runs of row y are {@code [runFrom[k], runTo[k])} for k in {@code [rowRuns[y], rowRuns[y + 1])}. */
    private final int[] rowRuns;
    private final int[] runFrom;
    private final int[] runTo;
    private final int firstRow;
    private final int endRow;
    private final int pixels;

    /** @param bits row-major bit set, {@code words} longs per row */
    private PixelWindow(int rows, int cols, long[] bits, int words) {
        this.rows = rows;
        this.cols = cols;
        rowRuns = new int[rows + 1];
        int[] from = new int[64];
        int[] to = new int[64];
        int k = 0;
        int first = -1;
        int end = 0;
        int n = 0;
        for (int y = 0; y < rows; y++) {
            rowRuns[y] = k;
            int base = y * words;
            int x = nextSet(bits, base, words, 0);
            while (x >= 0) {
                int stop = nextClear(bits, base, words, x, cols);
                if (k == from.length) {
                    from = Arrays.copyOf(from, 2 * k);
                    to = Arrays.copyOf(to, 2 * k);
                }
                from[k] = x;
                to[k] = stop;
                k++;
                n += stop - x;
                x = stop < cols ? nextSet(bits, base, words, stop) : -1;
            }
            if (rowRuns[y] < k) {
                first = first < 0 ? y : first;
                end = y + 1;
            }
        }
        rowRuns[rows] = k;
        runFrom = Arrays.copyOf(from, k);
        runTo = Arrays.copyOf(to, k);
        firstRow = first < 0 ? 0 : first;
        endRow = end;
        pixels = n;
    }

    /** The first set bit at or after x in the row's words, or −1. */
    private static int nextSet(long[] bits, int base, int words, int x) {
        int w = x >>> 6;
        if (w >= words) {
            return -1;
        }
        long word = bits[base + w] & (-1L << (x & 63));
        while (word == 0) {
            if (++w == words) {
                return -1;
            }
            word = bits[base + w];
        }
        return (w << 6) + Long.numberOfTrailingZeros(word);
    }

    /** The first clear bit at or after x in the row's words, or cols. */
    private static int nextClear(long[] bits, int base, int words, int x, int cols) {
        int w = x >>> 6;
        long word = ~bits[base + w] & (-1L << (x & 63));
        while (word == 0) {
            if (++w == words) {
                return cols;
            }
            word = ~bits[base + w];
        }
        return Math.min(cols, (w << 6) + Long.numberOfTrailingZeros(word));
    }

    /** Collects the pixels of a window column by column. */
    public static final class Builder {
        private final int rows;
        private final int cols;
        private final int words;
        private final long[] bits;

        public Builder(int rows, int cols) {
            this.rows = rows;
            this.cols = cols;
            this.words = (cols + 63) >>> 6;
            this.bits = new long[rows * words];
        }

        /** Adds rows {@code [y0, y1)} of column x (clipped to the frame). */
        public Builder add(int x, int y0, int y1) {
            if (x < 0 || x >= cols) {
                throw new IndexOutOfBoundsException("column " + x + " outside 0…" + (cols - 1));
            }
            long bit = 1L << (x & 63);
            for (int y = Math.max(0, y0), i = y * words + (x >>> 6); y < Math.min(rows, y1); y++, i += words) {
                bits[i] |= bit;
            }
            return this;
        }

        public PixelWindow build() {
            return new PixelWindow(rows, cols, bits, words);
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** First row holding a pixel of the window (0 when empty). */
    public int firstRow() {
        return firstRow;
    }

    /** End (exclusive) of the rows holding a pixel of the window (0 when empty). */
    public int endRow() {
        return endRow;
    }

    /** Index of the first run of row y; the runs of row y end at {@code firstRun(y + 1)}. */
    public int firstRun(int y) {
        return rowRuns[y];
    }

    /** First column of run k. */
    public int runFrom(int k) {
        return runFrom[k];
    }

    /** End (exclusive) column of run k. */
    public int runTo(int k) {
        return runTo[k];
    }

    /** What is done with each run of the window: columns {@code [from, to)} of row y. */
    @FunctionalInterface
    public interface RunAction {
        void accept(int y, int from, int to);
    }

    /** Calls {@code action} for every run, in row order and, within a row, in column order. */
    public void forEachRun(RunAction action) {
        for (int y = firstRow; y < endRow; y++) {
            for (int k = rowRuns[y]; k < rowRuns[y + 1]; k++) {
                action.accept(y, runFrom[k], runTo[k]);
            }
        }
    }

    /**
     * Per column x, the rows {@code [lo[x], hi[x])} from the window's first to its last pixel in that column
     * ({@code lo[x] = hi[x] = 0} for a column without any).
     */
    public void columnSpans(int[] lo, int[] hi) {
        Arrays.fill(lo, rows);
        Arrays.fill(hi, 0);
        forEachRun((y, from, to) -> {
            for (int x = from; x < to; x++) {
                lo[x] = Math.min(lo[x], y);
                hi[x] = y + 1;
            }
        });
        for (int x = 0; x < cols; x++) {
            if (hi[x] == 0) {
                lo[x] = 0;
            }
        }
    }

    /** The window as a row-major rows × cols mask. */
    public boolean[] mask() {
        boolean[] m = new boolean[rows * cols];
        forEachRun((y, from, to) -> Arrays.fill(m, y * cols + from, y * cols + to, true));
        return m;
    }

    /** Number of pixels in the window. */
    public int pixels() {
        return pixels;
    }
}
