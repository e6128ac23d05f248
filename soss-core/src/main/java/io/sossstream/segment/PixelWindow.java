package io.sossstream.segment;

/**
 * The pixels of a frame a consumer needs (e.g. the box apertures of orders 1 and 2 and the band the bad-pixel repair
 * scales by), so that a reader converts, masks and checks only those ({@link SegmentReader#read(int, Frame,
 * PixelWindow)}): as runs of columns per row, in row order, and the bounding rows of every column.
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
    private final int[] columnFirst;
    private final int[] columnEnd;
    private final int pixels;

    private PixelWindow(int rows, int cols, boolean[] inside) {
        this.rows = rows;
        this.cols = cols;
        rowRuns = new int[rows + 1];
        int runs = 0;
        for (int y = 0; y < rows; y++) {
            for (int x = 0, i = y * cols; x < cols; x++, i++) {
                if (inside[i] && (x == 0 || !inside[i - 1])) {
                    runs++;
                }
            }
        }
        runFrom = new int[runs];
        runTo = new int[runs];
        columnFirst = new int[cols];
        columnEnd = new int[cols];
        java.util.Arrays.fill(columnFirst, rows);
        int k = 0;
        int first = rows;
        int end = 0;
        int n = 0;
        for (int y = 0; y < rows; y++) {
            rowRuns[y] = k;
            for (int x = 0, i = y * cols; x < cols; x++, i++) {
                if (!inside[i]) {
                    continue;
                }
                if (x == 0 || !inside[i - 1]) {
                    runFrom[k] = x;
                    k++;
                }
                runTo[k - 1] = x + 1;
                columnFirst[x] = Math.min(columnFirst[x], y);
                columnEnd[x] = y + 1;
                first = Math.min(first, y);
                end = y + 1;
                n++;
            }
        }
        rowRuns[rows] = k;
        firstRow = Math.min(first, end);
        endRow = end;
        pixels = n;
    }

    /** Collects the pixels of a window column by column. */
    public static final class Builder {
        private final int rows;
        private final int cols;
        private final boolean[] inside;

        public Builder(int rows, int cols) {
            this.rows = rows;
            this.cols = cols;
            this.inside = new boolean[rows * cols];
        }

        /** Adds rows {@code [y0, y1)} of column x (clipped to the frame). */
        public Builder add(int x, int y0, int y1) {
            for (int y = Math.max(0, y0); y < Math.min(rows, y1); y++) {
                inside[y * cols + x] = true;
            }
            return this;
        }

        public PixelWindow build() {
            return new PixelWindow(rows, cols, inside);
        }
    }

    /** The whole frame. */
    public static PixelWindow full(int rows, int cols) {
        boolean[] all = new boolean[rows * cols];
        java.util.Arrays.fill(all, true);
        return new PixelWindow(rows, cols, all);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** First row holding a pixel of the window ({@link #endRow()} when empty). */
    public int firstRow() {
        return firstRow;
    }

    /** End (exclusive) of the rows holding a pixel of the window. */
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

    /** First row of column x inside the window ({@link #rows()} when none). */
    public int columnFirst(int x) {
        return columnFirst[x];
    }

    /** End (exclusive) of the rows of column x inside the window (0 when none). */
    public int columnEnd(int x) {
        return columnEnd[x];
    }

    /** Number of pixels in the window. */
    public int pixels() {
        return pixels;
    }
}
