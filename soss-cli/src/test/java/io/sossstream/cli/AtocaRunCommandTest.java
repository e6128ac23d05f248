package io.sossstream.cli;

import io.sossstream.atoca.SossEstimate;
import io.sossstream.atoca.SossEstimateFits;
import io.sossstream.spectra.SpectraFitsReader;
import io.sossstream.spectra.TimeSeriesSpectra;
import io.sossstream.testdata.SharedData;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run --extract-method atoca} on the ATOCA oracle's segment with APPLESOSS's profile and width 40, as jwst
 * was run: the product in the box product's layout agrees with jwst, carries the ATOCA cards, and the
 * soss_estimate it writes can start the next run.
 */
class AtocaRunCommandTest {
    static final String SEGMENT = "atoca/jw01366001001_04101_00001-seg001_nis_calints.fits";
    static final String APPLESOSS = "applesoss/wasp39_specprofile_SUBSTRIP256_os1_pad20.fits";
    @TempDir
    static Path dir;
    static Path input;
    static Path out;
    static RunCommandTest.Run first;

    @BeforeAll
    static void runAtoca() throws Exception {
        input = Files.createDirectories(dir.resolve("in"));
        Files.copy(SharedData.oracle(SEGMENT), input.resolve(Path.of(SEGMENT).getFileName()));
        out = dir.resolve("out");
        first = RunCommandTest.run("run", "--input", input.toString(), "--out", out.toString(), "--extract-method",
                "atoca", "--specprofile", SharedData.oracle(APPLESOSS).toString(), "--width", "40",
                "--date", "2026-12-01T10:00:00");
    }

    static Path product(Path folder) throws Exception {
        try (var s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith("_atoca_spectra_fullres.fits")).findFirst()
                    .orElseThrow(() -> new AssertionError("no *_atoca_spectra_fullres.fits in " + folder));
        }
    }

    @Test
    void productAgreesWithJwstAndRecordsTheMethod() throws Exception {
        assertEquals(Main.OK, first.code(), first.err());
        SpectraFitsReader.Contents c = SpectraFitsReader.read(product(out));
        Header h = c.primary();
        assertEquals("atoca", h.getStringValue("METHOD").trim());
        assertTrue(h.getDoubleValue("TIKFAC1") > 0, "TIKFAC1");
        assertTrue(h.getIntValue("GRIDSIZE") > 1000, "GRIDSIZE");
        assertEquals("wasp39_specprofile_SUBSTRIP256_os1_pad20.fits", h.getStringValue("SPECPROF").trim());
        assertEquals(40.0, h.getDoubleValue("ATOCAWID"));
        assertTrue(Files.exists(out.resolve("atoca_decontamination.png")));

        double[][] jwstFlux = new double[2][];
        double[][] jwstErr = new double[2][];
        try (Fits f = new Fits(SharedData.oracle("atoca/atoca_expected.fits").toFile())) {
            for (BasicHDU<?> hdu : f.read()) {
                String n = hdu.getHeader().getStringValue("EXTNAME");
                if ("O1_FLUX".equals(n == null ? null : n.trim())) {
                    jwstFlux = (double[][]) hdu.getKernel();
                } else if ("O1_FLUX_ERROR".equals(n == null ? null : n.trim())) {
                    jwstErr = (double[][]) hdu.getKernel();
                }
            }
        }
        TimeSeriesSpectra s = c.spectra();
        List<Double> z = new ArrayList<>();
        for (int t = 0; t < jwstFlux.length; t++) {
            double[] ours = TimeSeriesSpectra.reversed(s.fluxO1()[t]);  // the product increases in wavelength
            for (int x = 0; x < ours.length; x++) {
                double d = Math.abs(ours[x] - jwstFlux[t][x]) / jwstErr[t][x];
                if (Double.isFinite(jwstFlux[t][x]) && Double.isFinite(jwstErr[t][x])) {
                    z.add(Double.isFinite(d) ? d : Double.POSITIVE_INFINITY);
                }
            }
        }
        double[] sorted = z.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted[sorted.length / 2];
        System.out.printf(Locale.ROOT, "ATOCA run product vs jwst, order 1: median |ΔF|/σ %.4f%n", median);
        assertTrue(median < 0.1, "median |ΔF|/σ " + median);
    }

    @Test
    void theSossEstimateItWritesRoundTripsAndStartsTheNextRunWithAGivenFactor() throws Exception {
        assertEquals(Main.OK, first.code(), first.err());
        Path estimate;
        try (var s = Files.list(out)) {
            estimate = s.filter(p -> p.getFileName().toString().endsWith("soss_estimate.fits")).findFirst().orElseThrow();
        }
        SossEstimate e = SossEstimateFits.read(estimate);
        assertTrue(e.wavelength().length > 2000, "native order-1 columns");
        Path copy = dir.resolve("copy.fits");
        SossEstimateFits.write(e, copy);
        SossEstimate back = SossEstimateFits.read(copy);
        assertTrue(Arrays.equals(e.wavelength(), back.wavelength()) && Arrays.equals(e.flux(), back.flux()));

        Path out2 = dir.resolve("out2");
        RunCommandTest.Run second = RunCommandTest.run("run", "--input", input.toString(), "--out", out2.toString(),
                "--extract-method", "atoca", "--specprofile", SharedData.oracle(APPLESOSS).toString(), "--width", "40",
                "--soss-estimate", estimate.toString(), "--soss-tikfac", "2e-17", "--soss-order3", "off",
                "--date", "2026-12-01T10:00:00");
        assertEquals(Main.OK, second.code(), second.err());
        Header h = SpectraFitsReader.read(product(out2)).primary();
        assertEquals(2e-17, h.getDoubleValue("TIKFAC1"), 0, "a given factor is used as is");
        assertEquals("off", h.getStringValue("ORDER3").trim());
    }

    @Test
    void aMissingEstimateFileIsABadInputWithExitCode3() {
        RunCommandTest.Run r = RunCommandTest.run("run", "--input", input.toString(), "--out",
                dir.resolve("out3").toString(), "--extract-method", "atoca", "--soss-estimate",
                dir.resolve("nope.fits").toString());
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("nope.fits"), r.err());
    }
}
