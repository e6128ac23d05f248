package io.sossstream.calibrate;

import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthSolution;
import io.sossstream.segment.Subarray;
import io.sossstream.stats.Interp;
import io.sossstream.stats.NanStats;
import io.sossstream.testdata.SharedData;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Injected x shifts of the order-1 trace are recovered by the cross-correlation, with the published WASP-39
 * stellar spectrum (supreme-SPOON, order 1) as the template. The data are the template seen through a trace
 * moved by s pixels: column x holds the template at λ_ref(x − s), plus 0.2 % Gaussian noise.
 */
class InjectedShiftTest {
    static final double[] SHIFTS = {-3, -2.5, -1.3, -0.7, 0, 0.4, 1, 1.75, 2.2, 3};

    @Test
    void recoversInjectedShiftsWithinATenthOfAPixel() {
        SpecTrace trace = SpecTrace.load(Subarray.SUBSTRIP256);
        WavelengthSolution reference = WavelengthSolution.fromSpecTrace(trace);
        ModelSpectrum template = TemplateSpectrum.read(SharedData.wasp39("supremespoon_stellar_spectrum_order1.csv"));
        Random rng = new Random(1366);
        StringBuilder table = new StringBuilder("injected_px  recovered_px  error_px  sigma_px  argmax_only_px\n");
        double worst = 0;
        for (double s : SHIFTS) {
            double[] x1d = shiftedData(trace, template, s, rng);
            WavelengthRefinement.Result r = WavelengthRefinement.refine(x1d, reference, template, Double.NaN);
            WavelengthShift w = r.shift();
            double perPx = WavelengthRefinement.micronsPerPixel(reference.orderOne());
            table.append(String.format(Locale.ROOT, "%+11.2f  %+12.3f  %+8.3f  %8.3f  %+10.3f%n", s, w.pixels(),
                    w.pixels() - s, w.uncertaintyPixels(), w.integerStepMicrons() / perPx));
            worst = Math.max(worst, Math.abs(w.pixels() - s));
            assertEquals(WavelengthRefinement.Status.REFINED, r.status());
            assertEquals(w.microns(), r.solution().shiftMicrons(), 0.0);
            assertEquals(reference.orderTwo()[100] + w.microns(), r.solution().orderTwo()[100], 1e-12);
        }
        System.out.println("Injected vs recovered order-1 trace shifts (template: supreme-SPOON WASP-39 order 1)");
        System.out.print(table);
        System.out.printf(Locale.ROOT, "worst |error| = %.3f px%n", worst);
        assertTrue(worst < 0.1, "worst error " + worst + " px\n" + table);
    }

    @Test
    void keepsTheReferenceWithoutAModel() {
        WavelengthSolution reference = WavelengthSolution.fromSpecTrace(SpecTrace.load(Subarray.SUBSTRIP256));
        WavelengthRefinement.Result r = WavelengthRefinement.refine(new double[2048], reference, null, 246.0);
        assertSame(reference, r.solution());
        assertNull(r.shift());
        assertEquals("reference solution kept: no stellar parameters or template", r.status().message());
        assertEquals(-11.0 * (246.0 - 245.7909), r.predictedOffsetPixels(), 1e-12);
    }

    @Test
    void pupilWheelPrior() {
        assertEquals(0.0, PupilWheelPrior.predictedOffsetPixels(245.7909), 0.0);
        assertEquals(-11.0, PupilWheelPrior.predictedOffsetPixels(246.7909), 1e-9);
        assertEquals(2.2, PupilWheelPrior.predictedOffsetPixels(245.5909), 1e-9);
    }

    /** Column x sees the template at λ_ref(x − s); NaN where the template has no data. */
    static double[] shiftedData(SpecTrace trace, ModelSpectrum template, double s, Random rng) {
        double[] w = template.wavelengthMicrons();
        double[] f = template.flux();
        double level = NanStats.nanmedian(f);
        double[] x1d = new double[Subarray.COLUMNS];
        for (int x = 0; x < x1d.length; x++) {
            double lam = trace.wavelengthAt(1, x - s);
            x1d[x] = lam < w[0] || lam > w[w.length - 1] ? Double.NaN
                    : Interp.interp(lam, w, f) + 0.002 * level * rng.nextGaussian();
        }
        return x1d;
    }
}
