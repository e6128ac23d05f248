package io.sossstream.extract;

import io.sossstream.segment.Frame;
import io.sossstream.stats.NanStats;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WidthOptimizerTest {

    /**
     * A parallel pass (each thread its own sums, frames in any order, added in time order afterwards) gives the
     * sequential pass's curves bit for bit.
     */
    @Test
    void whiteLightsOnSeveralThreadsAddUpToTheSequentialCurves() throws Exception {
        int rows = 80;
        int cols = 256;
        Random rng = new Random(11);
        double[] centres = new double[cols];
        for (int x = 0; x < cols; x++) {
            centres[x] = x % 40 == 0 ? Double.NaN : 20 + 40 * rng.nextDouble();
        }
        int nint = 24;
        Frame[] frames = new Frame[nint];
        for (int t = 0; t < nint; t++) {
            frames[t] = BoxExtractorTest.randomFrame(rng, rows, cols);
            for (int k = 0; k < 30; k++) {
                frames[t].sci[rng.nextInt(rows * cols)] = Float.NaN;
            }
        }
        WidthOptimizer sequential = new WidthOptimizer(centres, rows);
        for (Frame f : frames) {
            sequential.accept(f);
        }
        WidthOptimizer parallel = new WidthOptimizer(centres, rows);
        double[][] w = new double[nint][];
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();
            for (int b = 0; b < 3; b++) {
                int first = b;
                tasks.add(pool.submit(() -> {
                    WidthOptimizer.Sums sums = parallel.newSums();
                    for (int t = nint - 1 - first; t >= 0; t -= 3) { // backwards, interleaved: any schedule
                        w[t] = parallel.whiteLights(frames[t], sums);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : tasks) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (double[] perWidth : w) {
            parallel.add(perWidth);
        }
        assertEquals(nint, parallel.integrations());
        for (int width = WidthOptimizer.MIN_WIDTH; width <= WidthOptimizer.MAX_WIDTH; width++) {
            assertArrayEquals(sequential.whiteLightCurve(width), parallel.whiteLightCurve(width), "width " + width);
        }
        assertEquals(sequential.result(WidthOptimizer.Metric.RELATIVE).bestWidth(),
                parallel.result(WidthOptimizer.Metric.RELATIVE).bestWidth());
        assertThrows(IllegalArgumentException.class, () -> parallel.add(new double[3]));
    }

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
