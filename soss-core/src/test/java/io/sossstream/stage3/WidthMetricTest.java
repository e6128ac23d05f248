package io.sossstream.stage3;

import io.sossstream.ProgressListener;
import io.sossstream.extract.BoxAperture;
import io.sossstream.extract.BoxExtractor;
import io.sossstream.extract.WidthOptimizer;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.segment.Frame;
import io.sossstream.segment.Subarray;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance (issue 8): on a simulated segment with photon and read noise (the real WASP-39 scene, no defects),
 * the width chosen by the relative metric has a lower relative white-light scatter than 10 px and 60 px, and
 * {@code widthMetric = exotedrf} reproduces exoTEDRF's choice. Both are checked by brute force here: every width
 * extracted with {@link BoxExtractor} integration by integration (as exoTEDRF re-extracts per width) and scored
 * with the formulas of algorithms §9.
 */
class WidthMetricTest {
    @TempDir
    static Path dir;
    private static Path segment;
    private static final int NINT = 40;

    @BeforeAll
    static void simulate() throws IOException {
        Path raw = dir.resolve("raw");
        Simulator.run(SimulationOptions.defaults().withSegments(1, NINT).withSeed(11).withDefects(0, 0), raw,
                ProgressListener.NONE);
        try (Stream<Path> s = Files.list(raw)) {
            segment = s.filter(p -> p.toString().endsWith(".fits")).findFirst().orElseThrow();
        }
    }

    private static Profile profile(WidthOptimizer.Metric metric) {
        Stage3Options o = Stage3Options.defaults().with(Stage3Parameters.WIDTH_ORDER1, ApertureWidth.OPTIMIZE)
                .with(Stage3Parameters.WIDTH_METRIC, metric);
        return ProfileBuilder.build(List.of(segment), o, ProgressListener.NONE).profile();
    }

    /** White-light curves of widths 10…60 by plain box extraction: [width − 10][t]. */
    private static double[][] whiteLight(Profile p) {
        double[][] wlc = new double[51][NINT];
        double[] centres = BoxAperture.extractedCentres(p.centroids(), 1);
        try (FitsSegmentReader r = FitsSegmentReader.open(segment)) {
            Frame f = new Frame(r.header().rows(), Subarray.COLUMNS);
            double[] flux = new double[Subarray.COLUMNS];
            double[] err = new double[Subarray.COLUMNS];
            for (int t = 0; t < NINT; t++) {
                r.read(t, f);
                for (int w = 10; w <= 60; w++) {
                    new BoxExtractor(BoxAperture.of(centres, w, r.header().rows())).extract(f, flux, err);
                    double s = 0;
                    for (double v : flux) {
                        s += Double.isNaN(v) ? 0 : v;
                    }
                    wlc[w - 10][t] = s;
                }
            }
        }
        return wlc;
    }

    /** median_t |½(w[t−1] + w[t+1]) − w[t]|. */
    private static double scatter(double[] w) {
        double[] d = new double[w.length - 2];
        for (int t = 1; t < w.length - 1; t++) {
            d[t - 1] = Math.abs(0.5 * (w[t - 1] + w[t + 1]) - w[t]);
        }
        return median(d);
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    @Test
    void relativeMetricBeatsTheExtremesAndExotedrfReproducesExotedrf() {
        Profile relative = profile(WidthOptimizer.Metric.RELATIVE);
        Profile absolute = profile(WidthOptimizer.Metric.EXOTEDRF);
        double[][] wlc = whiteLight(relative);
        double[] ppm = new double[51];
        int exotedrfChoice = 0;
        for (int k = 0; k < 51; k++) {
            ppm[k] = 1e6 * scatter(wlc[k]) / median(wlc[k]);
            if (scatter(wlc[k]) < scatter(wlc[exotedrfChoice])) {
                exotedrfChoice = k;
            }
        }
        int chosen = relative.widthOrder1();
        System.out.printf(Locale.ROOT, "Width optimisation (simulated WASP-39 segment, %d integrations): relative "
                        + "metric chose %d px (%.1f ppm; 10 px %.1f ppm, 60 px %.1f ppm); exotedrf metric chose %d px, "
                        + "exoTEDRF's brute-force choice %d px%n", NINT, chosen, ppm[chosen - 10], ppm[0], ppm[50],
                absolute.widthOrder1(), 10 + exotedrfChoice);
        assertEquals("ppm", relative.widthCurveOrder1().unit());
        assertTrue(ppm[chosen - 10] < ppm[0], "chosen " + chosen + " px not better than 10 px");
        assertTrue(ppm[chosen - 10] < ppm[50], "chosen " + chosen + " px not better than 60 px");
        assertEquals(10 + exotedrfChoice, absolute.widthOrder1(), "exotedrf metric vs exoTEDRF's choice");
        assertEquals("DN/s", absolute.widthCurveOrder1().unit());
    }
}
