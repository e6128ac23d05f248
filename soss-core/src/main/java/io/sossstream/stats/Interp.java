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
        int lo = 0;
        int hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (xp[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double slope = (fp[hi] - fp[lo]) / (xp[hi] - xp[lo]);
        return fp[lo] + slope * (x - xp[lo]);
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
