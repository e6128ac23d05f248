package io.sossstream.atoca;

import io.sossstream.reference.SpecTrace;
import io.sossstream.stats.Interp;

/**
 * The throughput T_n(λ) of one spectral order: jwst's {@code throughput_soss}. The tabulated curve is forced to 0
 * at both ends of its wavelength range, interpolated by a cubic spline with zero slope at both ends
 * ({@code make_interp_spline(k=3, bc_type="clamped")}), and evaluated with λ clipped to the table, so T is 0
 * outside the tabulated range.
 */
public final class Throughput {
    final double[] x;
    final double[] y;
    private final double[] moments;  // second derivatives at the nodes

    /** From a table (wavelength increasing, µm). */
    public Throughput(double[] wavelength, double[] throughput) {
        int n = wavelength.length;
        if (n < 3 || throughput.length != n) {
            throw new IllegalArgumentException("throughput table needs ≥ 3 matching samples, got " + n);
        }
        x = wavelength.clone();
        y = throughput.clone();
        y[0] = 0;
        y[n - 1] = 0;
        moments = clampedMoments(x, y);
    }

    /** The throughput of an order from the SPECTRACE table. */
    public static Throughput of(SpecTrace trace, int order) {
        double[] w = trace.wavelength(order);
        double[] t = trace.throughput(order);
        // SpecTrace sorts by X (decreasing λ); the spline wants increasing λ.
        int n = w.length;
        double[] ws = new double[n];
        double[] ts = new double[n];
        boolean decreasing = w[0] > w[n - 1];
        for (int i = 0; i < n; i++) {
            int k = decreasing ? n - 1 - i : i;
            ws[i] = w[k];
            ts[i] = t[k];
        }
        return new Throughput(ws, ts);
    }

    /** T(λ). */
    public double at(double lambda) {
        int n = x.length;
        double v = Math.min(Math.max(lambda, x[0]), x[n - 1]);
        int lo = Interp.interval(x, v, 0, n - 1);
        int hi = Math.min(lo + 1, n - 1);
        double h = x[hi] - x[lo];
        double a = (x[hi] - v) / h;
        double b = (v - x[lo]) / h;
        return a * y[lo] + b * y[hi] + ((a * a * a - a) * moments[lo] + (b * b * b - b) * moments[hi]) * h * h / 6;
    }

    /** T on every point of a grid. */
    public double[] on(double[] grid) {
        double[] out = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            out[i] = at(grid[i]);
        }
        return out;
    }

    /** Second derivatives of the cubic spline with s'(x₀) = s'(x_{n−1}) = 0 (tridiagonal, Thomas algorithm). */
    private static double[] clampedMoments(double[] x, double[] y) {
        int n = x.length;
        double[] sub = new double[n];
        double[] diag = new double[n];
        double[] sup = new double[n];
        double[] rhs = new double[n];
        double h0 = x[1] - x[0];
        diag[0] = h0 / 3;
        sup[0] = h0 / 6;
        rhs[0] = (y[1] - y[0]) / h0;  // − s'(x₀) = 0
        for (int i = 1; i < n - 1; i++) {
            double hl = x[i] - x[i - 1];
            double hr = x[i + 1] - x[i];
            sub[i] = hl / 6;
            diag[i] = (hl + hr) / 3;
            sup[i] = hr / 6;
            rhs[i] = (y[i + 1] - y[i]) / hr - (y[i] - y[i - 1]) / hl;
        }
        double hn = x[n - 1] - x[n - 2];
        sub[n - 1] = hn / 6;
        diag[n - 1] = hn / 3;
        rhs[n - 1] = -(y[n - 1] - y[n - 2]) / hn;  // s'(x_{n−1}) = 0
        for (int i = 1; i < n; i++) {
            double f = sub[i] / diag[i - 1];
            diag[i] -= f * sup[i - 1];
            rhs[i] -= f * rhs[i - 1];
        }
        double[] m = new double[n];
        m[n - 1] = rhs[n - 1] / diag[n - 1];
        for (int i = n - 2; i >= 0; i--) {
            m[i] = (rhs[i] - sup[i] * m[i + 1]) / diag[i];
        }
        return m;
    }
}
