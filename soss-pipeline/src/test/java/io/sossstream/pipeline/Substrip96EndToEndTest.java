package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SpectraReady;
import io.sossstream.fits.Npy;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.testdata.SharedData;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance (issue 8): SUBSTRIP96 end to end on real data, batch and stream.
 *
 * <p>The SUBSTRIP96 scene is cut from the real WASP-39 median frame at the rows SUBSTRIP96 covers: SPECTRACE 0022
 * (SUBSTRIP96) has the traces {@code offset} rows lower than 0023 (SUBSTRIP256), measured here from the two tables,
 * so SUBSTRIP96 row r is SUBSTRIP256 row r + offset. The same scene is simulated as SUBSTRIP256 (the whole frame) and
 * as SUBSTRIP96 (the cut), with photon and read noise, and both are run through Stage 3: the order-1 spectra must
 * agree within their noise, and the SUBSTRIP96 product must carry order 2 as NaN with a header note. The stream
 * (four stages, events) must give the batch's bytes.
 */
class Substrip96EndToEndTest {
    private static final int SEGMENTS = 2;
    private static final int INTS = 8;

    @TempDir
    Path dir;

    /** Median of Y(0023) − Y(0022) over the order-1 table. */
    static int rowOffset() throws Exception {
        double[] y23 = orderOneY("jwst_niriss_spectrace_0023.fits");
        double[] y22 = orderOneY("jwst_niriss_spectrace_0022.fits");
        double[] d = new double[y23.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = y23[i] - y22[i];
        }
        Arrays.sort(d);
        double med = d[d.length / 2];
        assertEquals(Math.rint(med), med, 1e-9, "SPECTRACE 0022 is a whole-row shift of 0023");
        return (int) Math.rint(med);
    }

    private static double[] orderOneY(String name) throws Exception {
        try (Fits f = new Fits(SharedData.reference(name).toFile())) {
            return (double[]) ((BinaryTableHDU) f.read()[1]).getColumn("Y");
        }
    }

    private Path cutScene(int offset) throws Exception {
        Npy.Array frame = Npy.read(SharedData.wasp39("medframe.npy"));
        float[][] cut = new float[96][2048];
        for (int r = 0; r < 96; r++) {
            for (int x = 0; x < 2048; x++) {
                cut[r][x] = (float) frame.data()[(r + offset) * 2048 + x];
            }
        }
        Path f = dir.resolve("medframe_substrip96.fits");
        try (Fits fits = new Fits()) {
            fits.addHDU(FitsFactory.hduFactory(cut));
            fits.write(f.toFile());
        }
        return f;
    }

    private static List<Path> segments(List<Path> written) {
        return written.stream().filter(f -> f.getFileName().toString().endsWith(".fits")).toList();
    }

    static Map<String, Object> kernels(Path product, Map<String, String> primary) throws Exception {
        Map<String, Object> m = new HashMap<>();
        try (Fits f = new Fits(product.toFile())) {
            BasicHDU<?>[] h = f.read();
            for (String key : new String[] {"ORDER2", "SUBARRAY"}) {
                primary.put(key, h[0].getHeader().getStringValue(key));
            }
            for (int i = 1; i < h.length; i++) {
                m.put(h[i].getHeader().getStringValue("EXTNAME"), h[i].getKernel());
            }
        }
        return m;
    }

