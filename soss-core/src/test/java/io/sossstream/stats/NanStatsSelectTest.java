package io.sossstream.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Selection gives the values a sort puts at each rank, so medians and percentiles do not change with it. */
class NanStatsSelectTest {
    private static final double[] SPECIALS = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.5};

    @Test
    void selectEqualsTheSortedArrayAtEveryRank() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            double[] a = values(rnd, 1 + rnd.nextInt(60), false);
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < a.length; k++) {
                double[] work = a.clone();
                assertEquals(Double.doubleToRawLongBits(sorted[k]),
                        Double.doubleToRawLongBits(NanStats.select(work, work.length, k)),
                        "rank " + k + " of " + Arrays.toString(a));
            }
        }
    }

    @Test
    void medianInPlaceEqualsTheSortedMiddleWithAndWithoutNaN() {
        Random rnd = new Random(12);
        for (int trial = 0; trial < 500; trial++) {
            double[] a = values(rnd, 1 + rnd.nextInt(50), trial % 3 == 0);
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            int n = a.length;
            double expected = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
            assertEquals(Double.doubleToRawLongBits(expected),
                    Double.doubleToRawLongBits(NanStats.medianInPlace(a.clone(), n)), Arrays.toString(a));
        }
        assertEquals(2.0, NanStats.medianInPlace(new double[] {3, 1, 2}, 3));
        assertEquals(2.5, NanStats.medianInPlace(new double[] {4, 1, 3, 2}, 4));
    }

    @Test
    void nanmedianIsTheFiftiethNanpercentileToTheBit() {
        Random rnd = new Random(13);
        for (int trial = 0; trial < 500; trial++) {
            double[] a = values(rnd, 1 + rnd.nextInt(50), true);
            assertEquals(Double.doubleToRawLongBits(NanStats.nanpercentile(a, 50)),
                    Double.doubleToRawLongBits(NanStats.nanmedian(a)), Arrays.toString(a));
        }
        assertEquals(2.5, NanStats.nanmedian(new double[] {Double.NaN, 4, 1, 3, 2}));
        assertEquals(Double.NaN, NanStats.nanmedian(new double[] {Double.NaN}));
    }

    private static double[] values(Random rnd, int n, boolean withNaN) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(5);
            a[i] = kind == 0 ? SPECIALS[rnd.nextInt(SPECIALS.length)]
                    : kind == 1 && withNaN ? Double.NaN : rnd.nextInt(9) - 4 + (kind == 2 ? rnd.nextGaussian() : 0);
        }
        return a;
    }
}
