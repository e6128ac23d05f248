package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.calibrate.FluxCalibration;
import io.sossstream.reference.SpecTrace;
import io.sossstream.segment.Subarray;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --flux-calibrate}: four Jy extensions after exoTEDRF's nine, equal to DN/s × the PHOTOM scaling. */
class FluxCalibratedProductTest {
    @TempDir
    Path dir;

    @Test
    void jyExtensionsAreTheDnPerSecondSpectraTimesThePhotomScaling() throws Exception {
        Path raw = dir.resolve("raw");
        Simulator.run(SimulationOptions.defaults().withSegments(1, 4).withSeed(9).withPwcposOffset(0.2), raw, ProgressListener.NONE);
        Stage3Options opts = Stage3Options.defaults().with(Stage3Parameters.FLUX_CALIBRATE, true);
        BatchRun.Result r = BatchRun.run(List.of(raw), dir.resolve("out"), opts, "2026-01-01T00:00:00", ProgressListener.NONE);
        try (Fits fits = new Fits(r.spectra().toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            assertEquals(14, hdus.length);
            assertEquals("Flux O1 Jy", hdus[10].getHeader().getStringValue("EXTNAME"));
            assertEquals("Jy", hdus[10].getHeader().getStringValue("UNITS"));
            assertTrue(hdus[0].getHeader().getStringValue("FLUXCAL").contains("40-px"));
            double[][] dn = (double[][]) hdus[3].getKernel();
            double[][] jy = (double[][]) hdus[10].getKernel();
            double[] k = FluxCalibration.load()
                    .scaling(1, r.calibration().pwcpos(), SpecTrace.load(Subarray.SUBSTRIP256));
            int detectorColumn = 1000;
            int productColumn = 2047 - detectorColumn;
            assertEquals(dn[2][productColumn] * k[detectorColumn], jy[2][productColumn], 1e-12 * Math.abs(jy[2][productColumn]));
            assertEquals(245.79 + 0.2, r.calibration().pwcpos(), 1e-9);
            assertTrue(jy[2][productColumn] > 0);
        }
    }
}
