package io.sossstream.atoca;

/**
 * The convolution of a spectrum f on the wavelength grid by an order's spectral kernel, as a sparse matrix C
 * (rows: the convolved grid points g[a] … g[b−1]; columns: all grid points), jwst {@code get_c_matrix}.
 *
 * <p>Row j holds K(g_k; g_j) for the grid points g_k around g_j, times the trapezoidal quadrature weight of g_k
 * over the kernel's support (half weights at the support's two ends, which span the largest half length H any
 * row needs), normalised so that every row sums to 1. Wing values below {@code threshold} are dropped.
 */
final class ConvolutionMatrix {
    /** Wing values below this are dropped (jwst {@code get_c_matrix} default). */
    static final double DEFAULT_THRESHOLD = 1e-5;

    private ConvolutionMatrix() {
    }

    /** C for a kernel on grid[a:b]. */
    static SparseRows of(SpectralKernel kernel, double[] grid, int a, int b, double threshold) {
        int n = grid.length;
        int rows = b - a;
        // Kernel values per row and offset, found by walking outwards until the kernel is 0 (beyond ±halfWidth).
        double[][] left = new double[rows][];
        double[][] right = new double[rows][];
        int hMax = 0;
        double[] buf = new double[n];
        for (int r = 0; r < rows; r++) {
            int j = a + r;
            int h = 0;
            while (j - h - 1 >= 0) {
                double v = kernel.value(grid[j - h - 1], grid[j]);
                if (v == 0) {
                    break;
                }
                buf[h++] = v;
            }
            left[r] = java.util.Arrays.copyOf(buf, h);
            h = 0;
            while (j + h + 1 < n) {
                double v = kernel.value(grid[j + h + 1], grid[j]);
                if (v == 0) {
                    break;
                }
                buf[h++] = v;
            }
            right[r] = java.util.Arrays.copyOf(buf, h);
            hMax = Math.max(hMax, Math.max(lastAbove(left[r], threshold), lastAbove(right[r], threshold)));
        }
        SparseRows.Builder c = new SparseRows.Builder(n);
        double[] vals = new double[2 * hMax + 1];
        for (int r = 0; r < rows; r++) {
            int j = a + r;
            double sum = 0;
            for (int o = -hMax; o <= hMax; o++) {
                int k = j + o;
                double v;
                if (o == 0) {
                    v = kernel.value(grid[j], grid[j]);
                } else {
                    double[] wing = o < 0 ? left[r] : right[r];
                    int idx = Math.abs(o) - 1;
                    v = idx < wing.length ? wing[idx] : 0;
                    if (v < threshold) {
                        v = 0;
                    }
                }
                if (k < 0 || k >= n) {
                    v = 0;
                }
                double w = 0;
                if (v != 0) {
                    if (o < hMax && k < n - 1) {
                        w += 0.5 * (grid[k + 1] - grid[k]);
                    }
                    if (o > -hMax && k - 1 >= 0 && k - 1 < n - 1) {
                        w += 0.5 * (grid[k] - grid[k - 1]);
                    }
                }
                vals[o + hMax] = v * w;
                sum += v * w;
            }
            for (int o = -hMax; o <= hMax; o++) {
                double v = vals[o + hMax];
                if (v != 0) {
                    c.add(j + o, v / sum);
                }
            }
            c.endRow();
        }
        return c.build();
    }

    /** The identity "kernel" (no convolution): C[j, a + j] = 1. */
    static SparseRows identity(int n, int a, int b) {
        SparseRows.Builder c = new SparseRows.Builder(n);
        for (int j = a; j < b; j++) {
            c.add(j, 1.0);
            c.endRow();
        }
        return c.build();
    }

    private static int lastAbove(double[] wing, double threshold) {
        for (int i = wing.length - 1; i >= 0; i--) {
            if (wing[i] >= threshold) {
                return i + 1;
            }
        }
        return 0;
    }
}
