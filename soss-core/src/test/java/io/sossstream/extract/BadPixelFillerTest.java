package io.sossstream.extract;

import io.sossstream.segment.Frame;
import io.sossstream.stack.DeepStack;
import io.sossstream.trace.TraceCentroids;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadPixelFillerTest {
    private static final int ROWS = 64;
    private static final int COLS = 2048;

    /** A Gaussian trace at row 30 on a small background: the deep stack of a star. */
    private static float[] model() {
        float[] m = new float[ROWS * COLS];
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < COLS; x++) {
                m[y * COLS + x] = (float) (5 + 1000 * Math.exp(-0.5 * Math.pow((y - 30) / 4.0, 2)) * (1 + x / 4096.0));
            }
        }
        return m;
    }

    private static TraceCentroids centroids() {
        double[] c = new double[COLS];
        Arrays.fill(c, 30.0);
        double[] nan = new double[COLS];
        Arrays.fill(nan, Double.NaN);
        return new TraceCentroids(c, nan, nan, "test");
    }

    @Test
    void missingPixelsBecomeTheScaledModel() {
        float[] m = model();
        BadPixelFiller filler = new BadPixelFiller(DeepStack.ofImage(ROWS, COLS, m), centroids());
        Frame f = new Frame(ROWS, COLS);
        for (int i = 0; i < m.length; i++) {
            f.sci[i] = 0.97f * m[i]; // a 3 % dimmer integration (in transit)
            f.err[i] = 1f;
        }
        int[] bad = {30 * COLS + 100, 28 * COLS + 100, 33 * COLS + 1500, 5 * COLS + 7};
        for (int i : bad) {
            f.sci[i] = Float.NaN;
        }
        assertEquals(bad.length, filler.fill(f));
        for (int i : bad) {
            assertEquals(0.97 * m[i], f.sci[i], 1e-4 * m[i], "pixel " + i);
            assertTrue(f.err[i] > 0 && Float.isFinite(f.err[i]));
        }
    }

    @Test
    void framesWithoutMissingPixelsAreUntouched() {
        float[] m = model();
        BadPixelFiller filler = new BadPixelFiller(DeepStack.ofImage(ROWS, COLS, m), centroids());
        Frame f = new Frame(ROWS, COLS);
        Random rng = new Random(1);
        for (int i = 0; i < m.length; i++) {
            f.sci[i] = (float) (m[i] + rng.nextGaussian());
            f.err[i] = 1f;
        }
        float[] before = f.sci.clone();
        assertEquals(0, filler.fill(f));
        assertArrayEquals(before, f.sci);
    }

    /**
     * Through a window (the apertures and the band, as extraction reads), every window pixel is repaired exactly as
     * a whole-frame repair repairs it, bridged model pixels included; pixels outside the window are left alone.
     */
    @Test
    void aWindowedRepairEqualsTheWholeFrameRepairInsideTheWindow() {
        float[] m = model();
        float[] deep = m.clone();
        Random rng = new Random(3);
        for (int k = 0; k < 300; k++) {
            deep[rng.nextInt(deep.length)] = Float.NaN; // pixels bad in every integration
        }
        io.sossstream.segment.PixelWindow.Builder b = new io.sossstream.segment.PixelWindow.Builder(ROWS, COLS);
        for (int x = 0; x < COLS; x++) {
            b.add(x, 10, 51); // the band around row 30 (±20) and more
        }
        io.sossstream.segment.PixelWindow window = b.build();
        BadPixelFiller whole = new BadPixelFiller(DeepStack.ofImage(ROWS, COLS, deep), centroids());
        BadPixelFiller windowed = new BadPixelFiller(DeepStack.ofImage(ROWS, COLS, deep), centroids(), window);
        Frame a = new Frame(ROWS, COLS);
        for (int i = 0; i < m.length; i++) {
            a.sci[i] = (float) (0.98 * m[i] + rng.nextGaussian());
            a.err[i] = 1f;
        }
        for (int k = 0; k < 500; k++) {
            a.sci[rng.nextInt(m.length)] = Float.NaN;
        }
        Frame b2 = new Frame(ROWS, COLS);
        System.arraycopy(a.sci, 0, b2.sci, 0, a.sci.length);
        System.arraycopy(a.err, 0, b2.err, 0, a.err.length);
        float[] before = a.sci.clone();
        assertTrue(whole.fill(a) > windowed.fill(b2), "the windowed repair does less");
        int inside = 0;
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < COLS; x++) {
                int i = y * COLS + x;
                if (y >= 10 && y < 51) {
                    assertEquals(Float.floatToRawIntBits(a.sci[i]), Float.floatToRawIntBits(b2.sci[i]), "pixel " + i);
                    assertEquals(Float.floatToRawIntBits(a.err[i]), Float.floatToRawIntBits(b2.err[i]), "error " + i);
                    inside += Float.isNaN(before[i]) && Float.isFinite(b2.sci[i]) ? 1 : 0;
                } else {
                    assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(b2.sci[i]), "outside " + i);
                }
            }
        }
        assertTrue(inside > 100, "repaired inside the window: " + inside);
    }

    @Test
    void aPixelBadInEveryIntegrationIsBridgedFromItsNeighbours() {
        float[] m = model();
        float[] deep = m.clone();
        int i = 31 * COLS + 900;
        deep[i] = Float.NaN; // bad in every integration, so NaN in the deep stack too
        BadPixelFiller filler = new BadPixelFiller(DeepStack.ofImage(ROWS, COLS, deep), centroids());
        Frame f = new Frame(ROWS, COLS);
        System.arraycopy(m, 0, f.sci, 0, m.length);
        Arrays.fill(f.err, 1f);
        f.sci[i] = Float.NaN;
        assertEquals(1, filler.fill(f));
        assertEquals(m[i], f.sci[i], 1e-3 * m[i]);
    }

    @Test
    void boxExtractionOfARepairedFrameMatchesTheCleanFrame() {
        float[] m = model();
        BadPixelFiller filler = new BadPixelFiller(DeepStack.ofImage(ROWS, COLS, m), centroids());
        Frame clean = new Frame(ROWS, COLS);
        Frame holed = new Frame(ROWS, COLS);
        for (int i = 0; i < m.length; i++) {
            clean.sci[i] = 1.02f * m[i];
            holed.sci[i] = clean.sci[i];
            clean.err[i] = holed.err[i] = 1f;
        }
        for (int x = 10; x < COLS; x += 97) {
            holed.sci[(29 + x % 5) * COLS + x] = Float.NaN;
        }
        filler.fill(holed);
        double[] c = centroids().orderOne();
        BoxExtractor box = new BoxExtractor(BoxAperture.of(c, 30, ROWS));
        double[] f1 = new double[COLS];
        double[] f2 = new double[COLS];
        double[] e = new double[COLS];
        box.extract(clean, f1, e);
        box.extract(holed, f2, e);
        for (int x = 0; x < COLS; x++) {
            assertEquals(f1[x], f2[x], 1e-5 * f1[x], "column " + x);
        }
    }
}
