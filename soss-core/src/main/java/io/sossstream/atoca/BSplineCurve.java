package io.sossstream.atoca;

import io.sossstream.stats.Interp;

import java.util.Arrays;

/**
 * A cubic B-spline s(x) = Σ c_j B_j(x) on a knot vector with quadruple end knots, and its interpolation of data.
 *
 * <p>Used for the two FITPACK interpolants ATOCA relies on: {@code UnivariateSpline(k=3, s=0)} (interior knots at
 * x[2] … x[m−3], i.e. the not-a-knot cubic spline) for the flux estimate, and each axis of
 * {@code RectBivariateSpline(s=0, bbox)} for the spectral kernel, whose end knots may lie outside the data.
 * Evaluation outside the end knots clamps the argument (FITPACK's {@code fpbisp}) unless {@link #extrapolating}.
 */
final class BSplineCurve {
    private static final int K = 3;
    private final double[] knots;
    private final double[] coefficients;
    private final boolean extrapolate;

    private BSplineCurve(double[] knots, double[] coefficients, boolean extrapolate) {
        this.knots = knots;
        this.coefficients = coefficients;
        this.extrapolate = extrapolate;
    }

    /** The FITPACK s=0 knot vector for increasing x: [lo]*4, x[2..m−3], [hi]*4 (m ≥ 4). */
    static double[] interpolationKnots(double[] x, double lo, double hi) {
        int m = x.length;
        if (m < 4) {
            throw new IllegalArgumentException("a cubic interpolating spline needs at least 4 points, got " + m);
        }
        double[] t = new double[m + 4];
        Arrays.fill(t, 0, 4, lo);
        System.arraycopy(x, 2, t, 4, m - 4);
        Arrays.fill(t, m, m + 4, hi);
        return t;
    }

    /** The not-a-knot interpolating spline through (x, y), x strictly increasing ({@code UnivariateSpline(k=3, s=0)}). */
    static BSplineCurve interpolate(double[] x, double[] y, boolean extrapolate) {
        double[] t = interpolationKnots(x, x[0], x[x.length - 1]);
        return new BSplineCurve(t, solveCollocation(t, x, y), extrapolate);
    }

    /** Coefficients of the interpolating spline on knots t (m = t.length − 4 coefficients, m data points). */
    static double[] solveCollocation(double[] t, double[] x, double[] y) {
        int m = x.length;
        // Banded system: row i has the 4 non-zero B_j(x_i), j = span−3 … span. Gaussian elimination without
        // pivoting is stable for B-spline collocation matrices (totally positive; de Boor 1978).
        int bw = 3;
        double[][] band = new double[m][2 * bw + 1];  // band[i][j − i + bw]
        double[] rhs = y.clone();
        double[] basis = new double[4];
        for (int i = 0; i < m; i++) {
            int span = findSpan(t, m, x[i]);
            basisFunctions(t, span, x[i], basis);
            for (int r = 0; r < 4; r++) {
                int j = span - 3 + r;
                band[i][j - i + bw] += basis[r];
            }
        }
        for (int i = 0; i < m; i++) {
            double piv = band[i][bw];
            for (int r = i + 1; r <= Math.min(m - 1, i + bw); r++) {
                double f = band[r][i - r + bw] / piv;
                if (f == 0) {
                    continue;
                }
                for (int j = i; j <= Math.min(m - 1, i + bw); j++) {
                    band[r][j - r + bw] -= f * band[i][j - i + bw];
                }
                rhs[r] -= f * rhs[i];
            }
        }
        double[] c = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            double s = rhs[i];
            for (int j = i + 1; j <= Math.min(m - 1, i + bw); j++) {
                s -= band[i][j - i + bw] * c[j];
            }
            c[i] = s / band[i][bw];
        }
        return c;
    }

    static BSplineCurve of(double[] knots, double[] coefficients) {
        return new BSplineCurve(knots, coefficients, false);
    }

    /** s(x). */
    double value(double x) {
        int m = coefficients.length;
        double lo = knots[K];
        double hi = knots[m];
        if (!extrapolate) {
            x = Math.min(Math.max(x, lo), hi);
        }
        int span = findSpan(knots, m, x);
        double[] b = new double[4];
        basisFunctions(knots, span, x, b);
        double s = 0;
        for (int r = 0; r < 4; r++) {
            s += b[r] * coefficients[span - 3 + r];
        }
        return s;
    }

    /** Index μ with t[μ] ≤ x < t[μ+1], μ in [3, m−1] (the last interval is closed; outside uses the end spans). */
    static int findSpan(double[] t, int m, double x) {
        if (x >= t[m]) {
            return m - 1;
        }
        if (x < t[K]) {
            return K;
        }
        return Interp.interval(t, x, K, m);
    }

    /** The 4 non-zero cubic B-splines at x on span μ (Cox–de Boor recursion). */
    static void basisFunctions(double[] t, int span, double x, double[] out) {
        basisFunctions(t, span, x, out, new double[8]);
    }

    /** As {@link #basisFunctions(double[], int, double, double[])} with caller scratch (length ≥ 8). */
    static void basisFunctions(double[] t, int span, double x, double[] out, double[] scratch) {
        double[] left = scratch;
        int r0 = 4;
        out[0] = 1;
        for (int j = 1; j <= K; j++) {
            left[j] = x - t[span + 1 - j];
            left[r0 + j] = t[span + j] - x;
            double saved = 0;
            for (int r = 0; r < j; r++) {
                double temp = out[r] / (left[r0 + r + 1] + left[j - r]);
                out[r] = saved + left[r0 + r + 1] * temp;
                saved = left[j - r] * temp;
            }
            out[j] = saved;
        }
    }
}
