package io.sossstream.stats;

import java.util.Arrays;

/**
 * {@code scipy.ndimage.median_filter} in mode {@code reflect} ({@code d c b a | a b c d | d c b a}), origin 0.
 *
 * <p>scipy conventions copied here: the window of output i covers input offsets −⌊k/2⌋ … k − 1 − ⌊k/2⌋ (for
 * k = 10: −5…+4), and the "median" is the element of rank ⌊k/2⌋ of the sorted window — for even k that is the
 * upper of the two middle values, not their mean. Reflection repeats (period 2n) when the window is longer than
 * the array. NaN (undefined in scipy) sorts above +∞ here, as {@link Arrays#sort(double[])} orders it.
 */
public final class MedianFilter {
    private MedianFilter() {
    }

    /** 1-D median filter of size {@code size} (≥ 1). */
    public static double[] filter(double[] a, int size) {
        double[] out = new double[a.length];
        filter(a, a.length, size, out, new double[size]);
        return out;
    }

    /** Input index of position j (may be outside [0, n)) under reflect mode. */
    static int reflect(int j, int n) {
        int period = 2 * n;
        int m = Math.floorMod(j, period);
        return m < n ? m : period - 1 - m;
    }

    /**
     * The 1-D filter of {@code in[0..n)} into {@code out[0..n)}, with {@code window} (length ≥ size) as scratch.
     * Slides a sorted window along the input: each step removes the sample that leaves and inserts the one that
     * enters (binary search, O(size) move) instead of sorting every window. The order is
     * {@link Double#compare}'s, the one {@link Arrays#sort(double[])} uses, so the ranks are the same.
     */
    public static void filter(double[] in, int n, int size, double[] out, double[] window) {
        if (size < 1) {
            throw new IllegalArgumentException("median filter size must be ≥ 1, not " + size);
        }
        if (n == 0) {
            return;
        }
        int before = size / 2;
        int rank = size / 2;
        for (int k = 0; k < size; k++) {
            window[k] = in[reflect(-before + k, n)];
        }
        Arrays.sort(window, 0, size);
        out[0] = window[rank];
        for (int i = 1; i < n; i++) {
            replace(window, size, in[reflect(i - 1 - before, n)], in[reflect(i - 1 - before + size, n)]);
            out[i] = window[rank];
        }
    }

    /** In the sorted {@code window[0..size)}, replaces one sample equal to {@code leaving} by {@code entering}. */
    private static void replace(double[] window, int size, double leaving, double entering) {
        int at = Arrays.binarySearch(window, 0, size, leaving);
        if (at < 0) {
            throw new IllegalStateException("median filter window lost a sample");
        }
        if (Double.compare(entering, leaving) >= 0) {
            while (at + 1 < size && Double.compare(window[at + 1], entering) < 0) {
                window[at] = window[at + 1];
                at++;
            }
        } else {
            while (at > 0 && Double.compare(window[at - 1], entering) > 0) {
                window[at] = window[at - 1];
                at--;
            }
        }
        window[at] = entering;
    }
}
