package io.sossstream.simulate;

import io.sossstream.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorTest {
    static final SimulationOptions SMALL = SimulationOptions.defaults().withSegments(2, 3).withSeed(7)
            .withJitter(0.1).withXShift(0.4);

    @Test
    void sameSeedSameBytes(@TempDir Path dir) throws IOException {
        List<Path> a = Simulator.run(SMALL, dir.resolve("a"), ProgressListener.NONE);
        List<Path> b = Simulator.run(SMALL, dir.resolve("b"), ProgressListener.NONE);
        assertEquals(a.size(), b.size());
        assertEquals(5, a.size()); // 2 segments, timeseries, depths, properties
        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(Files.readAllBytes(a.get(k)), Files.readAllBytes(b.get(k)), a.get(k).toString());
        }
        List<Path> c = Simulator.run(SMALL.withSeed(8), dir.resolve("c"), ProgressListener.NONE);
        assertTrue(Files.mismatch(a.get(0), c.get(0)) >= 0, "another seed gives other bytes");
        try (var files = Files.list(dir.resolve("a"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".partial")));
        }
    }

    @Test
    void errIsTheStdOfTheNoise() {
        Simulator sim = new Simulator(SimulationOptions.defaults().withSegments(1, 4).withSeed(3)
                .withDefects(0, 0));
        int n = 256 * 2048;
        float[] sci = new float[n];
        float[] err = new float[n];
        int[] dq = new int[n];
        float[] flux = new float[n];
        double sum = 0;
        double sum2 = 0;
        long count = 0;
        for (int k = 0; k < 2; k++) {
            sim.generate(k, sci, err, dq);
            sim.noiseless(k, flux);
            for (int p = 0; p < n; p++) {
                double z = (sci[p] - flux[p]) / err[p];
                sum += z;
                sum2 += z * z;
                count++;
            }
        }
        double mean = sum / count;
        double std = Math.sqrt(sum2 / count - mean * mean);
        assertEquals(0, mean, 0.01);
        assertEquals(1, std, 0.05);
    }

    @Test
    void truthDepthsFollowTheSpectrum(@TempDir Path dir) throws IOException {
        List<Path> files = Simulator.run(SimulationOptions.defaults().withSegments(1, 2), dir, ProgressListener.NONE);
        Path truth = files.stream().filter(p -> p.endsWith(InjectedTruth.DEPTHS)).findFirst().orElseThrow();
        List<String> lines = Files.readAllLines(truth);
        assertEquals("order,x,wavelength_um,depth", lines.get(0));
        assertEquals(1 + 2 * 2048, lines.size());
        double min = 1;
        double max = 0;
        int order2 = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double depth = Double.parseDouble(f[3].replace("nan", "NaN"));
            int x = Integer.parseInt(f[1]);
            if (f[0].equals("1")) {
                assertEquals(x < 4 || x >= 2044, Double.isNaN(depth), line);
            }
            if (f[0].equals("1") && Double.isFinite(depth)) {
                min = Math.min(min, depth);
                max = Math.max(max, depth);
                double lambda = Double.parseDouble(f[2]);
                assertTrue(lambda > 0.84 && lambda < 2.84, line);
            }
            if (f[0].equals("2") && Double.isFinite(depth)) {
                order2++;
                assertTrue(depth > 0.015 && depth < 0.026, line);
            }
        }
        // the published order-1 spectrum spans 18607…24307 ppm
        assertTrue(min > 0.0185 && max < 0.0244 && max - min > 0.003, "order-1 depths " + min + "…" + max);
        assertTrue(order2 > 1500, "order-2 columns with a truth: " + order2);
        List<String> series = Files.readAllLines(dir.resolve(InjectedTruth.TIMESERIES));
        assertEquals(3, series.size());
    }

    @Test
    void transitShapeIsOneAtMidTransitAndZeroOutside() {
        TransitShape t = TransitShape.wasp39b(59791.6);
        assertEquals(1.0, t.s(59791.6), 1e-12);
        assertEquals(0.0, t.s(59791.6 + 0.1), 1e-12); // duration ≈ 2.8 h: 2.4 h off centre is outside
        double ingress = t.s(59791.6 + 0.055);
        assertTrue(ingress > 0 && ingress < 1, "partial during ingress/egress: " + ingress);
        assertTrue(t.s(59791.6 + 0.03) < 1 && t.s(59791.6 + 0.03) > 0.8, "limb darkening lowers s off centre");
    }
}
