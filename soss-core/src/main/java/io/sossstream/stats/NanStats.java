package io.sossstream.stats;

import java.util.Arrays;

/** NaN-ignoring statistics with numpy semantics ({@code nanmedian}, {@code nanpercentile} linear, {@code nanstd} ddof=0). */
public final class NanStats {
    private NanStats() {
    }

    /**
     * Negative exactly when {@code v} is not finite (NaN, ±inf), without a branch: its exponent bits are then all set,
     * and adding one to the exponent field carries into the sign bit. OR-ed over a run of values, it tells whether
     * the run holds any, so that runs without one (nearly all) skip a branchy per-value pass.
     */
    public static int notFiniteSign(float v) {
        return (Float.floatToRawIntBits(v) & 0x7f800000) + 0x00800000;
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

    /** {@code np.nanmedian}; NaN if every value is NaN. Does not modify {@code a}. Selection, O(n). */
    public static double nanmedian(double[] a) {
        double[] v = nonNaN(a);
        int n = v.length;
        if (n == 0) {
            return Double.NaN;
        }
        double upper = select(v, n, n / 2);
        if (n % 2 == 1) {
            return upper;
        }
        double lower = lowerMiddle(v, n);
        return lower + (upper - lower) * 0.5; // nanpercentile's interpolation at 50 %, to the bit
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

    /**
     * exoTEDRF's point-to-point scatter of a series: the median over t in [1, n − 1) of |½(f[t−1] + f[t+1]) − f[t]|,
     * as np.median computes it (NaN if any term is NaN; NaN for n &lt; 3).
     *
     * @param work at least n − 2 values, overwritten
     */
    public static double medianScatter(double[] f, int n, double[] work) {
        int m = 0;
        for (int t = 1; t < n - 1; t++) {
            double d = Math.abs(0.5 * (f[t - 1] + f[t + 1]) - f[t]);
            if (d != d) {
                return Double.NaN;
            }
            work[m++] = d;
        }
        return medianInPlace(work, m);
    }

    /** {@link #medianScatter} as np.nanmedian computes it: NaN terms left out (NaN when none is left). */
    public static double nanmedianScatter(double[] f, int n, double[] work) {
        int m = 0;
        for (int t = 1; t < n - 1; t++) {
            double d = Math.abs(0.5 * (f[t - 1] + f[t + 1]) - f[t]);
            if (d == d) {
                work[m++] = d;
            }
        }
        return medianInPlace(work, m);
    }

    /**
     * Median of the first {@code n} values of {@code work}, reordering them: the value(s) a sort would put in the
     * middle, found by selection in O(n) (NaN-free input; with a NaN, the sorted array's middle as before).
     */
    public static double medianInPlace(double[] work, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        for (int i = 0; i < n; i++) {
            if (work[i] != work[i]) {
                // NaN has no place under <: keep the sort's order (NaN last), as callers have always had it
                Arrays.sort(work, 0, n);
                return (n % 2 == 1) ? work[n / 2] : 0.5 * (work[n / 2 - 1] + work[n / 2]);
            }
        }
        double upper = select(work, n, n / 2);
        if (n % 2 == 1) {
            return upper;
        }
        return 0.5 * (lowerMiddle(work, n) + upper);
    }

    /**
     * The value a sort puts at n/2 − 1, once {@link #select} put rank n/2 in place: every value left of n/2 is not
     * above it, so the lower middle is their largest.
     */
    private static double lowerMiddle(double[] a, int n) {
        double lower = a[0];
        for (int i = 1; i < n / 2; i++) {
            if (Double.compare(a[i], lower) > 0) {
                lower = a[i];
            }
        }
        return lower == 0 ? signedZeroAt(a, n, n / 2 - 1) : lower;
    }

    /**
     * The value {@link Arrays#sort(double[], int, int)} would put at index {@code k} of {@code a[0..n)} (NaN-free),
     * -0.0 before 0.0 included; reorders {@code a} so that {@code a[0..k)} are not above it. Quickselect, O(n).
     */
    public static double select(double[] a, int n, int k) {
        if (k < 0 || k >= n) {
            throw new IndexOutOfBoundsException("rank " + k + " of " + n + " values");
        }
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            double x = a[lo];
            double y = a[(lo + hi) >>> 1];
            double z = a[hi];
            double pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break; // a[j+1 .. i-1] all equal the pivot
            }
        }
        double v = a[k];
        return v == 0 ? signedZeroAt(a, n, k) : v;
    }

    /** Selection compares with {@code <}, for which -0.0 = 0.0: the zero a sort puts at rank k. */
    private static double signedZeroAt(double[] a, int n, int k) {
        int below = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] < 0 || Double.doubleToRawLongBits(a[i]) == Long.MIN_VALUE) {
                below++;
            }
        }
        return k < below ? -0.0 : 0.0;
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
