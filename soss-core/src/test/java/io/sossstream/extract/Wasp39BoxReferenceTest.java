package io.sossstream.extract;

import io.sossstream.segment.Frame;
import io.sossstream.segment.Subarray;
import io.sossstream.testdata.SharedData;
import io.sossstream.trace.SossCentroids;
import io.sossstream.trace.TraceCentroids;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance (issue 8): the order-1 box spectrum of the real WASP-39 frame agrees with an independent reference that
 * pins both the aperture's width and its position, and the comparison fails when either moves.
 *
 * <p>The published WASP-39 spectra are ATOCA total-flux extractions, blind to the box width. The reference here is
 * a box extraction written out in this test by direct pixel summation, exoTEDRF's rule (whole rows from ceil(c − W/2)
 * to floor(c + W/2) − 1, plus the fractional rows at both edges), around the centroids APPLESOSS itself measured on
 * the same frame (testdata/oracle/applesoss). Ours is the product's path: our edge-trigger centroids, then
 * {@link BoxAperture} and {@link BoxExtractor}.
 *
 * <p>Differences are counted in units of one integration's flux error, σ_F(x) = √Σ ERR² over the aperture with
 * ERR = √(max(S, 0)/70.8 + 0.22²) DN/s (the noise model of the real-scene segment in testdata/oracle/atoca): a
 * difference of 1 would be visible in a single integration.
 */
class Wasp39BoxReferenceTest {
    private static final int ROWS = 256;
    private static final int COLS = 2048;
    private static final double WIDTH = 30;
    /** Median of |ΔF|/σ_F allowed: a 1-px aperture move gives ~0.65, a 0.05 px centroid difference ~0.02. */
    static final double MEDIAN_LIMIT = 0.2;
    /** 99th percentile of |ΔF|/σ_F allowed. */
    static final double P99_LIMIT = 1.0;

    private static float[] frame;
    private static double[] applesossCentres;
    private static double[] ourCentres;

    @BeforeAll
    static void load() throws IOException {
        frame = Wasp39BoxExtractionTest.readNpyFloat32(SharedData.wasp39("medframe.npy"));
        applesossCentres = new double[COLS];
        List<String> lines = Files.readAllLines(SharedData.oracle("applesoss/wasp39_applesoss_centroids.csv"));
        int x = 0;
        for (String line : lines) {
            if (line.startsWith("#") || line.startsWith("xpos")) {
                continue;
            }
            String[] f = line.split(",");
            assertEquals(x, Double.parseDouble(f[0]), 0.0);
            applesossCentres[x++] = Double.parseDouble(f[1]);
            if (x == COLS) {
                break;
            }
        }
        assertEquals(COLS, x);
        double[] image = new double[frame.length];
        for (int p = 0; p < image.length; p++) {
            image[p] = frame[p];
        }
        TraceCentroids ours = SossCentroids.find(image, Subarray.SUBSTRIP256);
        ourCentres = BoxAperture.extractedCentres(ours, 1);
    }

    /** exoTEDRF's box sum of {@code image} in column x around centre c, written out (the reference). */
    static double directSum(double[] image, int x, double c, double width) {
        double up = Math.min(c + width / 2, ROWS);
        double lo = Math.max(c - width / 2, 0);
        double s = 0;
        for (int r = (int) Math.ceil(lo); r < (int) Math.floor(up); r++) {
            s += image[r * COLS + x];
        }
        if (!(up >= ROWS - 1 || lo == 0)) {
            s += (up % 1) * image[(int) Math.floor(up) * COLS + x];
            s += (1 - lo % 1) * image[((int) Math.ceil(lo) - 1) * COLS + x];
        }
        return s;
    }

    private static double[] reference(double[] image, double[] centres, double width) {
        double[] out = new double[COLS];
        for (int x = 0; x < COLS; x++) {
            out[x] = directSum(image, x, centres[x], width);
        }
        return out;
    }

    /** The product's box extraction of the frame around {@code centres}. */
    private static double[] ours(double[] centres, double width) {
        Frame f = new Frame(ROWS, COLS);
        System.arraycopy(frame, 0, f.sci, 0, frame.length);
        Arrays.fill(f.err, 1f);
        double[] flux = new double[COLS];
        double[] err = new double[COLS];
        new BoxExtractor(BoxAperture.of(centres, width, ROWS)).extract(f, flux, err);
        return flux;
    }

    /** {median, 99th percentile} of |ours − reference|/σ_F over the columns both extract. */
    private static double[] agreement(double[] ours) {
        double[] sci = new double[frame.length];
        double[] var = new double[frame.length];
        for (int p = 0; p < frame.length; p++) {
            sci[p] = frame[p];
            var[p] = Math.max(frame[p], 0) / 70.8 + 0.22 * 0.22;
        }
        double[] ref = reference(sci, applesossCentres, WIDTH);
        double[] z = new double[COLS];
        int n = 0;
        for (int x = 0; x < COLS; x++) {
            double sigma = Math.sqrt(directSum(var, x, applesossCentres[x], WIDTH));
            double d = Math.abs(ours[x] - ref[x]) / sigma;
            if (Double.isFinite(d)) {
                z[n++] = d;
            }
        }
        assertTrue(n > 2000, "columns compared: " + n);
        double[] s = Arrays.copyOf(z, n);
        Arrays.sort(s);
        return new double[] {s[n / 2], s[(int) Math.floor(0.99 * (n - 1))]};
    }

    private static boolean agrees(double[] a) {
        return a[0] <= MEDIAN_LIMIT && a[1] <= P99_LIMIT;
    }

    private static double[] shifted(double[] centres, double dy) {
        double[] out = centres.clone();
        for (int x = 0; x < out.length; x++) {
            out[x] += dy;
        }
        return out;
    }

    @Test
    void boxSpectrumAgreesWithDirectSumAndFailsWhenTheApertureMoves() {
        String[] names = {"product path (our centroids, width 30)", "width 25", "width 35", "trace +1 px",
            "trace -1 px"};
        double[][] runs = {ours(ourCentres, WIDTH), ours(ourCentres, WIDTH - 5), ours(ourCentres, WIDTH + 5),
            ours(shifted(ourCentres, 1), WIDTH), ours(shifted(ourCentres, -1), WIDTH)};
        double[][] a = new double[runs.length][];
        for (int k = 0; k < runs.length; k++) {
            a[k] = agreement(runs[k]);
            System.out.printf(Locale.ROOT, "WASP-39 order 1 box vs direct sum around APPLESOSS centroids (width 30): "
                    + "%-40s median |ΔF|/σ_F = %.4f, 99th percentile = %.4f%n", names[k], a[k][0], a[k][1]);
        }
        assertTrue(agrees(a[0]), "product path: median " + a[0][0] + ", p99 " + a[0][1]);
        for (int k = 1; k < runs.length; k++) {
            assertTrue(!agrees(a[k]), names[k] + " must fail: median " + a[k][0] + ", p99 " + a[k][1]);
        }
    }
}
