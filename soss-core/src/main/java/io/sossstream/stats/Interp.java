package io.sossstream.stats;

/** Piecewise-linear interpolation with numpy's {@code np.interp} semantics. */
public final class Interp {
    private Interp() {
    }

    /**
     * {@code np.interp(x, xp, fp)}: linear between samples, clamped to {@code fp[0]} / {@code fp[n-1]} outside;
     * {@code xp} must be increasing. NaN x gives NaN.
     */
    public static double interp(double x, double[] xp, double[] fp) {
        int n = xp.length;
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x <= xp[0]) {
            return fp[0];
        }
        if (x >= xp[n - 1]) {
            return fp[n - 1];
        }
        int lo = interval(xp, x, 0, n - 1);
        int hi = lo + 1;
        double slope = (fp[hi] - fp[lo]) / (xp[hi] - xp[lo]);
        return fp[lo] + slope * (x - xp[lo]);
    }

    /**
     * Bisection in increasing {@code xs} between indices {@code lo} and {@code hi}: the largest {@code i} in
     * {@code [lo, hi)} with {@code xs[i] <= x}, given {@code xs[lo] <= x < xs[hi]} (else the nearer end).
     */
    public static int interval(double[] xs, double x, int lo, int hi) {
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Vector form of {@link #interp(double, double[], double[])}. */
    public static double[] interp(double[] x, double[] xp, double[] fp) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = interp(x[i], xp, fp);
        }
        return out;
    }
}
