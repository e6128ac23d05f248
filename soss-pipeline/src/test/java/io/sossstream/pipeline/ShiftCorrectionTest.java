package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.calibrate.WavelengthRefinement;
import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthSolution;
import io.sossstream.segment.Subarray;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.stage3.Calibration;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.testdata.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 3 end to end: a simulated observation whose trace is shifted along x by a known amount is corrected by
 * {@code run --stellar-template} (the published supreme-SPOON WASP-39 spectrum as the template). The template's own
 * wavelength solution sits about half a pixel from SPECTRACE, so the check is on the difference between a shifted
 * and an unshifted run: the measured shifts must differ by the injected one, and so must the applied wavelengths.
 */
class ShiftCorrectionTest {
    @TempDir
    Path dir;

    @Test
    void injectedXShiftIsMeasuredAndApplied() {
        Path template = SharedData.wasp39("supremespoon_stellar_spectrum_order1.csv");
        Stage3Options options = Stage3Options.defaults().with(Stage3Parameters.STELLAR_TEMPLATE, template.toString());
        double injected = 1.6;
        Calibration c0 = runWithShift(0.0, options);
        Calibration c1 = runWithShift(injected, options);
        double measured = c1.shiftPixels() - c0.shiftPixels();
        System.out.printf(Locale.ROOT, "x shift: injected %+.2f px, measured %+.3f px (unshifted run %+.3f px, shifted %+.3f px)%n",
                injected, measured, c0.shiftPixels(), c1.shiftPixels());
        assertEquals(WavelengthRefinement.Status.REFINED.name(), c1.status());
        assertEquals(injected, measured, 0.1);
        // The applied wavelengths move by the same amount: Δλ ≈ shift × dispersion (µm per px, negative for order 1).
        double dispersion = WavelengthRefinement.micronsPerPixel(
                WavelengthSolution.fromSpecTrace(SpecTrace.load(Subarray.SUBSTRIP256)).orderOne());
        double dLambda = c1.shiftMicrons() - c0.shiftMicrons();
        assertTrue(Math.abs(dLambda / dispersion - injected) < 0.1, "Δλ " + dLambda + " µm vs " + injected + " px");
    }

    private Calibration runWithShift(double shift, Stage3Options options) {
        Path raw = dir.resolve("raw" + shift);
        Simulator.run(SimulationOptions.defaults().withSegments(1, 8).withSeed(3).withXShift(shift), raw, ProgressListener.NONE);
        return BatchRun.run(List.of(raw), dir.resolve("out" + shift), options, "2026-01-01T00:00:00", ProgressListener.NONE)
                .calibration();
    }
}
