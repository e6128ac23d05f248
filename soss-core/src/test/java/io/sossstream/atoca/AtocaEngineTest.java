package io.sossstream.atoca;

import io.sossstream.reference.SpecTrace;
import io.sossstream.segment.Subarray;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviours jwst's own ATOCA unit tests check (test_atoca.py, test_atoca_utils.py), on our engine. */
class AtocaEngineTest {
    static final int ROWS = 40;
    static final int COLS = 300;
    /** A spectrum with a slope and curvature (jwst's tests use a power law). */
    static final DoubleUnaryOperator SPECTRUM = w -> 1e8 * (1 + 0.5 * (w - 1.0) + 0.2 * Math.sin(8 * w));

    /** Two orders on a small detector: order 1 λ = 1.6 … 1.0 µm at y = 12, order 2 λ = 0.8 … 0.5 µm at y = 25. */
    static List<ExtractionEngine.Order> orders() {
        double[] w1 = new double[COLS];
        double[] w2 = new double[COLS];
        for (int x = 0; x < COLS; x++) {
            w1[x] = 1.6 - 0.002 * x;
            w2[x] = 0.8 - 0.001 * x;
        }
        return List.of(new ExtractionEngine.Order(1, w1, gaussianProfile(12, 2.0), null, null),
                new ExtractionEngine.Order(2, w2, gaussianProfile(25, 2.5), null, null));
    }

    static double[] gaussianProfile(double yc, double s) {
        double[] p = new double[ROWS * COLS];
        for (int x = 0; x < COLS; x++) {
            double sum = 0;
            for (int y = 0; y < ROWS; y++) {
                sum += Math.exp(-0.5 * Math.pow((y - yc) / s, 2));
            }
            for (int y = 0; y < ROWS; y++) {
                p[y * COLS + x] = Math.exp(-0.5 * Math.pow((y - yc) / s, 2)) / sum;
            }
        }
        return p;
    }

