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
}
