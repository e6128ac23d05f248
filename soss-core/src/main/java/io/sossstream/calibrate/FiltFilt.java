package io.sossstream.calibrate;

/**
 * Zero-phase forward-backward IIR filtering with the defaults of scipy's {@code filtfilt(b, a, x)}:
 * odd extension of {@code padlen = 3·max(len(a), len(b))} samples at both ends, the filter state started
 * at the steady state of a step ({@code lfilter_zi}) scaled by the first sample of each pass.
 */
public final class FiltFilt {
    private FiltFilt() {
    }

    /**
     * Filters {@code x} forward then backward.
     *
     * @param b numerator coefficients
     * @param a denominator coefficients (a[0] ≠ 0)
     * @param x signal, longer than the padding
     * @return the filtered signal, same length as x
     * @throws IllegalArgumentException if x has no more than padlen samples (scipy raises ValueError)
     */
    public static double[] apply(double[] b, double[] a, double[] x) {
        int ntaps = Math.max(a.length, b.length);
        int edge = 3 * ntaps;
        int n = x.length;
        if (n <= edge) {
            throw new IllegalArgumentException("signal of " + n + " samples is not longer than padlen " + edge);
        }
        double[] ext = new double[n + 2 * edge];
        for (int i = 0; i < edge; i++) {
            ext[i] = 2 * x[0] - x[edge - i];
            ext[n + edge + i] = 2 * x[n - 1] - x[n - 2 - i];
        }
        System.arraycopy(x, 0, ext, edge, n);

        double[][] ba = normalised(b, a);
        double[] zi = steadyState(ba[0], ba[1]);
        double[] state = new double[zi.length];

        scaled(zi, ext[0], state);
        lfilterInPlace(ba[0], ba[1], ext, state);
        reverse(ext);
        scaled(zi, ext[0], state);
        lfilterInPlace(ba[0], ba[1], ext, state);
        reverse(ext);

        double[] y = new double[n];
        System.arraycopy(ext, edge, y, 0, n);
        return y;
    }

    /** b and a padded to the same length and divided by a[0]. */
    private static double[][] normalised(double[] b, double[] a) {
        int m = Math.max(a.length, b.length);
        double[] bn = new double[m];
        double[] an = new double[m];
        for (int i = 0; i < b.length; i++) {
            bn[i] = b[i] / a[0];
        }
        for (int i = 0; i < a.length; i++) {
            an[i] = a[i] / a[0];
        }
        return new double[][] {bn, an};
    }

    /**
     * scipy {@code lfilter_zi}: the transposed-direct-form state for which a unit step input gives a unit-step
     * steady-state output; solves (I − companion(a)ᵀ)·zi = b[1:] − a[1:]·b[0].
     */
    static double[] steadyState(double[] b, double[] a) {
        int m = a.length - 1;
        double[][] mat = new double[m][m + 1];
        for (int r = 0; r < m; r++) {
            mat[r][r] = 1.0;
            // companion(a)ᵀ: column 0 of the companion holds -a[1:], superdiagonal ones after transposition.
            mat[r][0] += a[r + 1];
            if (r + 1 < m) {
                mat[r][r + 1] -= 1.0;
            }
            mat[r][m] = b[r + 1] - a[r + 1] * b[0];
        }
        return solve(mat);
    }

    /** Gaussian elimination with partial pivoting on an augmented m×(m+1) matrix. */
    private static double[] solve(double[][] mat) {
        int m = mat.length;
        for (int col = 0; col < m; col++) {
            int piv = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(mat[r][col]) > Math.abs(mat[piv][col])) {
                    piv = r;
                }
            }
            double[] tmp = mat[col];
            mat[col] = mat[piv];
            mat[piv] = tmp;
            for (int r = col + 1; r < m; r++) {
                double f = mat[r][col] / mat[col][col];
                for (int c = col; c <= m; c++) {
                    mat[r][c] -= f * mat[col][c];
                }
            }
        }
        double[] sol = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double s = mat[r][m];
            for (int c = r + 1; c < m; c++) {
                s -= mat[r][c] * sol[c];
            }
            sol[r] = s / mat[r][r];
        }
        return sol;
    }

    /** Direct form II transposed IIR filter (scipy {@code lfilter}) over x in place; a[0] must be 1. */
    private static void lfilterInPlace(double[] b, double[] a, double[] x, double[] z) {
        int m = z.length;
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double yi = b[0] * xi + (m > 0 ? z[0] : 0.0);
            for (int k = 0; k < m - 1; k++) {
                z[k] = b[k + 1] * xi + z[k + 1] - a[k + 1] * yi;
            }
            if (m > 0) {
                z[m - 1] = b[m] * xi - a[m] * yi;
            }
            x[i] = yi;
        }
    }

    private static void scaled(double[] zi, double factor, double[] out) {
        for (int i = 0; i < zi.length; i++) {
            out[i] = zi[i] * factor;
        }
    }

    private static void reverse(double[] v) {
        for (int i = 0, j = v.length - 1; i < j; i++, j--) {
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
    }
}
