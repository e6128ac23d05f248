package io.sossstream.atoca;

/**
 * Modified Akima piecewise-cubic interpolation (SciPy {@code Akima1DInterpolator(method="makima")}), used to
 * locate the minimum of a Tikhonov criterion between tested factors.
 */
final class Makima {
    private final double[] x;
    private final double[] y;
    private final double[] t;  // derivatives at the nodes

    Makima(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("Akima interpolation needs at least 2 points");
        }
        this.x = x.clone();
        this.y = y.clone();
        t = new double[n];
        if (n == 2) {
            double s = (y[1] - y[0]) / (x[1] - x[0]);
            t[0] = s;
            t[1] = s;
            return;
        }
        // Slopes extended by two on each side (quadratic extrapolation, as SciPy).
        double[] m = new double[n + 3];
        for (int i = 0; i < n - 1; i++) {
            m[i + 2] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
        }
        m[1] = 2 * m[2] - m[3];
        m[0] = 2 * m[1] - m[2];
        m[n + 1] = 2 * m[n] - m[n - 1];
        m[n + 2] = 2 * m[n + 1] - m[n];
        double maxF = 0;
        double[] f1 = new double[n];
        double[] f2 = new double[n];
        for (int i = 0; i < n; i++) {
            int e = i + 2;
            f1[i] = Math.abs(m[e + 1] - m[e]) + Math.abs(m[e + 1] + m[e]) / 2;
            f2[i] = Math.abs(m[e - 1] - m[e - 2]) + Math.abs(m[e - 1] + m[e - 2]) / 2;
            maxF = Math.max(maxF, f1[i] + f2[i]);
        }
        for (int i = 0; i < n; i++) {
            int e = i + 2;
            double f12 = f1[i] + f2[i];
            t[i] = f12 > 1e-9 * maxF ? (f1[i] * m[e - 1] + f2[i] * m[e]) / f12 : 0.5 * (m[e - 1] + m[e]);
        }
    }

    double value(double v) {
        int i = piece(v);
        double h = x[i + 1] - x[i];
        double s = (v - x[i]) / h;
        double h00 = (1 + 2 * s) * (1 - s) * (1 - s);
        double h10 = s * (1 - s) * (1 - s);
        double h01 = s * s * (3 - 2 * s);
        double h11 = s * s * (s - 1);
        return h00 * y[i] + h10 * h * t[i] + h01 * y[i + 1] + h11 * h * t[i + 1];
    }

    /** First derivative of the interpolant at v (the end pieces continued outside [x₀, x_{n−1}]). */
    double derivative(double v) {
        int i = piece(v);
        double h = x[i + 1] - x[i];
        double s = (v - x[i]) / h;
        double d00 = 6 * s * (s - 1) / h;
        double d10 = (1 - s) * (1 - 3 * s);
        double d01 = -d00;
        double d11 = s * (3 * s - 2);
        return d00 * y[i] + d10 * t[i] + d01 * y[i + 1] + d11 * t[i + 1];
    }

    /** Location of the minimum on [x₀, x_{n−1}]: dense scan, then golden-section refinement of the best bracket. */
    double argmin() {
        int n = x.length;
        double lo = x[0];
        double hi = x[n - 1];
        int samples = 2000;
        double best = lo;
        double bestV = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= samples; i++) {
            double v = lo + (hi - lo) * i / samples;
            double f = value(v);
            if (f < bestV) {
                bestV = f;
                best = v;
            }
        }
        double step = (hi - lo) / samples;
        double a = Math.max(lo, best - step);
        double b = Math.min(hi, best + step);
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 60; it++) {
            double c = b - g * (b - a);
            double d = a + g * (b - a);
            if (value(c) < value(d)) {
                b = d;
            } else {
                a = c;
            }
        }
        return 0.5 * (a + b);
    }

    /** Index of the cubic piece [x_i, x_{i+1}] that holds v (the end pieces outside [x₀, x_{n−1}]). */
    private int piece(double v) {
        int i = WavelengthGrid.searchRight(x, v) - 1;
        return Math.max(0, Math.min(i, x.length - 2));
    }
}
