package io.sossstream.stats;

/**
 * The whole-array form of the clipping's running median, {@code scipy.ndimage.median_filter(a, (size, 1))}: the
 * tests' reference for {@link MedianFilter} on 2-D inputs and for the clipper's channel-by-channel formulation.
 */
public final class ColumnMedianFilter {
    private ColumnMedianFilter() {
    }

    /**
     * The (size, 1) filter of a 2-D array a[t][c] ({@code median_filter(a, (size, 1))}): each column is filtered
     * along the first axis independently.
     */
    public static double[][] filterColumns(double[][] a, int size) {
        int n = a.length;
        double[][] out = new double[n][];
        if (n == 0) {
            return out;
        }
        int ncol = a[0].length;
        for (int t = 0; t < n; t++) {
            out[t] = new double[ncol];
        }
        double[] column = new double[n];
        double[] filtered = new double[n];
        double[] window = new double[size];
        for (int c = 0; c < ncol; c++) {
            for (int t = 0; t < n; t++) {
                column[t] = a[t][c];
            }
            MedianFilter.filter(column, n, size, filtered, window);
            for (int t = 0; t < n; t++) {
                out[t][c] = filtered[t];
            }
        }
        return out;
    }

}
