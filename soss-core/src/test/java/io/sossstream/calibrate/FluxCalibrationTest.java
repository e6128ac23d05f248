package io.sossstream.calibrate;

import io.sossstream.reference.SpecTrace;
import io.sossstream.segment.Subarray;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Against exoTEDRF's scaling recomputed with numpy (test resource photom_scaling_reference.csv). */
class FluxCalibrationTest {

    @Test
    void scalingMatchesExoTedrfRecipe() throws Exception {
        FluxCalibration cal = FluxCalibration.load();
        SpecTrace trace = SpecTrace.load(Subarray.SUBSTRIP256);
        List<String[]> rows = ButterworthTest.csv("photom_scaling_reference.csv");
        assertEquals(42, rows.size());
        for (String[] r : rows) {
            int order = Integer.parseInt(r[0]);
            double pwcpos = Double.parseDouble(r[1]);
            int x = Integer.parseInt(r[2]);
            double want = Double.parseDouble(r[3]);
            // float32 table values: both sides use the same floats, differences are rounding only
            assertEquals(want, cal.scaling(order, pwcpos, trace)[x], 1e-9 * want, String.join(",", r));
        }
    }

    @Test
    void calibrateMultipliesFluxAndErrorPerColumn() {
        FluxCalibration cal = FluxCalibration.load();
        SpecTrace trace = SpecTrace.load(Subarray.SUBSTRIP256);
        double[][] flux = new double[2][2048];
        double[][] err = new double[2][2048];
        for (int t = 0; t < 2; t++) {
            java.util.Arrays.fill(flux[t], 1000.0 * (t + 1));
            java.util.Arrays.fill(err[t], 10.0);
        }
        FluxCalibration.Calibrated c = cal.calibrate(1, 246.0, trace, flux, err);
        double[] k = cal.scaling(1, 246.0, trace);
        assertEquals(2000.0 * k[700], c.flux()[1][700], 1e-12);
        assertEquals(10.0 * k[700], c.error()[0][700], 1e-15);
        assertEquals(1000.0, flux[0][700], 0.0); // input untouched
        assertEquals("Jy", c.unit());
        assertEquals("photom calibrated for a 40-px box aperture at PWCPOS 245.7909 deg", c.caveat());
        assertEquals(1e-23 * 3e14 / 4.0, FluxCalibration.toErgPerSecondCm2Micron(1.0, 2.0), 1e-30);
    }
}
