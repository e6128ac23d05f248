package io.sossstream.stack;

import io.sossstream.error.BadInputException;
import io.sossstream.segment.Subarray;
import io.sossstream.ProgressListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeepStackTest {
    private static final int COLS = Subarray.COLUMNS;

    /** Brute force np.nanmedian (non-finite ignored) of one pixel over a list of cubes. */
    private static float bruteMedian(List<float[][]> cubes, int p) {
        double[] v = new double[1000];
        int n = 0;
        for (float[][] cube : cubes) {
            for (float[] frame : cube) {
                if (Float.isFinite(frame[p])) {
                    v[n++] = frame[p];
                }
            }
        }
        if (n == 0) {
            return Float.NaN;
        }
        Arrays.sort(v, 0, n);
        return (float) (n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]));
    }

    private static float[][] randomCube(Random rnd, int nInts, int rows) {
        float[][] cube = new float[nInts][rows * COLS];
        for (float[] f : cube) {
            for (int p = 0; p < f.length; p++) {
                // Small integers make ties (equal middle values) common.
                f[p] = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : (float) rnd.nextGaussian() * 100f;
                int r = rnd.nextInt(40);
                if (r == 0) {
                    f[p] = Float.NaN;
                } else if (r == 1) {
                    f[p] = Float.POSITIVE_INFINITY;
                } else if (r == 2) {
                    f[p] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return cube;
    }

    private static void check(List<float[][]> cubes, int rows, long budget, int expectedBand) {
        List<FakeSegmentReader> readers = new ArrayList<>();
        for (int k = 0; k < cubes.size(); k++) {
            readers.add(new FakeSegmentReader("seg" + k, rows, cubes.get(k)));
        }
        AtomicLong last = new AtomicLong();
        AtomicLong lastTotal = new AtomicLong();
        DeepStack stack = DeepStack.compute(readers, (task, done, total) -> {
            assertEquals(last.get() + 1, done);
            last.set(done);
            lastTotal.set(total);
        }, budget);
        assertEquals(lastTotal.get(), last.get(), "progress reaches its total");
        for (FakeSegmentReader r : readers) {
            assertEquals(expectedBand, r.maxRowsPerRead, "band height");
        }
        assertEquals(rows, stack.rows());
        assertEquals(COLS, stack.cols());
        for (int p = 0; p < rows * COLS; p++) {
            float expected = bruteMedian(cubes, p);
            float got = stack.pixels()[p];
            if (Float.isNaN(expected)) {
                assertTrue(Float.isNaN(got), "pixel " + p + " has no finite sample");
            } else {
                assertEquals(expected, got, 0f, "pixel " + p);
            }
        }
    }

    @Test
    void oddCountSmallBandsMatchBruteForce() {
        Random rnd = new Random(1);
        int rows = 7;
        int nInts = 5;
        // Budget for 2 rows of 5 integrations: bands of 2, 2, 2, 1 rows.
        check(List.<float[][]>of(randomCube(rnd, nInts, rows)), rows, 2L * nInts * COLS * 4, 2);
    }

    @Test
    void evenCountMultipleReadersMatchBruteForce() {
        Random rnd = new Random(2);
        int rows = 6;
        List<float[][]> cubes = List.of(randomCube(rnd, 3, rows), randomCube(rnd, 5, rows), randomCube(rnd, 2, rows));
        check(cubes, rows, 4L * 10 * COLS * 4 + 17, 4);
    }

    @Test
    void wholeImageInOneBandWhenBudgetAllows() {
        Random rnd = new Random(3);
        check(List.of(randomCube(rnd, 4, 3), randomCube(rnd, 1, 3)), 3, DeepStack.DEFAULT_BUDGET_BYTES, 3);
    }

    /** The median of many ties, runs of equal values and a few distinct ones is the sorted middle (numpy's rule). */
    @Test
    void medianWithTiesEqualsTheSortedMiddle() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + rnd.nextInt(trial % 10 == 0 ? 600 : 40);
            int distinct = 1 + rnd.nextInt(trial % 3 == 0 ? 3 : 1000);
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextInt(distinct) - distinct / 2 + (trial % 2 == 0 ? 0.25f : 0f);
            }
            float[] sorted = a.clone();
            Arrays.sort(sorted);
            float expected = n % 2 == 1 ? sorted[n / 2]
                    : (float) (0.5 * ((double) sorted[n / 2 - 1] + sorted[n / 2]));
            assertEquals(expected, DeepStack.median(a.clone(), n), () -> Arrays.toString(a));
        }
    }

    @Test
    void allMissingPixelIsNaNAndTinyBudgetStillWorks() {
        float[][] cube = new float[4][2 * COLS];
        for (int i = 0; i < 4; i++) {
            Arrays.fill(cube[i], i);
            cube[i][5] = Float.NaN;
            cube[i][6] = i == 2 ? 7f : Float.POSITIVE_INFINITY;
        }
        DeepStack s = DeepStack.compute(List.of(new FakeSegmentReader("a", 2, cube)), ProgressListener.NONE, 1);
        assertTrue(Float.isNaN(s.pixels()[5]));
        assertEquals(7.0, s.get(0, 6));
        assertEquals(1.5, s.get(1, 100));
    }

    @Test
    void rowsPerBlockFollowsBudget() {
        assertEquals(30, DeepStack.rowsPerBlock(64L << 20, 273, 2048, 256));
        assertEquals(1, DeepStack.rowsPerBlock(10, 273, 2048, 256));
        assertEquals(256, DeepStack.rowsPerBlock(1L << 40, 273, 2048, 256));
    }

    @Test
    void readersWithDifferentRowsAreBadInput() {
        var a = new FakeSegmentReader("a", 2, new float[1][2 * COLS]);
        var b = new FakeSegmentReader("b", 3, new float[1][3 * COLS]);
        BadInputException e = assertThrows(BadInputException.class,
                () -> DeepStack.compute(List.of(a, b), ProgressListener.NONE));
        assertEquals("b", e.source());
    }

    @Test
    void ofImageWrapsAnImage() {
        DeepStack s = DeepStack.ofImage(2, 3, new double[] {0, 1, 2, 3, 4, 5});
        assertEquals(5.0, s.get(1, 2));
        assertEquals(2, s.rows());
        assertEquals(3, s.cols());
    }

    /**
     * The sparse model equals the complete deep stack at the needed pixels of every column with a missing needed
     * sample, and at the bridging neighbours of a needed pixel without finite sample; at the needed pixels of the
     * other columns it is the preview, which is the median of the preview integrations; NaN elsewhere.
     */
    @Test
    void sparseModelIsExactWhereNeededAndPreviewIsTheSubsampleMedian() {
        Random rnd = new Random(11);
        int rows = 9;
        List<float[][]> cubes = List.of(randomCube(rnd, 20, rows), randomCube(rnd, 17, rows));
        // columns 1500-1699 without a missing sample: their model is the preview's
        for (float[][] cube : cubes) {
            for (float[] f : cube) {
                for (int p = 0; p < f.length; p++) {
                    if (p % COLS >= 1500 && p % COLS < 1700 && !Float.isFinite(f[p])) {
                        f[p] = (float) rnd.nextGaussian() * 100f;
                    }
                }
            }
        }
        // pixels without any finite sample, needed, next to pixels not needed
        for (float[][] cube : cubes) {
            for (float[] f : cube) {
                f[4 * COLS + 1000] = Float.NaN;
                f[4 * COLS + 2047] = Float.NaN;
                f[5 * COLS + 3] = Float.NaN;
            }
        }
        boolean[] needed = new boolean[rows * COLS];
        for (int x = 0; x < COLS; x++) {
            for (int y = 3 + x % 3; y < 6; y++) {
                needed[y * COLS + x] = x % 5 != 0;   // row bands 0-2 and 6-8 not needed at all
            }
        }
        needed[4 * COLS + 999] = false;
        needed[4 * COLS + 1001] = false;
        needed[4 * COLS + 1000] = true;
        needed[4 * COLS + 2047] = true;
        needed[5 * COLS + 3] = true;
        List<FakeSegmentReader> readers = List.of(new FakeSegmentReader("a", rows, cubes.get(0)),
                new FakeSegmentReader("b", rows, cubes.get(1)));
        DeepStack.Sparse s = DeepStack.computeSparse(readers, needed, ProgressListener.NONE, 3L * 37 * COLS * 4);
        DeepStack full = DeepStack.compute(readers, ProgressListener.NONE);
        assertTrue(!s.model().complete() && full.complete() && s.preview().complete());
        boolean[] bridge = new boolean[rows * COLS];
        for (int p : new int[] {4 * COLS + 1000, 4 * COLS + 2047, 5 * COLS + 3}) {
            int y = p / COLS;
            for (int x = Math.max(0, p % COLS - 3); x <= Math.min(COLS - 1, p % COLS + 3); x++) {
                bridge[y * COLS + x] = true;
            }
        }
        boolean[] missingColumn = new boolean[COLS];
        for (float[][] cube : cubes) {
            for (float[] f : cube) {
                for (int p = 0; p < f.length; p++) {
                    missingColumn[p % COLS] |= needed[p] && !Float.isFinite(f[p]);
                }
            }
        }
        int exactCount = 0;
        int previewCount = 0;
        for (int p = 0; p < rows * COLS; p++) {
            if (needed[p] && missingColumn[p % COLS] || bridge[p]) {
                assertEquals(full.pixels()[p], s.model().pixels()[p], 0f, "pixel " + p);
                exactCount++;
            } else if (needed[p]) {
                assertEquals(s.preview().pixels()[p], s.model().pixels()[p], 0f, "pixel " + p + " from the preview");
                assertTrue(Float.isFinite(s.model().pixels()[p]), "pixel " + p);
                previewCount++;
            } else {
                assertTrue(Float.isNaN(s.model().pixels()[p]), "pixel " + p + " not computed");
            }
        }
        assertTrue(exactCount > 2000 && previewCount > 200, exactCount + " exact, " + previewCount + " from the preview");
        assertTrue(Double.isFinite(s.model().get(4, 999)) && Double.isFinite(s.model().get(4, 1003)));
        int[] preview = DeepStack.previewIntegrations(37);
        assertEquals(DeepStack.PREVIEW_INTEGRATIONS, preview.length);
        int m = DeepStack.PREVIEW_INTEGRATIONS;
        assertEquals(37 / (2 * m), preview[0], "centre of the first of " + m + " slices");
        assertEquals((2 * m - 1) * 37 / (2 * m), preview[m - 1], "centre of the last slice");
        List<float[][]> subsample = new ArrayList<>();
        float[][] picked = new float[preview.length][];
        for (int k = 0; k < preview.length; k++) {
            int i = preview[k];
            picked[k] = i < 20 ? cubes.get(0)[i] : cubes.get(1)[i - 20];
        }
        subsample.add(picked);
        for (int p = 0; p < rows * COLS; p++) {
            float expected = bruteMedian(subsample, p);
            float got = s.preview().pixels()[p];
            assertTrue(Float.isNaN(expected) ? Float.isNaN(got) : expected == got, "preview pixel " + p);
        }
    }

    @Test
    void previewTakesEveryIntegrationOfAShortCube() {
        assertArrayEquals(new int[] {0, 1, 2}, DeepStack.previewIntegrations(3));
        int m = DeepStack.PREVIEW_INTEGRATIONS;
        assertArrayEquals(java.util.stream.IntStream.range(0, m).toArray(), DeepStack.previewIntegrations(m));
    }

    @Test
    void sparseModelSurvivesItsFitsRoundTrip() {
        Random rnd = new Random(5);
        boolean[] needed = new boolean[2 * COLS];
        needed[7] = true;
        DeepStack.Sparse s = DeepStack.computeSparse(List.of(new FakeSegmentReader("a", 2, randomCube(rnd, 3, 2))),
                needed, ProgressListener.NONE);
        DeepStack back = DeepStackFits.fromBytes(DeepStackFits.toBytes(s.model(), "obs"), "test");
        assertTrue(!back.complete());
        assertArrayEquals(s.model().pixels(), back.pixels());
        assertTrue(DeepStackFits.fromBytes(DeepStackFits.toBytes(s.preview(), "obs"), "test").complete());
    }
}
