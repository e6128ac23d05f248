package io.sossstream.calibrate;

import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthSolution;
import io.sossstream.segment.Subarray;
import io.sossstream.testdata.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance (issue 8): sub-pixel shifts without lag bias, an uncertainty that reflects the noise, and wrong
 * templates rejected.
 *
 * <p>The scene is real: the published supreme-SPOON WASP-39 order-1 spectrum, one value per detector column, placed
 * on the integer pixel grid (column x at SPECTRACE's λ(x)) — the template. The data are the same spectrum shifted by
 * s pixels with a band-limited (Fourier) shift on an even extension: column x holds the spectrum at x − s. The
 * recovered shift must be +s.
 */
class InjectedShiftTest {
    static final double[] SHIFTS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, -1.7, 2.3};

    private static WavelengthSolution reference;
    private static double[] template;
    private static ModelSpectrum model;

    @BeforeAll
    static void load() throws IOException {
        reference = WavelengthSolution.fromSpecTrace(SpecTrace.load(Subarray.SUBSTRIP256));
        List<String> lines = Files.readAllLines(SharedData.wasp39("supremespoon_stellar_spectrum_order1.csv"));
        template = new double[Subarray.COLUMNS];
        for (int x = 0; x < template.length; x++) {
            String f = lines.get(1 + x).split(",")[1].trim();
            template[x] = f.equalsIgnoreCase("nan") || f.isEmpty() ? Double.NaN : Double.parseDouble(f);
        }
        model = onGrid(template, "supreme-SPOON WASP-39 order 1 on the pixel grid");
    }

    /** A spectrum given per column as a model on SPECTRACE's wavelengths (finite columns only, increasing λ). */
    static ModelSpectrum onGrid(double[] perColumn, String description) {
        double[] lam = reference.orderOne();
        int n = 0;
        double[] w = new double[perColumn.length];
        double[] f = new double[perColumn.length];
        for (int x = perColumn.length - 1; x >= 0; x--) { // order 1: λ decreases with x
            if (Double.isFinite(perColumn[x]) && Double.isFinite(lam[x])) {
                w[n] = lam[x];
                f[n++] = perColumn[x];
            }
        }
        return new ModelSpectrum(Arrays.copyOf(w, n), Arrays.copyOf(f, n), description);
    }

    /**
     * Band-limited shift of the finite run of {@code a}: out[x] = a(x − s), the trigonometric interpolant of one
     * period of its even extension [a, reversed a] (no jump at the period's ends, so no ringing).
     */
    static double[] fourierShift(double[] a, double s) {
        int lo = 0;
        while (!Double.isFinite(a[lo])) {
            lo++;
        }
        int hi = a.length - 1;
        while (!Double.isFinite(a[hi])) {
            hi--;
        }
        int len = hi - lo + 1;
        double[] period = new double[2 * len];
        for (int i = 0; i < len; i++) {
            period[i] = a[lo + i];
            period[2 * len - 1 - i] = a[lo + i];
        }
        double[] shifted = shiftPeriodic(period, s);
        double[] out = new double[a.length];
        Arrays.fill(out, Double.NaN);
        System.arraycopy(shifted, 0, out, lo, len);
        return out;
    }

    /** Exact band-limited shift of one period (any length n) by a direct DFT and resynthesis at j − s. */
    private static double[] lastPeriod;
    private static double[][] lastTransform;

    /** Exact band-limited shift of one period (any length n): its DFT, resynthesised at j − s. */
    static double[] shiftPeriodic(double[] p, double s) {
        int n = p.length;
        int half = n / 2;
        if (!Arrays.equals(p, lastPeriod)) {
            lastTransform = transform(p);
            lastPeriod = p.clone();
        }
        double[] re = lastTransform[0];
        double[] im = lastTransform[1];
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double step = 2 * Math.PI * (j - s) / n;
            double c = Math.cos(step);
            double sn = Math.sin(step);
            double zr = 1;
            double zi = 0;
            double v = re[0];
            for (int k = 1; k < (n + 1) / 2; k++) {
                double t = zr * c - zi * sn;
                zi = zr * sn + zi * c;
                zr = t;
                v += 2 * (re[k] * zr - im[k] * zi);
            }
            if (n % 2 == 0) {
                v += re[half] * Math.cos(Math.PI * (j - s));
            }
            out[j] = v / n;
        }
        return out;
    }

    /** DFT bins 0…n/2 of a real sequence: {re, im}. */
    private static double[][] transform(double[] p) {
        int n = p.length;
        int half = n / 2;
        double[] re = new double[half + 1];
        double[] im = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            double c = Math.cos(-2 * Math.PI * k / n);
            double sn = Math.sin(-2 * Math.PI * k / n);
            double zr = 1;
            double zi = 0;
            for (int j = 0; j < n; j++) {
                re[k] += p[j] * zr;
                im[k] += p[j] * zi;
                double t = zr * c - zi * sn;
                zi = zr * sn + zi * c;
                zr = t;
            }
        }
        return new double[][] {re, im};
    }

    /**
     * The peak location this class replaced, for comparison: exoTEDRF's linear ×5 oversampling of both spectra (in
     * detector-column order, NaN ends dropped), its Butterworth high-pass (0.05), our taper, the direct correlation
     * near zero lag, and a parabola through the best oversampled lag. Returns the shift in pixels (data = template
     * at x − s gives +s).
     */
    static double linearOversampledParabola(double[] data, double[] tmpl) {
        int lo = 0;
        while (!Double.isFinite(data[lo]) || !Double.isFinite(tmpl[lo])) {
            lo++;
        }
        int hi = data.length - 1;
        while (!Double.isFinite(data[hi]) || !Double.isFinite(tmpl[hi])) {
            hi--;
        }
        int f = 5;
        int n = (hi - lo) * f + 1;
        double[] d = new double[n];
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            int k = lo + i / f;
            double t = (i % f) / (double) f;
            d[i] = k < hi ? data[k] + (data[k + 1] - data[k]) * t : data[hi];
            m[i] = k < hi ? tmpl[k] + (tmpl[k + 1] - tmpl[k]) * t : tmpl[hi];
        }
        Butterworth.Coefficients hp = Butterworth.design(3, 0.05, Butterworth.Type.HIGH);
        d = FiltFilt.apply(hp.b(), hp.a(), d);
        m = FiltFilt.apply(hp.b(), hp.a(), m);
        CrossCorrelation.taper(d, 0.05);
        CrossCorrelation.taper(m, 0.05);
        int maxLag = 20 * f;
        double[] c = new double[2 * maxLag + 1];
        int best = 0;
        for (int l = -maxLag; l <= maxLag; l++) {
            double sum = 0;
            for (int i = Math.max(0, -l); i < Math.min(n, n - l); i++) {
                sum += d[i + l] * m[i];
            }
            c[l + maxLag] = sum;
            if (sum > c[best]) {
                best = l + maxLag;
            }
        }
        double curv = c[best - 1] - 2 * c[best] + c[best + 1];
        double delta = 0.5 * (c[best - 1] - c[best + 1]) / curv;
        return (best - maxLag + delta) / f;   // column order: data at x holds the template at x − s → lag +s
    }

    @Test
    void recoversBandLimitedShiftsAtEveryFraction() {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%12s %13s %10s %9s %9s %10s %22s%n", "injected_px", "recovered_px", "error_px", "sigma_px", "peak_r",
                "next_peak", "linear_x5_parabola_err"));
        double worstOld = 0;
        double worst = 0;
        for (double s : SHIFTS) {
            double[] data = fourierShift(template, s);
            WavelengthRefinement.Result r = WavelengthRefinement.refine(data, null, reference, model, Double.NaN);
            WavelengthShift w = r.shift();
            double old = linearOversampledParabola(data, template) - s;
            worstOld = Math.max(worstOld, Math.abs(old));
            table.append(String.format(Locale.ROOT, "%+12.2f %+13.4f %+10.4f %9.4f %9.4f %10.3f %+22.4f%n", s, w.pixels(),
                    w.pixels() - s, w.uncertaintyPixels(), w.peakCorrelation(), w.secondPeakRatio(), old));
            worst = Math.max(worst, Math.abs(w.pixels() - s));
            assertEquals(WavelengthRefinement.Status.REFINED, r.status(), r.reason());
            assertEquals(w.microns(), r.solution().shiftMicrons(), 0.0);
            assertEquals(reference.orderTwo()[100] + w.microns(), r.solution().orderTwo()[100], 1e-12);
        }
        System.out.println("Injected vs recovered band-limited order-1 shifts (template: supreme-SPOON WASP-39 order 1 "
                + "on the integer pixel grid, no noise)");
        System.out.print(table);
        System.out.printf(Locale.ROOT, "worst |error| = %.4f px (linear x5 + parabola, exoTEDRF-style: %.4f px)%n",
                worst, worstOld);
        assertTrue(worst <= 0.02, "worst error " + worst + " px\n" + table);
        // the table can fail: the peak location this test replaced misses the same limit on the same data
        assertTrue(worstOld > 0.02, "linear oversampling no longer biased? " + worstOld);
    }

    /**
     * Photon-like noise (σ ∝ √flux, ~0.5 % per column) on band-limited shifts spread over ±1.5 px: the reported 1σ
     * covers the error in ≥ 68 % of the trials (the literal criterion), is calibrated (coverage within 2.5
     * binomial σ of 68.27 % on both sides, so an inflated σ fails too), and its size matches the rms error.
     *
     * <p>A calibrated 1σ covers 68.27 % on average, only 0.27 % above the literal limit: over 400 trials the count
     * scatters by ±2.3 %, so the literal test would pass or fail by chance. This test therefore runs 4800 trials
     * (binomial σ 0.67 %) on 24 shifts computed once, calling {@link CrossCorrelation#measure} (the code that
     * propagates the errors) on the model binned as the refinement bins it; a trial then costs milliseconds. Even so
     * the literal margin of a calibrated σ is under one binomial σ: it is not widened by inflating σ.
     */
    @Test
    void uncertaintyCoversTheErrorInNoisyTrials() {
        int shifts = 24;
        int trials = 200 * shifts;
        double[] lambda = reference.orderOne();
        double[] modelOnData = WavelengthRefinement.binOnto(model, lambda);
        double micronsPerPixel = WavelengthRefinement.micronsPerPixel(lambda);
        double[] injected = new double[shifts];
        double[][] clean = new double[shifts][];
        for (int i = 0; i < shifts; i++) {
            injected[i] = -1.5 + 3.0 * (i + 0.5) / shifts;
            clean[i] = fourierShift(template, injected[i]);
        }
        Random rng = new Random(1366);
        double level = io.sossstream.stats.NanStats.nanmedian(template);
        int covered = 0;
        double sumSigma = 0;
        double sumErr2 = 0;
        for (int t = 0; t < trials; t++) {
            double[] data = clean[t % shifts].clone();
            double[] err = new double[data.length];
            for (int x = 0; x < data.length; x++) {
                err[x] = 0.005 * Math.sqrt(Math.abs(data[x]) * level);
                data[x] += err[x] * rng.nextGaussian();
            }
            WavelengthShift w = CrossCorrelation.measure(lambda, data, err, modelOnData, micronsPerPixel);
            double e = w.pixels() - injected[t % shifts];
            covered += Math.abs(e) <= w.uncertaintyPixels() ? 1 : 0;
            sumSigma += w.uncertaintyPixels();
            sumErr2 += e * e;
        }
        double coverage = covered / (double) trials;
        double binomial = Math.sqrt(0.6827 * 0.3173 / trials);
        double ratio = sumSigma / trials / Math.sqrt(sumErr2 / trials);
        System.out.printf(Locale.ROOT, "Noisy trials: %d, mean reported sigma %.5f px, rms error %.5f px (ratio %.4f), "
                + "coverage %.2f %% (binomial sigma %.2f %%)%n", trials, sumSigma / trials, Math.sqrt(sumErr2 / trials),
                ratio, 100 * coverage, 100 * binomial);
        assertTrue(coverage >= 0.68, "the reported 1 sigma covers the error in " + coverage + " of the trials");
        assertTrue(Math.abs(coverage - 0.6827) <= 2.5 * binomial, "coverage " + coverage);
        assertTrue(ratio > 0.95 && ratio < 1.05, "mean sigma / rms error = " + ratio);
    }

    @Test
    void wrongTemplatesKeepTheReference() {
        double[] data = fourierShift(template, 0.3);
        // 1. the right spectrum reversed in wavelength
        double[] reversed = new double[template.length];
        for (int x = 0; x < reversed.length; x++) {
            reversed[x] = template[template.length - 1 - x];
        }
        // 2. a noise spectrum at the same level
        Random rng = new Random(7);
        double[] noise = new double[template.length];
        for (int x = 0; x < noise.length; x++) {
            noise[x] = Double.isFinite(template[x]) ? 1000 + 10 * rng.nextGaussian() : Double.NaN;
        }
        // 3. another star: an A star (smooth continuum with hydrogen Paschen and Brackett lines), shifted by 50 px
        double[] aStar = fourierShift(aStarPerColumn(), 50);
        String[] names = {"reversed", "noise", "A star shifted by 50 px"};
        double[][] wrong = {reversed, noise, aStar};
        for (int k = 0; k < wrong.length; k++) {
            WavelengthRefinement.Result r = WavelengthRefinement.refine(data, null, reference,
                    onGrid(wrong[k], names[k]), Double.NaN);
            System.out.printf(Locale.ROOT, "wrong template (%s): %s; %s%n", names[k], r.reason(), r.shift().summary());
            assertNotEquals(WavelengthRefinement.Status.REFINED, r.status(), names[k]);
            assertSame(reference, r.solution(), names[k]);
        }
    }

    /** Continuum λ^-3 with Gaussian hydrogen lines (depth 40 %, σ 2.5 nm), per column on SPECTRACE's λ. */
    static double[] aStarPerColumn() {
        double[] lines = {2.1655, 1.9446, 1.8174, 1.7362, 1.6811, 1.6412, 1.6114, 1.5885, 1.5705, 1.5561,
            1.8751, 1.2818, 1.0938, 1.0049, 0.9546, 0.9229, 0.9015, 0.8863};
        double[] lam = reference.orderOne();
        double[] out = new double[lam.length];
        for (int x = 0; x < lam.length; x++) {
            double v = 1e4 * Math.pow(lam[x], -3);
            for (double l : lines) {
                v *= 1 - 0.4 * Math.exp(-0.5 * Math.pow((lam[x] - l) / 0.0025, 2));
            }
            out[x] = Double.isFinite(template[x]) ? v : Double.NaN;
        }
        return out;
    }

    /** A clean, strong peak 6 px away is kept out unless the prior expects it. */
    @Test
    void shiftFarFromThePriorIsImplausible() {
        double[] data = fourierShift(template, 6.0);
        WavelengthRefinement.Result r = WavelengthRefinement.refine(data, null, reference, model, Double.NaN);
        System.out.println("6 px shift, no prior: " + r.reason());
        assertEquals(WavelengthRefinement.Status.KEPT_IMPLAUSIBLE_SHIFT, r.status());
        assertSame(reference, r.solution());
        assertEquals(6.0, r.shift().pixels(), 0.02);
        WavelengthRefinement.Result expected = WavelengthRefinement.refine(data, null, reference, model, 5.5);
        assertEquals(WavelengthRefinement.Status.REFINED, expected.status());
    }

    /** A periodic template (one sinusoid) correlates equally well one period away: ambiguous. */
    @Test
    void periodicTemplateIsAmbiguous() {
        double[] comb = new double[template.length];
        for (int x = 0; x < comb.length; x++) {
            comb[x] = Double.isFinite(template[x]) ? 1000 + 100 * Math.sin(2 * Math.PI * x / 3.1) : Double.NaN;
        }
        WavelengthRefinement.Result r = WavelengthRefinement.refine(fourierShift(comb, 0.4), null, reference,
                onGrid(comb, "sinusoid"), Double.NaN);
        System.out.println("periodic template: " + r.reason());
        assertEquals(WavelengthRefinement.Status.KEPT_AMBIGUOUS_PEAK, r.status());
        assertSame(reference, r.solution());
    }

    @Test
    void keepsTheReferenceWithoutAModel() {
        WavelengthRefinement.Result r = WavelengthRefinement.refine(new double[2048], null, reference, null, 2.3);
        assertSame(reference, r.solution());
        assertNull(r.shift());
        assertEquals("reference solution kept: no stellar parameters or template", r.status().message());
        assertEquals(2.3, r.predictedOffsetPixels(), 0.0);
    }

    @Test
    void pupilWheelPrior() {
        assertEquals(0.0, PupilWheelPrior.predictedOffsetPixels(245.7909), 0.0);
        assertEquals(-11.0, PupilWheelPrior.predictedOffsetPixels(246.7909), 1e-9);
        assertEquals(2.2, PupilWheelPrior.predictedOffsetPixels(245.5909), 1e-9);
    }

    /** The Fourier shift used above is itself right: an integer shift moves samples exactly. */
    @Test
    void fourierShiftOfAnIntegerMovesSamples() {
        double[] a = new double[64];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sin(i * 0.3) + 0.1 * i;
        }
        double[] b = fourierShift(a, 2);
        for (int i = 10; i < 54; i++) {
            assertEquals(a[i - 2], b[i], 1e-9);
        }
    }
}
