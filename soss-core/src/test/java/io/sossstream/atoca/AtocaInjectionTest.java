package io.sossstream.atoca;

import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthMap;
import io.sossstream.segment.Frame;
import io.sossstream.segment.Subarray;
import io.sossstream.specprofile.SpecProfile;
import io.sossstream.specprofile.SpecProfileFits;
import io.sossstream.testdata.SharedData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Injection: a SUBSTRIP256 scene forward-modelled by the engine itself from known order-1 and order-2 spectra
 * (real profile, kernels, throughputs), plus photon and read noise, is extracted back. Where plain box extraction
 * of order 1 is biased by order 2 by more than its error, the decontaminated order-1 flux must match the true
 * order-1 box flux within the noise (χ²/N &lt; 2), while box extraction does not.
 */
class AtocaInjectionTest {
    @Test
    void decontaminatedOrderOneIsConsistentWithTheTruthWhereBoxExtractionIsContaminated() {
        SpecProfile profile = SpecProfileFits.read(SharedData.oracle("applesoss/wasp39_specprofile_SUBSTRIP256_os1_pad20.fits"),
                Subarray.SUBSTRIP256);
        SpecTrace trace = SpecTrace.load(Subarray.SUBSTRIP256);
        List<AtocaOrder> orders = AtocaOrder.of(trace, WavelengthMap.fromSpecTrace(trace), profile, 2, "injection");
        int rows = 256;
        int cols = Subarray.COLUMNS;

        // Truth: a smooth stellar-like spectrum with absorption lines, on a fine grid covering both orders.
        double[] grid = new double[12001];
        double[] truth = new double[grid.length];
        for (int k = 0; k < grid.length; k++) {
            grid[k] = 0.5 + k * 2e-4;
            double w = grid[k];
            double lines = 1 - 0.3 * Math.exp(-0.5 * Math.pow((w - 1.083) / 0.002, 2))
                    - 0.2 * Math.exp(-0.5 * Math.pow((w - 0.77) / 0.003, 2))
                    - 0.25 * Math.exp(-0.5 * Math.pow((w - 2.0) / 0.004, 2));
            truth[k] = 4e7 * Math.pow(w, -1.5) * lines;
        }
        SpectralKernel.Matrix km = SpectralKernel.packagedMatrix();
        List<ExtractionEngine.Order> scene = new ArrayList<>();
        for (AtocaOrder o : orders) {
            double[] wc = new double[cols];
            System.arraycopy(o.traceWavelength(), 0, wc, 0, o.cutoff());
            scene.add(new ExtractionEngine.Order(o.order(), o.columnWavelength(), o.profile(), o.throughput(),
                    new SpectralKernel(km, wc)));
        }
        boolean[][] none = {new boolean[rows * cols], new boolean[rows * cols]};
        ExtractionEngine forward = new ExtractionEngine(scene, grid, none, null, 1e-2, rows, cols, 1e-5);
        double[] order1 = zeroNaN(forward.orderModel(0, truth));
        double[] order2 = zeroNaN(forward.orderModel(1, truth));

        Random rng = new Random(2024);
        List<Frame> frames = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Frame f = new Frame(rows, cols);
            for (int p = 0; p < rows * cols; p++) {
                double m = order1[p] + order2[p];
                double s = Math.sqrt(Math.max(m, 0) / 70.8 + 0.22 * 0.22);
                f.sci[p] = (float) (m + s * rng.nextGaussian());
                f.err[p] = (float) s;
            }
            frames.add(f);
        }
        AtocaModel atoca = AtocaModel.build(orders, TypicalIntegration.of(frames, null),
                AtocaOptions.defaults(40).withOrderThree(false));

        double[] w1 = BoxWeights.of(orders.get(0).traceY(), 40, rows, cols);
        Frame f0 = frames.get(0);
        double[] sci = new double[rows * cols];
        double[] err = new double[rows * cols];
        for (int p = 0; p < sci.length; p++) {
            sci[p] = f0.sci[p];
            err[p] = f0.err[p];
        }
        AtocaSpectra s = atoca.extract(sci, err, new boolean[rows * cols]);
        double chiAtoca = 0;
        double chiBox = 0;
        int n = 0;
        for (int x = 4; x < cols - 4; x++) {
            double trueFlux = 0;
            double contamination = 0;
            double box = 0;
            for (int y = 0; y < rows; y++) {
                int p = y * cols + x;
                trueFlux += w1[p] * order1[p];
                contamination += w1[p] * order2[p];
                box += w1[p] * sci[p];
            }
            double sigma = s.fluxError()[0][x];
            if (!(contamination > sigma) || !Double.isFinite(s.flux()[0][x])) {
                continue;
            }
            chiAtoca += Math.pow((s.flux()[0][x] - trueFlux) / sigma, 2);
            chiBox += Math.pow((box - trueFlux) / sigma, 2);
            n++;
        }
        System.out.printf(Locale.ROOT, "ATOCA injection, order 1 where contamination > σ (%d columns): χ²/N = %.2f "
                + "decontaminated, %.1f box%n", n, chiAtoca / n, chiBox / n);
        assertTrue(n > 100, "contaminated columns: " + n);
        assertTrue(chiAtoca / n < 2, "decontaminated χ²/N " + chiAtoca / n);
        assertTrue(chiBox / n > 4, "box χ²/N " + chiBox / n + ": the scene is not contaminated enough to test anything");
    }

    private static double[] zeroNaN(double[] a) {
        double[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            if (!Double.isFinite(b[i])) {
                b[i] = 0;
            }
        }
        return b;
    }
}
