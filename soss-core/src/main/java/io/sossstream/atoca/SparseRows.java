package io.sossstream.atoca;

import java.util.Arrays;

/**
 * A sparse matrix in compressed-row form (CSR), built row by row in increasing row order. Column indices within a
 * row are increasing. The small kit ATOCA needs: row access, y = A·x and the builder.
 */
final class SparseRows {
    final int rows;
    final int cols;
    final int[] rowStart;  // length rows + 1
    final int[] colIndex;
    final double[] values;

    SparseRows(int rows, int cols, int[] rowStart, int[] colIndex, double[] values) {
        this.rows = rows;
        this.cols = cols;
        this.rowStart = rowStart;
        this.colIndex = colIndex;
        this.values = values;
    }

    int nonZeros() {
        return rowStart[rows];
    }

    /** y = A·x (NaN entries of x only matter where A has a stored entry). */
    double[] times(double[] x) {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int p = rowStart[r]; p < rowStart[r + 1]; p++) {
                s += values[p] * x[colIndex[p]];
            }
            y[r] = s;
        }
        return y;
    }

    /** Incremental builder: {@link #add} entries of the current row (any column order), then {@link #endRow}. */
    static final class Builder {
        private final int cols;
        private int[] start = new int[64];
        private int[] col = new int[1024];
        private double[] val = new double[1024];
        private int rows;
        private int nnz;
        private final double[] dense;
        private final boolean[] used;
        private int[] touched = new int[64];
        private int nTouched;

        Builder(int cols) {
            this.cols = cols;
            dense = new double[cols];
            used = new boolean[cols];
        }

        /** Accumulates v at (current row, c). */
        void add(int c, double v) {
            if (!used[c]) {
                used[c] = true;
                if (nTouched == touched.length) {
                    touched = Arrays.copyOf(touched, 2 * nTouched);
                }
                touched[nTouched++] = c;
            }
            dense[c] += v;
        }

        /** Closes the current row (entries sorted by column; exact zeros kept, they mark structure). */
        void endRow() {
            Arrays.sort(touched, 0, nTouched);
            if (nnz + nTouched > col.length) {
                int cap = Math.max(2 * col.length, nnz + nTouched);
                col = Arrays.copyOf(col, cap);
                val = Arrays.copyOf(val, cap);
            }
            for (int i = 0; i < nTouched; i++) {
                int c = touched[i];
                col[nnz] = c;
                val[nnz] = dense[c];
                nnz++;
                dense[c] = 0;
                used[c] = false;
            }
            nTouched = 0;
            if (rows + 2 > start.length) {
                start = Arrays.copyOf(start, 2 * start.length);
            }
            rows++;
            start[rows] = nnz;
        }

        SparseRows build() {
            return new SparseRows(rows, cols, Arrays.copyOf(start, rows + 1), Arrays.copyOf(col, nnz),
                    Arrays.copyOf(val, nnz));
        }
    }
}