    static double[] uniformGrid(double a, double b, double step) {
        int n = (int) Math.round((b - a) / step) + 1;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = a + i * step;
        }
        return g;
    }

    static boolean[][] noTraceMask() {
        return new boolean[][] {new boolean[ROWS * COLS], new boolean[ROWS * COLS]};
    }

    @Test
    void recoversAKnownSpectrumWithinFivePercentWithAndWithoutRegularisation() {
        // One grid point per pixel centre in each order (the unregularised problem is then well posed).
        double[] blue = uniformGrid(0.499, 0.802, 1e-3);
        double[] red = uniformGrid(0.998, 1.604, 2e-3);
        double[] grid = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(blue), java.util.Arrays.stream(red)).toArray();
        ExtractionEngine engine = new ExtractionEngine(orders(), grid, noTraceMask(), null, 1e-3, ROWS, COLS, 1e-5);
        double[] truth = new double[grid.length];
        for (int k = 0; k < grid.length; k++) {
            truth[k] = SPECTRUM.applyAsDouble(grid[k]);
        }
        double[] model = engine.model(truth, 0);
        Random rng = new Random(7);
        double[] sigma = new double[model.length];
        double[] data = new double[model.length];
        for (int p = 0; p < model.length; p++) {
            sigma[p] = Math.sqrt(Math.abs(model[p]) + 1);
            data[p] = model[p] + sigma[p] * rng.nextGaussian();
        }
        NormalEquations ne = new NormalEquations(engine, sigma);
        double guess = TikhonovSearch.initialGuess(ne, truth);
        double factor = TikhonovSearch.search(ne, data, guess, -4, 4);
        for (double alpha : new double[] {0, factor}) {
            double[] f = ne.factor(alpha).solve(data);
            int checked = 0;
            for (int k = 0; k < grid.length; k++) {
                // Inside the orders, away from the two or three grid points only partial pixels see.
                boolean inside = (grid[k] > 0.505 && grid[k] < 0.795) || (grid[k] > 1.01 && grid[k] < 1.59);
                if (inside) {
                    assertTrue(Double.isFinite(f[k]), "α = " + alpha + ": λ = " + grid[k] + " not solved");
                    checked++;
                    double rel = Math.abs(f[k] - truth[k]) / truth[k];
                    assertTrue(rel < 0.05, "α = " + alpha + ": λ = " + grid[k] + " off by " + rel);
                }
            }
            assertTrue(checked > 0.75 * grid.length, "only " + checked + " grid points checked");
        }
    }

    @Test
    void likelihoodPeaksAtTheTrueSlope() {
        double[] grid = uniformGrid(0.49, 1.61, 1e-3);
        ExtractionEngine engine = new ExtractionEngine(orders(), grid, noTraceMask(), null, 1e-3, ROWS, COLS, 1e-5);
        double trueSlope = 1.5;
        double[] data = engine.model(powerLaw(grid, trueSlope), 0);
        double best = Double.NaN;
        double bestChi2 = Double.POSITIVE_INFINITY;
        for (double slope = 0; slope < 5; slope += 0.5) {
            double[] m = engine.model(powerLaw(grid, slope), 0);
            double chi2 = 0;
            for (int p = 0; p < m.length; p++) {
                if (!engine.masked(p)) {
                    chi2 += Math.pow(m[p] - data[p], 2);
                }
            }
            if (chi2 < bestChi2) {
                bestChi2 = chi2;
                best = slope;
            }
        }
        assertEquals(trueSlope, best);
    }

    private static double[] powerLaw(double[] grid, double slope) {
        double[] f = new double[grid.length];
        for (int k = 0; k < grid.length; k++) {
            f[k] = 1e5 * Math.pow(grid[k], slope);
        }
        return f;
    }

    @Test
    void tooFewGoodPixelsIsABadInputNamingTheOrderAndTheCount() {
        double[] grid = uniformGrid(0.49, 1.61, 1e-3);
        boolean[] bad = new boolean[ROWS * COLS];
        java.util.Arrays.fill(bad, true);
        for (int x = 50; x < 55; x++) {
            for (int y = 5; y < 7; y++) {
                bad[y * COLS + x] = false;
            }
        }
        MaskOverlapException e = assertThrows(MaskOverlapException.class,
                () -> new ExtractionEngine(orders(), grid, noTraceMask(), bad, 1e-3, ROWS, COLS, 1e-5));
        assertEquals(1, e.order());
        assertEquals(10, e.goodPixels());
        assertTrue(e.getMessage().contains("order 1") && e.getMessage().contains("10 usable pixels"), e.getMessage());
    }

    @Test
    void modelImageIsNaNExactlyOnMaskedPixels() {
        double[] grid = uniformGrid(0.49, 1.61, 1e-3);
        ExtractionEngine engine = new ExtractionEngine(orders(), grid, noTraceMask(), null, 1e-3, ROWS, COLS, 1e-5);
        double[] m = engine.model(powerLaw(grid, 1), Double.NaN);
        for (int p = 0; p < m.length; p++) {
            assertEquals(engine.masked(p), Double.isNaN(m[p]), "pixel " + p);
        }
    }

    @Test
    void throughputIsZeroAtBothEndsOfItsTable() {
        SpecTrace trace = SpecTrace.load(Subarray.SUBSTRIP256);
        for (int order = 1; order <= 3; order++) {
            Throughput t = Throughput.of(trace, order);
            assertEquals(0.0, t.at(0.5), 1e-15);
            assertEquals(0.0, t.at(5.5), 1e-15);
            assertEquals(0.0, t.at(0.1), 1e-15, "clipped below the table");
            assertEquals(0.0, t.at(9.0), 1e-15, "clipped above the table");
        }
        // Between samples the spline passes through the table.
        double[] w = trace.wavelength(1);
        double[] tp = trace.throughput(1);
        Throughput t1 = Throughput.of(trace, 1);
        for (int i = 100; i < w.length - 100; i += 250) {
            assertEquals(tp[i], t1.at(w[i]), 1e-12);
        }
    }

    @Test
    void convolutionMatrixRowsSumToOneAndKernelPeaksAtItsCentre() {
        SpecTrace trace = SpecTrace.load(Subarray.SUBSTRIP256);
        double[] wc = new double[Subarray.COLUMNS];
        for (int x = 0; x < wc.length; x++) {
            wc[x] = trace.wavelengthAt(1, x);
        }
        SpectralKernel k = new SpectralKernel(SpectralKernel.packagedMatrix(), wc);
        double[] grid = WavelengthGrid.nativeEdgeGrid(wc, 2);
        SparseRows c = ConvolutionMatrix.of(k, grid, 100, grid.length - 100, ConvolutionMatrix.DEFAULT_THRESHOLD);
        for (int r = 0; r < c.rows; r++) {
            double s = 0;
            for (int p = c.rowStart[r]; p < c.rowStart[r + 1]; p++) {
                assertTrue(c.values[p] >= 0);
                s += c.values[p];
            }
            assertEquals(1.0, s, 1e-12, "row " + r);
        }
        double centre = 1.5;
        double peak = k.value(centre, centre);
        assertTrue(peak > k.value(centre + 0.002, centre) && peak > k.value(centre - 0.002, centre));
        assertEquals(0.0, k.value(centre + 0.05, centre), "beyond ±7 px the kernel is 0");
        assertTrue(k.value(centre + 0.0065, centre) >= k.minValue(), "inside ±7 px it is floored at the minimum");
    }

    @Test
    void derivativeOperatorAndPixelWeightsIntegrateExactly() {
        // The pixel weights integrate a piecewise-linear function exactly; for a linear f: ∫ f = (b − a)·f(mid).
        double[] grid = {1.0, 1.1, 1.25, 1.3, 1.5};
        double[] w = new double[grid.length];
        PixelIntegration.weights(grid, 0, grid.length, 1.05, 1.42, (k, v) -> w[k] += v);
        double integral = 0;
        for (int k = 0; k < grid.length; k++) {
            integral += w[k] * (2 * grid[k] + 1);
        }
        assertEquals((1.42 - 1.05) * (2 * 1.235 + 1), integral, 1e-12);
    }

    /**
     * jwst's get_w index rule. Expected values from a literal numpy transcription of jwst's {@code _get_lo_hi} and
     * {@code get_w} run on the same inputs: a pixel whose edges sit just above grid points gets the exact
     * trapezoid weights; a pixel whose edges fall inside grid intervals gets the same three weights one grid
     * point to the blue, the red partial interval two points away.
     */
    @Test
    void jwstPixelWeightsFollowJwstsIndexRule() {
        double[] grid = {0, 1, 2, 3, 4, 5, 6};
        double[] onPoints = weights(grid, 3 + 1e-8, 5 + 1e-8, true);
        double[] exact = weights(grid, 3 + 1e-8, 5 + 1e-8, false);
        for (int k = 0; k < grid.length; k++) {
            assertEquals(exact[k], onPoints[k], 1e-7, "edges on grid points, k = " + k);
        }
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 1.0, 0.5, 0}, onPoints, 1e-7);
        double[] inside = weights(grid, 1.5, 2.5, true);
        assertArrayEquals(new double[] {0.125, 0.125, 0.75, 0, 0, 0, 0}, inside, 1e-12);
        assertArrayEquals(new double[] {0, 0.125, 0.75, 0.125, 0, 0, 0}, weights(grid, 1.5, 2.5, false), 1e-12);
    }

    private static double[] weights(double[] grid, double minus, double plus, boolean jwst) {
        double[] w = new double[grid.length];
        if (jwst) {
            JwstPixelWeights.weights(grid, 0, grid.length, minus, plus, (k, v) -> w[k] += v);
        } else {
            PixelIntegration.weights(grid, 0, grid.length, minus, plus, (k, v) -> w[k] += v);
        }
        return w;
    }

    @Test
    void adaptiveGridStaysInItsRangeAndSizeAndRefinesWhereTheFunctionCurves() {
        double[] coarse = uniformGrid(0.5, 1.5, 0.01);
        List<double[]> grids = List.of(coarse);
        DoubleUnaryOperator peaked = w -> 1 + 100 * Math.exp(-0.5 * Math.pow((w - 1.0) / 0.005, 2));
        double[] g = AdaptiveGrid.combined(grids, List.of(peaked), new double[] {0.6, 1.4}, 30, 1e-4, 500);
        assertTrue(g.length <= 500, "size " + g.length);
        assertTrue(g[0] >= 0.59 - 1e-12 && g[g.length - 1] <= 1.41 + 1e-12, "range " + g[0] + " – " + g[g.length - 1]);
        int near = 0;
        int far = 0;
        for (double v : g) {
            if (Math.abs(v - 1.0) < 0.02) {
                near++;
            } else if (Math.abs(v - 1.3) < 0.02) {
                far++;
            }
        }
        assertTrue(near > 3 * far, near + " points near the peak, " + far + " far from it");
        // Romberg estimate on [0, 1] for v²: T₁ = 1/2, T₂ = 3/8, R = (4T₂ − T₁)/3 = 1/3, error |R − T₁| = 1/6.
        double[][] err = AdaptiveGrid.integrationErrors(new double[] {0, 1}, v -> v * v);
        assertEquals(1.0 / 6, err[0][0], 1e-15);
        assertEquals(0.5, err[1][0], 1e-15);
    }

    @Test
    void directSolveMatchesAndSingularSystemsFallBackThenGiveUp() {
        EnvelopeMatrix.Structure s = new EnvelopeMatrix.Structure(3);
        s.addClique(new int[] {0, 1, 2}, 3);
        EnvelopeMatrix a = EnvelopeMatrix.forStructure(s);
        double[][] dense = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                a.add(i, j, dense[i][j]);
            }
        }
        EnvelopeMatrix f = a.copy();
        f.factor();
        double[] x = f.solve(new double[] {1, 2, 3});
        for (int i = 0; i < 3; i++) {
            double r = 0;
            for (int j = 0; j < 3; j++) {
                r += dense[i][j] * x[j];
            }
            assertEquals(new double[] {1, 2, 3}[i], r, 1e-12);
        }
        double[] y = ConjugateGradient.solve(a, new double[] {1, 2, 3}, 1e-12, 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(x[i], y[i], 1e-9);
        }
        EnvelopeMatrix singular = EnvelopeMatrix.forStructure(s);
        singular.add(0, 0, 1);
        singular.add(1, 0, 1);
        singular.add(1, 1, 1);
        singular.add(2, 2, 1);
        assertThrows(ArithmeticException.class, () -> singular.copy().factor());
        assertNull(ConjugateGradient.solve(singular, new double[] {1, 0, 1}, 1e-12, 50),
                "an inconsistent singular system has no solution: the iterative fallback gives up");
    }
}
