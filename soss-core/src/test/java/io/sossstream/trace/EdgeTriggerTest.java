package io.sossstream.trace;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EdgeTriggerTest {
    private static final int ROWS = 256;
    private static final int COLS = 2048;
    private static final double HALF_WIDTH = 11; // SOSS-like 22-px flat-top trace
    private static final double EDGE_SIGMA = 1.5;

    /** Trace centre at column x: a smooth curve crossing many sub-pixel phases. */
    private static double centre(int x) {
        double u = (x - 1024) / 1024.0;
        return 120 + 25 * u * u - 4 * u;
    }

    /** Flat-top profile with Gaussian-blurred edges at c ± 11, amplitude 1000, plus noise. */
    private static double[] syntheticImage(long seed) {
        Random rnd = new Random(seed);
        double[] img = new double[ROWS * COLS];
        double s = EDGE_SIGMA * Math.sqrt(2);
        for (int x = 0; x < COLS; x++) {
            double c = centre(x);
            for (int y = 0; y < ROWS; y++) {
                double v = 500 * (Erf.erf((y - (c - HALF_WIDTH)) / s) - Erf.erf((y - (c + HALF_WIDTH)) / s));
                img[y * COLS + x] = v + 10 + rnd.nextGaussian();
            }
        }
        return img;
    }

    @Test
    void fittedCombinedCentreWithinATenthOfAPixel() {
        double[] img = syntheticImage(1);
        EdgeTrigger.Edges e = EdgeTrigger.measure(img, ROWS, COLS, null, EdgeTrigger.DEFAULT_HALFWIDTH);
        for (int x = 4; x < COLS - 4; x++) {
            // Raw centres are on a half-pixel grid: about half a pixel from the truth at worst (plus noise).
            assertEquals(centre(x), e.centre()[x], 0.75, "raw centre at x = " + x);
            assertEquals(centre(x) - HALF_WIDTH, e.bottomEdge()[x], 1.0, "rising edge at x = " + x);
            assertEquals(centre(x) + HALF_WIDTH, e.topEdge()[x], 1.0, "falling edge at x = " + x);
            assertTrue(e.width()[x] >= 18 && e.width()[x] <= 26);
        }
        // Reference columns are masked: nothing found there.
        assertTrue(Double.isNaN(e.centre()[0]) && Double.isNaN(e.centre()[COLS - 1]));
        assertTrue(Double.isNaN(e.topEdge()[3]) && Double.isNaN(e.bottomEdge()[2044]));

        double[] fitted = EdgeTrigger.fitColumns(e.positions(EdgeTrigger.Mode.COMBINED), 3);
        double worst = 0;
        for (int x = 0; x < COLS; x++) {
            worst = Math.max(worst, Math.abs(fitted[x] - centre(x)));
        }
        assertTrue(worst < 0.1, "fitted centre within 0.1 px everywhere, worst " + worst);
    }

    @Test
    void singleColumnEdgesAndCentre() {
        int rows = 96;
        double[] col = new double[rows];
        for (int y = 0; y < rows; y++) {
            col[y] = (y >= 40 && y < 60) ? 100 : 0; // edges between rows 39|40 and 59|60
        }
        EdgeTrigger.Edges e = EdgeTrigger.edges(col, rows, 1, 2);
        // 5-row slopes: 20, 30, 30, 20 at rows 38–41 and −20, −30, −30, −20 at rows 58–61; the first extremum wins.
        assertEquals(39, e.bottomEdge()[0]);
        assertEquals(59, e.topEdge()[0]);
        // s[r] − s[r+w] first reaches 60 at w = 19, r = 40 (w = 20, r = 39 only ties): centre 40 + 9.5, the
        // true middle of rows 40…59.
        assertEquals(49.5, e.centre()[0]);
        assertEquals(19, e.width()[0]);
    }

    @Test
    void flatOrEmptyColumnsGiveNaN() {
        double[] img = new double[40 * 2];
        for (int y = 0; y < 40; y++) {
            img[y * 2] = 5;           // flat: all slopes 0
            img[y * 2 + 1] = Double.NaN; // empty
        }
        EdgeTrigger.Edges e = EdgeTrigger.edges(img, 40, 2, 2);
        for (int x = 0; x < 2; x++) {
            assertTrue(Double.isNaN(e.centre()[x]));
            assertTrue(Double.isNaN(e.width()[x]));
            assertTrue(Double.isNaN(e.topEdge()[x]));
            assertTrue(Double.isNaN(e.bottomEdge()[x]));
        }
    }

    @Test
    void referencePixelMaskPerSubarray() {
        boolean[] m256 = EdgeTrigger.referencePixelMask(256, COLS);
        assertTrue(m256[10 * COLS + 3] && m256[10 * COLS + 2044]);
        assertFalse(m256[10 * COLS + 4] || m256[10 * COLS + 2043]);
        assertTrue(m256[252 * COLS + 1000] && m256[255 * COLS + 1000]);
        assertFalse(m256[251 * COLS + 1000] || m256[1000]);

        boolean[] m96 = EdgeTrigger.referencePixelMask(96, COLS);
        assertFalse(m96[95 * COLS + 1000] || m96[1000]);
        assertTrue(m96[95 * COLS]);

        boolean[] full = EdgeTrigger.referencePixelMask(2048, COLS);
        assertTrue(full[3 * COLS + 1000] && full[2044 * COLS + 1000]);
        assertFalse(full[4 * COLS + 1000] || full[2043 * COLS + 1000]);
    }
}
