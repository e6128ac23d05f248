package io.sossstream.stack;

import io.sossstream.ProgressListener;
import io.sossstream.extract.BadPixelFiller;
import io.sossstream.extract.BoxAperture;
import io.sossstream.extract.BoxExtractor;
import io.sossstream.extract.WidthOptimizer;
import io.sossstream.segment.Frame;
import io.sossstream.segment.PixelWindow;
import io.sossstream.segment.Subarray;
import io.sossstream.stage3.SegmentExtraction;
import io.sossstream.trace.TraceCentroids;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run with given centroids repairs missing pixels from a deep stack exact only at the pixels the
 * extraction reads ({@link SegmentExtraction#window}) in the columns where the stacked integrations miss one:
 * the box spectra of those integrations must equal, bit for bit, those repaired with the complete deep stack.
 */
class SparseRepairTest {
    private static final int COLS = Subarray.COLUMNS;
    private static final int ROWS = 96;

    @Test
    void spectraRepairedFromTheSparseModelEqualThoseFromTheCompleteStack() {
        Random rnd = new Random(3);
        TraceCentroids centroids = centroids();
        int nInts = 9;
        // pixels bad in every integration: no finite sample, bridged from their neighbours
        int[] dead = {31 * COLS + 700, 31 * COLS + 701, 60 * COLS + 3, 75 * COLS + 1200, 10 * COLS + 2047};
        float[][] cube = cube(rnd, nInts, centroids, 300, dead);
        int width = 25;
        BoxAperture a1 = BoxAperture.forOrder(centroids, 1, width, ROWS);
        BoxAperture a2 = BoxAperture.forOrder(centroids, 2, width, ROWS);
        FakeSegmentReader reader = new FakeSegmentReader("a", ROWS, cube);
        DeepStack full = DeepStack.compute(List.of(reader), ProgressListener.NONE);
        DeepStack sparse = DeepStack.computeSparse(List.of(reader),
                SegmentExtraction.window(ROWS, COLS, a1, a2, centroids).mask(), ProgressListener.NONE).model();
        long computed = 0;
        for (float v : sparse.pixels()) {
            computed += Float.isNaN(v) ? 0 : 1;
        }
        assertTrue(computed < ROWS * COLS * 0.8, "the sparse model leaves pixels out: " + computed);
        BadPixelFiller fromFull = new BadPixelFiller(full, centroids);
        BadPixelFiller fromSparse = new BadPixelFiller(sparse, centroids);
        BoxExtractor o1 = new BoxExtractor(a1);
        BoxExtractor o2 = new BoxExtractor(a2);
        for (int i = 0; i < nInts; i++) {
            double[][] a = extract(cube[i], fromFull, o1, o2);
            double[][] b = extract(cube[i], fromSparse, o1, o2);
            for (int k = 0; k < 4; k++) {
                assertArrayEquals(a[k], b[k], "integration " + i + ", array " + k);
            }
            assertTrue(Arrays.stream(a[0]).anyMatch(Double::isFinite));
        }
    }

    /**
     * A pixel missing only in a later integration, in a column where no stacked integration misses one, is repaired
     * from the preview's median: finite, and within the noise of the repair from the complete stack.
     */
    @Test
    void aColumnCleanInTheStackIsRepairedFromThePreview() {
        Random rnd = new Random(8);
        TraceCentroids centroids = centroids();
        float[][] stacked = cube(rnd, 31, centroids, 0, new int[] {40 * COLS + 900});
        float[] later = cube(rnd, 1, centroids, 0, new int[0])[0];
        int[] hit = {(int) Math.round(centroids.orderOne()[1300]) * COLS + 1300, 75 * COLS + 400};
        for (int p : hit) {
            later[p] = Float.NaN;
        }
        int width = 25;
        BoxAperture a1 = BoxAperture.forOrder(centroids, 1, width, ROWS);
        BoxAperture a2 = BoxAperture.forOrder(centroids, 2, width, ROWS);
        FakeSegmentReader reader = new FakeSegmentReader("a", ROWS, stacked);
        DeepStack full = DeepStack.compute(List.of(reader), ProgressListener.NONE);
        DeepStack.Sparse sparse = DeepStack.computeSparse(List.of(reader),
                SegmentExtraction.window(ROWS, COLS, a1, a2, centroids).mask(), ProgressListener.NONE);
        for (int p : hit) {
            assertTrue(sparse.model().pixels()[p] == sparse.preview().pixels()[p], "pixel " + p + " from the preview");
            assertTrue(sparse.model().pixels()[p] != full.pixels()[p], "pixel " + p + " not the full median");
        }
        assertTrue(sparse.model().pixels()[41 * COLS + 900] == full.pixels()[41 * COLS + 900], "a column with a dead pixel is exact");
        BoxExtractor o1 = new BoxExtractor(a1);
        BoxExtractor o2 = new BoxExtractor(a2);
        double[][] a = extract(later, new BadPixelFiller(full, centroids), o1, o2);
        double[][] b = extract(later, new BadPixelFiller(sparse.model(), centroids), o1, o2);
        for (int[] xk : new int[][] {{1300, 0}, {400, 2}}) {
            double fromFull = a[xk[1]][xk[0]];
            double fromSparse = b[xk[1]][xk[0]];
            // one pixel of the column differs: by the noise of the preview's median of 3 DN noise (1.25 · 3 / √5 ≈ 1.7
            // DN for 5 integrations; bound: 4.5 σ)
            assertTrue(Double.isFinite(fromSparse) && Math.abs(fromSparse - fromFull) < 8,
                    "column " + xk[0] + ": " + fromSparse + " against " + fromFull);
        }
    }

    /**
     * Width optimisation with given centroids: the model exact at the pixels of the boxes of every candidate width,
     * and frames that hold only those pixels (as the windowed read leaves them; the rest is junk here), give the
     * white-light curves of every width, bit for bit, that whole frames repaired from the complete stack give.
     */
    @Test
    void optimisationCurvesFromTheSparseModelEqualThoseFromTheCompleteStack() {
        Random rnd = new Random(21);
        TraceCentroids centroids = centroids();
        int nInts = 7;
        int[] dead = {31 * COLS + 700, 60 * COLS + 3, 75 * COLS + 1200, 2 * COLS + 600};
        float[][] cube = cube(rnd, nInts, centroids, 400, dead);
        List<BoxAperture> boxes = new java.util.ArrayList<>();
        for (int order = 1; order <= 2; order++) {
            for (int w = WidthOptimizer.MIN_WIDTH; w <= WidthOptimizer.MAX_WIDTH; w++) {
                boxes.add(BoxAperture.forOrder(centroids, order, w, ROWS));
            }
        }
        PixelWindow window = SegmentExtraction.window(ROWS, COLS, boxes, centroids);
        FakeSegmentReader reader = new FakeSegmentReader("a", ROWS, cube);
        DeepStack full = DeepStack.compute(List.of(reader), ProgressListener.NONE);
        DeepStack sparse = DeepStack.computeSparse(List.of(reader), window.mask(), ProgressListener.NONE).model();
        BadPixelFiller fromFull = new BadPixelFiller(full, centroids);
        BadPixelFiller fromSparse = new BadPixelFiller(sparse, centroids, window);
        boolean[] inWindow = window.mask();
        for (int order = 1; order <= 2; order++) {
            double[] centres = BoxAperture.extractedCentres(centroids, order);
            WidthOptimizer a = new WidthOptimizer(centres, ROWS);
            WidthOptimizer b = new WidthOptimizer(centres, ROWS);
            for (float[] sci : cube) {
                Frame whole = frame(sci);
                fromFull.fill(whole);
                a.accept(whole);
                Frame windowed = frame(sci);
                for (int p = 0; p < inWindow.length; p++) {
                    if (!inWindow[p]) {
                        windowed.sci[p] = 1e30f; // never read (what a windowed read leaves there): must not matter
                    }
                }
                fromSparse.fill(windowed);
                b.accept(windowed);
            }
            for (int w = WidthOptimizer.MIN_WIDTH; w <= WidthOptimizer.MAX_WIDTH; w++) {
                assertArrayEquals(a.whiteLightCurve(w), b.whiteLightCurve(w), "order " + order + ", width " + w);
            }
            assertTrue(Arrays.stream(a.whiteLightCurve(30)).allMatch(v -> v > 0));
        }
    }

    private static Frame frame(float[] sci) {
        Frame f = new Frame(ROWS, COLS);
        System.arraycopy(sci, 0, f.sci, 0, sci.length);
        Arrays.fill(f.err, 2f);
        return f;
    }

    /** Order 1 wavy, without centroid in its first columns; order 2 leaving at the bottom; no order 3. */
    private static TraceCentroids centroids() {
        double[] c1 = new double[COLS];
        double[] c2 = new double[COLS];
        double[] c3 = new double[COLS];
        for (int x = 0; x < COLS; x++) {
            c1[x] = x < 5 ? Double.NaN : 30 + 10 * Math.sin(x / 300.0) + 0.37;   // no centroid: whole-column band
            c2[x] = x < 1500 ? 70 + x / 100.0 : Double.NaN;                     // order 2 leaves at the bottom
            c3[x] = Double.NaN;
        }
        return new TraceCentroids(c1, c2, c3, "test");
    }

    /**
     * A trace on a background with noise; one pixel in {@code nanOneIn} missing at random (0: none), and the
     * {@code dead} pixels in every integration.
     */
    private static float[][] cube(Random rnd, int nInts, TraceCentroids centroids, int nanOneIn, int[] dead) {
        double[] c1 = centroids.orderOne();
        float[][] cube = new float[nInts][ROWS * COLS];
        for (int i = 0; i < nInts; i++) {
            for (int p = 0; p < ROWS * COLS; p++) {
                int y = p / COLS;
                int x = p % COLS;
                double trace = Double.isFinite(c1[x]) ? 1000 * Math.exp(-0.5 * Math.pow((y - c1[x]) / 5, 2)) : 0;
                cube[i][p] = (float) (20 + trace + rnd.nextGaussian() * 3);
                if (nanOneIn > 0 && rnd.nextInt(nanOneIn) == 0) {
                    cube[i][p] = Float.NaN;
                }
            }
            for (int p : dead) {
                cube[i][p] = Float.NaN;
            }
        }
        return cube;
    }

    private static double[][] extract(float[] sci, BadPixelFiller filler, BoxExtractor o1, BoxExtractor o2) {
        Frame f = frame(sci);
        filler.fill(f);
        double[][] out = new double[4][COLS];
        o1.extract(f, out[0], out[1]);
        o2.extract(f, out[2], out[3]);
        return out;
    }
}
