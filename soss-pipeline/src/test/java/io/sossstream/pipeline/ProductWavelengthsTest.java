package io.sossstream.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.sossstream.ProgressListener;
import io.sossstream.reference.PastasossWavelengthTest;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.testdata.SharedData;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance (issue 8): the product's wavelengths against independent sources, read from the product file with
 * nom-tam-fits alone. Wave O1/O2 at SPECTRACE's own X samples equal the table's WAVELENGTH (SPECTRACE read here from
 * testdata, not through the product's reference code); with usePastasoss they equal the PASTASOSS models computed by
 * hand from the published JSON. Columns that were not extracted (order 2 off the trace) are NaN, never 0.
 */
class ProductWavelengthsTest {
    @TempDir
    static Path dir;
    private static Path raw;

    @BeforeAll
    static void simulate() {
        raw = dir.resolve("raw");
        Simulator.run(SimulationOptions.defaults().withSegments(1, 6).withSeed(4), raw, ProgressListener.NONE);
    }

    /** Extensions of a product by EXTNAME (primary under "PRIMARY"). */
    static Map<String, BasicHDU<?>> read(Path product) throws Exception {
        Map<String, BasicHDU<?>> m = new HashMap<>();
        try (Fits f = new Fits(product.toFile())) {
            BasicHDU<?>[] hdus = f.read();
            m.put("PRIMARY", hdus[0]);
            for (int i = 1; i < hdus.length; i++) {
                hdus[i].getKernel(); // load the data before the file closes
                m.put(hdus[i].getHeader().getStringValue("EXTNAME"), hdus[i]);
            }
        }
        return m;
    }

    /** Product arrays run in increasing wavelength: product index i is detector column 2047 − i. */
    private static double waveAtDetectorX(double[] productWave, double x) {
        double p = 2047 - x;
        int i = (int) Math.floor(p);
        double t = p - i;
        return i + 1 < productWave.length ? productWave[i] * (1 - t) + productWave[i + 1] * t : productWave[i];
    }

    @Test
    void wavelengthsEqualSpectraceAtItsOwnSamplesAndUnextractedColumnsAreNaN() throws Exception {
        BatchRun.Result r = BatchRun.run(List.of(raw), dir.resolve("out-spectrace"), Stage3Options.defaults(),
                "2026-01-01T00:00:00", ProgressListener.NONE);
        Map<String, BasicHDU<?>> p = read(r.spectra());
        assertEquals("SPECTRACE", p.get("PRIMARY").getHeader().getStringValue("WAVESOL"));
        try (Fits table = new Fits(SharedData.reference("jwst_niriss_spectrace_0023.fits").toFile())) {
            BasicHDU<?>[] t = table.read();
            for (int order = 1; order <= 2; order++) {
                BinaryTableHDU tab = (BinaryTableHDU) t[order];
                double[] xs = (double[]) tab.getColumn("X");
                double[] ws = (double[]) tab.getColumn("WAVELENGTH");
                double[] wave = (double[]) p.get("Wave O" + order).getKernel();
                int checked = 0;
                double worst = 0;
                for (int k = 0; k < xs.length; k++) {
                    // between two columns the product is linear; SPECTRACE's knots are ~1 px apart, so the
                    // interpolation error at a knot is second order (< 1e-7 µm), far below a pixel (~1e-3 µm)
                    if (xs[k] >= 0 && xs[k] <= 2047 && Double.isFinite(waveAtDetectorX(wave, xs[k]))
                            && Double.isFinite(waveAtDetectorX(wave, Math.ceil(xs[k])))) {
                        worst = Math.max(worst, Math.abs(waveAtDetectorX(wave, xs[k]) - ws[k]));
                        checked++;
                    }
                }
                System.out.printf("Wave O%d vs SPECTRACE WAVELENGTH at %d of its X samples: max |Δλ| = %.2e µm%n",
                        order, checked, worst);
                assertTrue(checked > (order == 1 ? 1900 : 800), "samples checked: " + checked);
                assertTrue(worst < 1e-5, "Wave O" + order + " off SPECTRACE by " + worst + " µm");
            }
        }
        double[] wave2 = (double[]) p.get("Wave O2").getKernel();
        double[][] flux2 = (double[][]) p.get("Flux O2").getKernel();
        double[][] err2 = (double[][]) p.get("Flux Err O2").getKernel();
        int nanColumns = 0;
        for (int i = 0; i < wave2.length; i++) {
            if (Double.isNaN(wave2[i])) {
                nanColumns++;
                for (int t = 0; t < flux2.length; t++) {
                    assertTrue(Double.isNaN(flux2[t][i]) && Double.isNaN(err2[t][i]), "off-trace column " + i);
                }
            }
            for (int t = 0; t < flux2.length; t++) {
                assertTrue(flux2[t][i] != 0.0 && err2[t][i] != 0.0, "a 0 in order 2, column " + i);
            }
        }
        // order 2 leaves the subarray near x = 1800 (its centroids end there) and SPECTRACE's table at x = 1999
        assertTrue(nanColumns >= 48, "order 2 is off the detector over x >= 2000: " + nanColumns + " NaN columns");
    }

    @Test
    void pastasossWavelengthsEqualTheHandComputation() throws Exception {
        Stage3Options o = Stage3Options.defaults().with(Stage3Parameters.USE_PASTASOSS, true);
        BatchRun.Result r = BatchRun.run(List.of(raw), dir.resolve("out-pastasoss"), o, "2026-01-01T00:00:00",
                ProgressListener.NONE);
        Map<String, BasicHDU<?>> p = read(r.spectra());
        Header h = p.get("PRIMARY").getHeader();
        assertEquals("PASTASOSS", h.getStringValue("WAVESOL"));
        double pwcpos = SimulationOptions.NOMINAL_PWCPOS;
        for (int order = 1; order <= 2; order++) {
            JsonNode m = PastasossWavelengthTest.model(order);
            double[] wave = (double[]) p.get("Wave O" + order).getKernel();
            for (int x : new int[] {20, 500, 1200, order == 1 ? 2000 : 1700}) {
                assertEquals(PastasossWavelengthTest.byHand(m, x, pwcpos), wave[2047 - x], 1e-12, "order " + order + " x=" + x);
            }
        }
    }

    /**
     * A wrong template (the right WASP-39 spectrum reversed in wavelength) keeps the reference solution, and the
     * product header says so: status, reason with the figures, no shift applied, SPECTRACE wavelengths unchanged.
     */
    @Test
    void wrongTemplateKeepsTheReferenceAndSaysSoInTheHeader() throws Exception {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(SharedData.wasp39("supremespoon_stellar_spectrum_order1.csv"));
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            if (f[0].trim().equalsIgnoreCase("nan") || f[1].trim().equalsIgnoreCase("nan")) {
                continue;
            }
            double w = Double.parseDouble(f[0]);
            double v = Double.parseDouble(f[1]);
            if (Double.isFinite(w) && Double.isFinite(v)) {
                rows.add(new double[] {w, v});
            }
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        StringBuilder reversed = new StringBuilder("# WASP-39 order 1 reversed in wavelength\n");
        for (int i = 0; i < rows.size(); i++) {
            reversed.append(rows.get(i)[0]).append(' ').append(rows.get(rows.size() - 1 - i)[1]).append('\n');
        }
        Path template = dir.resolve("reversed.txt");
        java.nio.file.Files.writeString(template, reversed);
        BatchRun.Result r = BatchRun.run(List.of(raw), dir.resolve("out-reversed"),
                Stage3Options.defaults().with(Stage3Parameters.STELLAR_TEMPLATE, template.toString()),
                "2026-01-01T00:00:00", ProgressListener.NONE);
        Map<String, BasicHDU<?>> p = read(r.spectra());
        Header h = p.get("PRIMARY").getHeader();
        System.out.println("reversed template: WAVESTAT = " + h.getStringValue("WAVESTAT") + "; WAVEWHY = "
                + h.getStringValue("WAVEWHY"));
        assertTrue(h.getStringValue("WAVESTAT").startsWith("KEPT_"), h.getStringValue("WAVESTAT"));
        assertTrue(h.getStringValue("WAVEWHY").startsWith("reference solution kept"), h.getStringValue("WAVEWHY"));
        assertEquals(0.0, h.getDoubleValue("WAVESHFT"), 0.0);
        double[] wave = (double[]) p.get("Wave O1").getKernel();
        io.sossstream.reference.WavelengthSolution ref = io.sossstream.reference.WavelengthSolution.fromSpecTrace(
                io.sossstream.reference.SpecTrace.load(io.sossstream.segment.Subarray.SUBSTRIP256));
        assertEquals(ref.orderOne()[1000], wave[2047 - 1000], 0.0);
    }
}