    @Test
    void substrip96RunsEndToEndAndAgreesWithSubstrip256() throws Exception {
        int offset = rowOffset();
        SimulationOptions sim = SimulationOptions.defaults().withSegments(SEGMENTS, INTS).withDefects(0, 0);
        List<Path> s256 = segments(Simulator.run(sim.withSeed(31), dir.resolve("raw256"), ProgressListener.NONE));
        List<Path> s96 = segments(Simulator.run(sim.withSeed(32).withScene(cutScene(offset)), dir.resolve("raw96"),
                ProgressListener.NONE));
        BatchRun.Result r256 = BatchRun.run(s256, dir.resolve("out256"), Stage3Options.defaults(), "2030-01-01T00:00:00Z",
                ProgressListener.NONE);
        BatchRun.Result r96 = BatchRun.run(s96, dir.resolve("out96"), Stage3Options.defaults(), "2030-01-01T00:00:00Z",
                ProgressListener.NONE);
        Map<String, String> h96 = new HashMap<>();
        Map<String, Object> p96 = kernels(r96.spectra(), h96);
        Map<String, Object> p256 = kernels(r256.spectra(), new HashMap<>());
        assertEquals("SUBSTRIP96", h96.get("SUBARRAY"));
        assertTrue(h96.get("ORDER2") != null && h96.get("ORDER2").contains("SUBSTRIP96"), "header note: " + h96);

        // order 2: NaN everywhere (wavelength, flux, error)
        double[] wave2 = (double[]) p96.get("Wave O2");
        double[][] flux2 = (double[][]) p96.get("Flux O2");
        double[][] err2 = (double[][]) p96.get("Flux Err O2");
        for (int x = 0; x < wave2.length; x++) {
            assertTrue(Double.isNaN(wave2[x]), "Wave O2 " + x);
            for (int t = 0; t < flux2.length; t++) {
                assertTrue(Double.isNaN(flux2[t][x]) && Double.isNaN(err2[t][x]), "order 2 column " + x);
            }
        }

        // order 1: time means agree within the noise of the two independent simulations
        double[][] f96 = (double[][]) p96.get("Flux O1");
        double[][] e96 = (double[][]) p96.get("Flux Err O1");
        double[][] f256 = (double[][]) p256.get("Flux O1");
        double[][] e256 = (double[][]) p256.get("Flux Err O1");
        int n = f96.length;
        double sumZ2 = 0;
        double sumRatio = 0;
        int cols = 0;
        for (int x = 100; x < 1948; x++) {
            double m96 = 0, m256 = 0, v96 = 0, v256 = 0;
            for (int t = 0; t < n; t++) {
                m96 += f96[t][x] / n;
                m256 += f256[t][x] / n;
                v96 += e96[t][x] * e96[t][x] / ((double) n * n);
                v256 += e256[t][x] * e256[t][x] / ((double) n * n);
            }
            if (Double.isFinite(m96) && Double.isFinite(m256)) {
                double z = (m96 - m256) / Math.sqrt(v96 + v256);
                sumZ2 += z * z;
                sumRatio += m96 / m256;
                cols++;
            }
        }
        double rmsZ = Math.sqrt(sumZ2 / cols);
        System.out.printf(Locale.ROOT, "SUBSTRIP96 (rows %d..%d of the WASP-39 frame) vs SUBSTRIP256: order-1 time-mean "
                        + "flux over %d columns, rms of the difference in noise units %.3f, mean ratio %.5f; widths %d/%d px%n",
                offset, offset + 95, cols, rmsZ, sumRatio / cols, r96.profile().widthOrder1(), r256.profile().widthOrder1());
        assertTrue(cols > 1800, "columns compared: " + cols);
        assertTrue(rmsZ < 1.5, "SUBSTRIP96 and SUBSTRIP256 order-1 spectra differ beyond noise: rms z = " + rmsZ);

        // stream: the four stages on the SUBSTRIP96 segments give the batch's bytes (apart from DATE)
        InProcessPipeline p = new InProcessPipeline(dir, Stage3Options.defaults(),
                Clock.fixed(Instant.parse("2031-02-03T04:05:06.789Z"), ZoneOffset.UTC));
        Instant landed = Instant.parse("2026-11-23T10:00:00Z");
        for (int i = s96.size() - 1; i >= 0; i--) {
            S3EventNotification e = p.upload(s96.get(i), "visit96", landed.plusSeconds(10L * i));
            p.send(e);
        }
        p.drain();
        assertFalse(p.spectraReady.isEmpty(), String.join("\n", p.log));
        SpectraReady done = p.spectraReady.get(0);
        byte[] streamed = p.files.get(p.layout.workBucket(), done.productKey()).orElseThrow();
        assertArrayEquals(FitsBytes.blank(Files.readAllBytes(r96.spectra()), "DATE").bytes(),
                FitsBytes.blank(streamed, "DATE").bytes(), "SUBSTRIP96 stream product differs from the batch");
    }
}
