package io.sossstream.extract;

import io.sossstream.segment.Frame;
import io.sossstream.stats.NanStats;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WidthOptimizerTest {

    @Test
    void whiteLightCurvesEqualBoxExtractorAtEveryWidth() {
        int rows = 96;
        int cols = 300;
        Random rng = new Random(5);
        double[] centres = new double[cols];
        for (int x = 0; x < cols; x++) {
            centres[x] = x % 50 == 0 ? Double.NaN : -10 + (rows + 20) * rng.nextDouble();
            if (x % 7 == 0) {
                centres[x] = Math.rint(centres[x]);                // integer lo for even widths
            }
        }
        WidthOptimizer opt = new WidthOptimizer(centres, rows);
        int nint = 6;
        double[][] expected = new double[51][nint];
        double[] flux = new double[cols];
        double[] err = new double[cols];
        for (int t = 0; t < nint; t++) {
            Frame f = BoxExtractorTest.randomFrame(rng, rows, cols);
            for (int k = 0; k < 40; k++) {
                f.sci[rng.nextInt(rows * cols)] = Float.NaN;
            }
            opt.accept(f);
            for (int w = 10; w <= 60; w++) {
                new BoxExtractor(BoxAperture.of(centres, w, rows)).extract(f, flux, err);
                double s = 0;
                for (double v : flux) {
                    if (!Double.isNaN(v)) {
                        s += v;
                    }
                }
                expected[w - 10][t] = s;
            }
        }
        for (int w = 10; w <= 60; w++) {
            double[] got = opt.whiteLightCurve(w);
            for (int t = 0; t < nint; t++) {
                assertEquals(expected[w - 10][t], got[t], 1e-9 * Math.abs(expected[w - 10][t]), "w=" + w + " t=" + t);
            }
        }
        WidthOptimizer.Result r = opt.result(WidthOptimizer.Metric.EXOTEDRF);
        int best = 0;
        double[] work = new double[nint];
        for (int k = 0; k < 51; k++) {
            double s = NanStats.medianScatter(expected[k], nint, work);
            assertEquals(s, r.scores()[k], 1e-9 * Math.max(1, s));
            if (s < NanStats.medianScatter(expected[best], nint, work)) {
                best = k;
            }
        }
        assertEquals(10 + best, r.bestWidth());
    }

    /**
     * Core of 22 rows around the trace whose total is constant in time but whose profile changes (a cosine
     * redistribution over exactly one period), and white noise outside it: narrower apertures see the profile
     * change, wider ones the noise; only W = 22 sees neither.
     */
    @Test
    void picksTheInjectedCoreWidth() {
        int rows = 128;
        int cols = 200;
        int core = 22;
        Random rng = new Random(21);
        double[] centres = new double[cols];
        for (int x = 0; x < cols; x++) {
            centres[x] = 40 + (x % 30);                 // integer centre: the core is rows [c − 11, c + 11)
        }
        WidthOptimizer opt = new WidthOptimizer(centres, rows);
        for (int t = 0; t < 40; t++) {
            Frame f = new Frame(rows, cols);
            double a = 30 * rng.nextGaussian();
            for (int x = 0; x < cols; x++) {
                int c0 = (int) centres[x] - core / 2;
                for (int y = 0; y < rows; y++) {
                    double v;
                    if (y >= c0 && y < c0 + core) {
                        v = 200 + a * Math.cos(2 * Math.PI * (y - c0 + 0.5) / core);
                    } else {
                        v = 5 * rng.nextGaussian();
                    }
                    f.sci[y * cols + x] = (float) v;
                }
            }
            opt.accept(f);
        }
        WidthOptimizer.Result r = opt.result(WidthOptimizer.Metric.EXOTEDRF);
        assertEquals(core, r.bestWidth());
        assertEquals(51, r.scores().length);
        assertEquals(10, r.widths()[0]);
        assertEquals(60, r.widths()[50]);
    }

    @Test
    void needsThreeIntegrations() {
        WidthOptimizer opt = new WidthOptimizer(new double[] {20}, 64);
        opt.accept(new Frame(64, 1));
        opt.accept(new Frame(64, 1));
        assertThrows(IllegalStateException.class, () -> opt.result(WidthOptimizer.Metric.RELATIVE));
    }

    @Test
    void tiesGoToTheFirstWidth() {
        WidthOptimizer opt = new WidthOptimizer(new double[] {32}, 64);
        for (int t = 0; t < 5; t++) {
            opt.accept(new Frame(64, 1));               // all zeros: every score is 0
        }
        assertEquals(10, opt.result(WidthOptimizer.Metric.EXOTEDRF).bestWidth());
    }
}
