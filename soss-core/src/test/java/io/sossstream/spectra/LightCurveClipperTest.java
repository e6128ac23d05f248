package io.sossstream.spectra;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LightCurveClipperTest {
    private static final int NINT = 200;
    private static final int NCHAN = 300;
    private static final double SIGMA = 1.0;

    /** Flat light curves on a smooth spectrum, Gaussian noise σ = 1. */
    private static double[][] clean(long seed) {
        Random rng = new Random(seed);
        double[][] f = new double[NINT][NCHAN];
        for (int t = 0; t < NINT; t++) {
            for (int c = 0; c < NCHAN; c++) {
                f[t][c] = 1000 + 200 * Math.sin(c / 40.0) + SIGMA * rng.nextGaussian();
            }
        }
        return f;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    @Test
    void cleanDataIsUnchanged() {
        double[][] f = clean(1);
        LightCurveClipper.Outcome out = new LightCurveClipper().clipWithReport(f);
        for (int t = 0; t < NINT; t++) {
            assertArrayEquals(f[t], out.flux()[t]);
        }
        assertEquals(0, out.clippedPixels() + out.interpolatedChannels() + out.maskedChannels());
    }

    @Test
    void fiftySigmaSpikesAreReplacedByTheRunningMedian() {
        double[][] truth = clean(2);
        double[][] f = copy(truth);
        int[][] spikes = {{20, 10}, {100, 150}, {150, 299}, {2, 40}, {197, 77}};
        for (int[] s : spikes) {
            f[s[0]][s[1]] += 50 * SIGMA;
        }
        double[][] out = new LightCurveClipper().clip(f);
        for (int[] s : spikes) {
            double v = out[s[0]][s[1]];
            assertTrue(Math.abs(v - truth[s[0]][s[1]]) < 5 * SIGMA, "spike at " + s[0] + "," + s[1] + " -> " + v);
        }
        assertArrayEquals(f[50], out[50]);              // a row without spikes is untouched
    }

    @Test
    void shortNoisyRunIsInterpolatedWithExoTedrfWeights() {
        double[][] f = clean(3);
        Random rng = new Random(4);
        for (int t = 0; t < NINT; t++) {
            for (int c = 100; c < 103; c++) {           // run of 3 noisy channels
                f[t][c] += 40 * rng.nextGaussian();
            }
        }
        LightCurveClipper.Outcome out = new LightCurveClipper().clipWithReport(f);
        assertEquals(3, out.interpolatedChannels());
        assertEquals(0, out.maskedChannels());
        double w = 1.0 / 4;
        for (int t = 0; t < NINT; t++) {
            for (int i = 0; i < 3; i++) {
                // weight w·(i+1) on the LOW neighbour (exoTEDRF's quirk), 1 − w·(i+1) on the upper one
                double wl = w * (i + 1);
                double wu = 1 - w * (i + 1);
                double expected = (f[t][99] * wl + f[t][103] * wu) / (wl + wu);
                assertEquals(expected, out.flux()[t][100 + i], 0.0, "t=" + t + " i=" + i);
            }
            assertEquals(f[t][150], out.flux()[t][150]);
        }
    }

    /**
     * A run of ≥ 10 bad channels becomes NaN. With window 10 a block of equally noisy channels is broken into short
     * runs (a channel that is its own window's median has d = 0), so the masking path is exercised with window 3 and
     * channels alternating between very high and very low scatter, each of which differs from its window median.
     */
    @Test
    void longRunOfBadChannelsIsMasked() {
        double[][] f = clean(6);
        Random rng = new Random(7);
        for (int t = 0; t < NINT; t++) {
            for (int c = 200; c < 213; c++) {
                double mean = 1000 + 200 * Math.sin(c / 40.0);
                f[t][c] = mean + ((c - 200) % 2 == 0 ? 1000 : 0.001) * rng.nextGaussian();
            }
        }
        LightCurveClipper.Outcome out = new LightCurveClipper(10, 3).clipWithReport(f);
        assertEquals(13, out.maskedChannels());
        for (int t = 0; t < NINT; t++) {
            for (int c = 200; c < 213; c++) {
                assertTrue(Double.isNaN(out.flux()[t][c]), "t=" + t + " c=" + c);
            }
            assertEquals(f[t][199], out.flux()[t][199]);
            assertEquals(f[t][213], out.flux()[t][213]);
        }
    }

    @Test
    void inputIsNotModified() {
        double[][] f = clean(5);
        f[10][10] += 100;
        double[][] before = copy(f);
        new LightCurveClipper().clip(f);
        for (int t = 0; t < NINT; t++) {
            assertArrayEquals(before[t], f[t]);
        }
    }

    /**
     * Unextracted channels (NaN in every integration, like order 2 beyond its trace) are ignored: they stay NaN, and
     * the other channels are clipped exactly as without them.
     */
    @Test
    void nanChannelsAreIgnored() {
        double[][] f = clean(9);
        f[50][120] += 40;                                  // one outlier pixel
        for (int t = 0; t < NINT; t++) {
            f[t][200] += 30 * (t % 2);                     // one bad channel
        }
        int pad = 48;
        double[][] withNaN = new double[NINT][NCHAN + pad];
        for (int t = 0; t < NINT; t++) {
            java.util.Arrays.fill(withNaN[t], 0, pad, Double.NaN);
            System.arraycopy(f[t], 0, withNaN[t], pad, NCHAN);
        }
        LightCurveClipper.Outcome plain = new LightCurveClipper().clipWithReport(copy(f));
        LightCurveClipper.Outcome nan = new LightCurveClipper().clipWithReport(withNaN);
        assertEquals(plain.clippedPixels(), nan.clippedPixels());
        assertEquals(plain.interpolatedChannels(), nan.interpolatedChannels());
        for (int t = 0; t < NINT; t++) {
            for (int c = 0; c < pad; c++) {
                assertTrue(Double.isNaN(nan.flux()[t][c]));
            }
            assertArrayEquals(plain.flux()[t], java.util.Arrays.copyOfRange(nan.flux()[t], pad, pad + NCHAN), 1e-12);
        }
    }

    /**
     * Step 3 channel block by channel block, skipping the filter of channels whose scatter is NaN, gives the bits of
     * the whole-array formulation (filter every channel, replace the edge rows, then clip).
     */
    @Test
    void blockedStepThreeEqualsTheWholeArrayFormulation() {
        Random rng = new Random(23);
        for (int n : new int[]{12, 40, 150}) {
            int nw = 301;
            double[][] f = new double[n][nw];
            for (int t = 0; t < n; t++) {
                for (int c = 0; c < nw; c++) {
                    f[t][c] = 100 + rng.nextGaussian() + (rng.nextInt(200) == 0 ? 40 : 0);
                }
            }
            f[n / 2][17] = Double.NaN; // a NaN scatter term: channel 17 is never clipped
            for (int window : new int[]{1, 4, 10}) {
                double[][] expected = new double[n][];
                for (int t = 0; t < n; t++) {
                    expected[t] = f[t].clone();
                }
                // rare spikes leave every channel's median scatter alone: steps 1-2 find nothing, step 3 acts
                LightCurveClipper.Outcome got = new LightCurveClipper(10, window).clipWithReport(f);
                assertEquals(0, got.interpolatedChannels() + got.maskedChannels(), "n=" + n + " window=" + window);
                int changed = wholeArrayStepThree(f, expected, window, 10);
                for (int t = 0; t < n; t++) {
                    assertArrayEquals(expected[t], got.flux()[t], "n=" + n + " window=" + window + " t=" + t);
                }
                assertEquals(changed, got.clippedPixels());
                assertTrue(window == 1 || changed > 0, "spikes clipped (a window of 1 is the identity)");
            }
        }
    }

    /** The former whole-array step 3 (median_filter of every channel, edge rows, plain median scatter). */
    private static int wholeArrayStepThree(double[][] flux, double[][] out, int window, double thresh) {
        int n = flux.length;
        int nw = flux[0].length;
        double[][] filt = io.sossstream.stats.ColumnMedianFilter.filterColumns(flux, window);
        int h = window / 2;
        if (h >= 1) {
            replaceRows(filt, 0, Math.min(h, n), py(h, n), py(h + window, n));
            replaceRows(filt, py(-h, n), n, py(-(h + 1 + window), n), py(-(h + 1), n));
        }
        double[] work = new double[n];
        int clipped = 0;
        for (int c = 0; c < nw; c++) {
            int m = 0;
            double sigma;
            boolean nan = false;
            for (int t = 1; t < n - 1; t++) {
                double d = Math.abs(0.5 * (flux[t - 1][c] + flux[t + 1][c]) - flux[t][c]);
                nan |= d != d;
                work[m++] = d;
            }
            sigma = nan ? Double.NaN : io.sossstream.stats.NanStats.medianInPlace(work, m);
            if (sigma == 0) {
                sigma = Double.POSITIVE_INFINITY;
            }
            for (int t = 0; t < n; t++) {
                if (Math.abs(flux[t][c] - filt[t][c]) / sigma > thresh) {
                    out[t][c] = filt[t][c];
                    clipped++;
                }
            }
        }
        return clipped;
    }

    private static void replaceRows(double[][] filt, int from, int to, int s0, int s1) {
        int nw = filt[0].length;
        double[] work = new double[Math.max(s1 - s0, 0)];
        double[] med = new double[nw];
        for (int c = 0; c < nw; c++) {
            int m = 0;
            boolean nan = false;
            for (int t = s0; t < s1; t++) {
                double v = filt[t][c];
                nan |= v != v;
                work[m++] = v;
            }
            med[c] = nan ? Double.NaN : io.sossstream.stats.NanStats.medianInPlace(work, m);
        }
        for (int t = from; t < to; t++) {
            System.arraycopy(med, 0, filt[t], 0, nw);
        }
    }

    private static int py(int s, int n) {
        if (s < 0) {
            s += n;
        }
        return Math.min(Math.max(s, 0), n);
    }
}
