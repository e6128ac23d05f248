package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.spectra.SpectraFitsReader;
import io.sossstream.spectra.TimeSeriesSpectra;
import io.sossstream.stage3.Stage3Options;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 2 acceptance: the injected WASP-39 b transmission spectrum is recovered from simulated SUBSTRIP256
 * segments run through the batch Stage 3 (3 segments, 180 integrations), and the white-light scatter matches the
 * noise the ERR arrays promise.
 */
class InjectionRecoveryTest {
    private static final int BIN = 20;

    @TempDir
    static Path dir;
    static TimeSeriesSpectra spectra;
    static double[] shape;
    static double[] truthDepth = new double[2048];

    @BeforeAll
    static void simulateAndRun() throws IOException {
        // 150 s integrations so that 180 of them cover the 2.8 h transit and a baseline on both sides.
        SimulationOptions sim = SimulationOptions.defaults().withSegments(3, 60).withSeed(42).withIntegrationTime(150);
        Path raw = dir.resolve("raw");
        Simulator.run(sim, raw, ProgressListener.NONE);
        BatchRun.Result r = BatchRun.run(List.of(raw), dir.resolve("out"), Stage3Options.defaults(),
                "2026-01-01T00:00:00", ProgressListener.NONE);
        spectra = SpectraFitsReader.read(r.spectra()).spectra();

        List<String> ts = Files.readAllLines(raw.resolve("truth_timeseries.csv"));
        shape = new double[ts.size() - 1];
        for (int i = 1; i < ts.size(); i++) {
            shape[i - 1] = Double.parseDouble(ts.get(i).split(",")[3]);
        }
        java.util.Arrays.fill(truthDepth, Double.NaN);
        for (String line : Files.readAllLines(raw.resolve("truth.csv"))) {
            String[] f = line.split(",");
            if (f[0].equals("1")) {
                truthDepth[Integer.parseInt(f[1])] = f[3].equals("nan") ? Double.NaN : Double.parseDouble(f[3]);
            }
        }
    }

    @Test
    void transitDepthsPer20ColumnBinMatchTheInjectedSpectrum() {
        int n = spectra.integrations();
        assertEquals(180, n);
        assertEquals(n, shape.length);
        double chi2 = 0;
        int bins = 0;
        List<String> rows = new ArrayList<>();
        // Product columns are reversed (increasing wavelength): product column j is detector column 2047 - j.
        for (int x0 = 4; x0 + BIN <= 2044; x0 += BIN) {
            double[] lc = new double[n];
            double wsum = 0;
            double truth = 0;
            boolean ok = true;
            for (int x = x0; x < x0 + BIN; x++) {
                int j = 2047 - x;
                double colFlux = 0;
                for (int t = 0; t < n; t++) {
                    lc[t] += spectra.fluxO1()[t][j];
                    colFlux += spectra.fluxO1()[t][j];
                }
                ok &= Double.isFinite(truthDepth[x]) && Double.isFinite(colFlux);
                truth += truthDepth[x] * colFlux;
                wsum += colFlux;
            }
            if (!ok) {
                continue;
            }
            truth /= wsum;
            double[] fit = TransitFit.fit(lc, shape);
            double depth = fit[0];
            double sigma = fit[1];
            chi2 += Math.pow((depth - truth) / sigma, 2);
            bins++;
            rows.add(String.format(Locale.ROOT, "%4d-%4d  injected %8.1f  measured %8.1f ± %5.1f ppm", x0, x0 + BIN - 1,
                    truth * 1e6, depth * 1e6, sigma * 1e6));
        }
        double reduced = chi2 / bins;
        rows.stream().filter(s -> rows.indexOf(s) % 10 == 0).forEach(System.out::println);
        System.out.printf(Locale.ROOT, "injection-recovery: %d bins of %d columns, chi2/N = %.3f%n", bins, BIN, reduced);
        // The simulator flags 200 DO_NOT_USE pixels; repaired from the deep stack, they cost no bin (with exoTEDRF's
        // NaN propagation about 20 of the 102 bins would be lost).
        assertTrue(bins >= 100, "too few usable bins: " + bins);
        assertTrue(reduced < 2.0, "chi2/N = " + reduced);
    }

    @Test
    void whiteLightScatterIsWhatTheErrArraysPromise() {
        int n = spectra.integrations();
        double[] wlc = new double[n];
        double[] expected = new double[n];
        for (int t = 0; t < n; t++) {
            for (int j = 4; j < 2044; j++) {
                if (!Double.isFinite(spectra.fluxO1()[0][j])) {
                    continue; // columns with a bad pixel are NaN at every time: left out of both sums
                }
                wlc[t] += spectra.fluxO1()[t][j];
                expected[t] += spectra.errO1()[t][j] * spectra.errO1()[t][j];
            }
            expected[t] = Math.sqrt(expected[t]);
        }
        double[] fit = TransitFit.fit(wlc, shape);
        double rms = fit[2];
        double promised = io.sossstream.stats.NanStats.nanmedian(expected);
        System.out.printf(Locale.ROOT, "white light: rms %.2f DN/s, expected from ERR %.2f DN/s, ratio %.3f; depth %.1f ppm%n",
                rms, promised, rms / promised, fit[0] * 1e6);
        assertTrue(rms / promised < 1.2, "white-light scatter " + rms + " vs ERR " + promised);
        assertTrue(rms / promised > 0.8, "ERR overestimates the noise: " + rms + " vs " + promised);
    }

    /** Linear least squares of f(t) = a − b·s(t): depth b/a, its 1σ from the residual scatter, and the residual rms. */
    static final class TransitFit {
        static double[] fit(double[] f, double[] s) {
            int n = f.length;
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int t = 0; t < n; t++) {
                sx += s[t];
                sy += f[t];
                sxx += s[t] * s[t];
                sxy += s[t] * f[t];
            }
            double det = n * sxx - sx * sx;
            double slope = (n * sxy - sx * sy) / det;
            double a = (sy - slope * sx) / n;
            double rss = 0;
            for (int t = 0; t < n; t++) {
                double r = f[t] - (a + slope * s[t]);
                rss += r * r;
            }
            double var = rss / (n - 2);
            double sigmaSlope = Math.sqrt(var * n / det);
            return new double[] {-slope / a, sigmaSlope / a, Math.sqrt(rss / n)};
        }
    }
}
