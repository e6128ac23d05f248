package io.sossstream.calibrate;

import io.sossstream.spectra.WavelengthBins;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpectralRebinTest {

    @Test
    void edgesAreMidpointsWithMirroredEnds() {
        double[] e = WavelengthBins.edges(new double[] {1.0, 2.0, 4.0});
        assertArrayEquals(new double[] {0.5, 1.5, 3.0, 5.0}, e, 0.0);
        assertArrayEquals(new double[] {-1.0, -1.25, -1.25, -1.0},
                WavelengthBins.widths(new double[] {4.0, 3.0, 1.5, 0.5}), 1e-15);
    }

    @Test
    void conservesIntegratedFluxOnRandomSpectra() {
        Random rng = new Random(42);
        for (int trial = 0; trial < 20; trial++) {
            int n = 200 + rng.nextInt(3000);
            double[] w = irregularGrid(rng, n, 0.8, 0.001);
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = rng.nextDouble() * 10 + (rng.nextBoolean() ? 100 : 0);
            }
            int m = 10 + rng.nextInt(400);
            double first = w[n / 5] + 0.3 * (w[n / 5 + 1] - w[n / 5]);
            double[] nw = irregularGrid(rng, m, first, (w[n - 10] - first) / m / 1.6);
            double[] out = SpectralRebin.rebin(nw, w, f);
            double[] oe = WavelengthBins.edges(nw);
            double integral = 0;
            for (int j = 0; j < m; j++) {
                assertTrue(Double.isFinite(out[j]));
                integral += out[j] * (oe[j + 1] - oe[j]);
            }
            double expected = stepIntegral(WavelengthBins.edges(w), f, oe[0], oe[m]);
            assertEquals(expected, integral, 1e-10 * Math.abs(expected), "trial " + trial);
        }
    }

    @Test
    void binsOutsideTheInputAreNaNAndIdentityIsExact() {
        // dyadic values so that edges are exact
        double[] w = {1.0, 1.25, 1.5, 1.75, 2.0};
        double[] f = {3, 4, 5, 6, 7};
        assertArrayEquals(f, SpectralRebin.rebin(w, w, f), 0.0);
        assertArrayEquals(new double[] {4, 5, 6}, SpectralRebin.rebin(new double[] {1.25, 1.5, 1.75}, w, f), 0.0);
        // [1.0, 1.5] covers 0.125 of the bin of 3, all 0.25 of the bin of 4 and 0.125 of the bin of 5
        assertEquals((0.125 * 3 + 0.25 * 4 + 0.125 * 5) / 0.5,
                SpectralRebin.rebin(new double[] {1.25, 1.75}, w, f)[0], 1e-15);
        double[] out = SpectralRebin.rebin(new double[] {0.75, 1.0, 1.25}, w, f);
        assertTrue(Double.isNaN(out[0]));
        assertEquals(3, out[1], 0.0);
        out = SpectralRebin.rebin(new double[] {1.75, 2.0, 2.25}, w, f);
        assertEquals(7, out[1], 0.0);
        assertTrue(Double.isNaN(out[2]));
    }

    /** Increasing grid with random steps in [0.5, 1.5]·step. */
    static double[] irregularGrid(Random rng, int n, double start, double step) {
        double[] w = new double[n];
        w[0] = start;
        for (int i = 1; i < n; i++) {
            w[i] = w[i - 1] + step * (0.5 + rng.nextDouble());
        }
        return w;
    }

    /** ∫ of the piecewise-constant spectrum between a and b. */
    static double stepIntegral(double[] edges, double[] f, double a, double b) {
        double s = 0;
        for (int i = 0; i < f.length; i++) {
            double lo = Math.max(a, edges[i]);
            double hi = Math.min(b, edges[i + 1]);
            if (hi > lo) {
                s += f[i] * (hi - lo);
            }
        }
        return s;
    }
}
