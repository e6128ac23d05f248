package io.sossstream.stats;

import java.util.Arrays;

/** NaN-ignoring statistics with numpy semantics ({@code nanmedian}, {@code nanpercentile} linear, {@code nanstd} ddof=0). */
public final class NanStats {
    private NanStats() {
    }

    /** Copies the finite-or-infinite (non-NaN) values of {@code a} into a new array. */
    public static double[] nonNaN(double[] a) {
        double[] out = new double[a.length];
        int n = 0;
        for (double v : a) {
            if (!Double.isNaN(v)) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** {@code np.nanmedian}; NaN if every value is NaN. Does not modify {@code a}. */
    public static double nanmedian(double[] a) {
        return nanpercentile(a, 50.0);
    }

    /** {@code np.nanpercentile(a, q)} with linear interpolation; NaN if every value is NaN. */
    public static double nanpercentile(double[] a, double q) {
        double[] v = nonNaN(a);
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return percentileOfSorted(v, v.length, q);
    }

    /** Linear-interpolated percentile of the first {@code n} values of an ascending array. */
    public static double percentileOfSorted(double[] sorted, int n, double q) {
        double pos = q / 100.0 * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, n - 1);
        double frac = pos - lo;
        if (frac == 0.0) {
            return sorted[lo];
        }
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    }

    /** Median of the first {@code n} values of {@code work}, reordering them (NaN-free input). */
    public static double medianInPlace(double[] work, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(work, 0, n);
        return (n % 2 == 1) ? work[n / 2] : 0.5 * (work[n / 2 - 1] + work[n / 2]);
    }

    /** Median of the first {@code n} values of {@code work}, reordering them (NaN-free input). */
    public static float medianInPlace(float[] work, int n) {
        if (n == 0) {
            return Float.NaN;
        }
        Arrays.sort(work, 0, n);
        return (n % 2 == 1) ? work[n / 2] : (float) (0.5 * ((double) work[n / 2 - 1] + work[n / 2]));
    }

    /** {@code np.nanmean}. */
    public static double nanmean(double[] a) {
        double s = 0;
        int n = 0;
        for (double v : a) {
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** {@code np.nanstd} with ddof = 0. */
    public static double nanstd(double[] a) {
        double m = nanmean(a);
        double s = 0;
        int n = 0;
        for (double v : a) {
            if (!Double.isNaN(v)) {
                s += (v - m) * (v - m);
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(s / n);
    }

    /** {@code np.nansum}: NaN counts as 0. */
    public static double nansum(double[] a) {
        double s = 0;
        for (double v : a) {
            if (!Double.isNaN(v)) {
                s += v;
            }
        }
        return s;
    }
}
