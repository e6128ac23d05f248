package io.sossstream.segment;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixelWindowTest {
    /** The runs of every row are the maximal runs of the pixels added, whatever the width (word edges included). */
    @Test
    void runsAreTheMaximalRunsOfTheAddedPixels() {
        Random rng = new Random(5);
        for (int cols : new int[]{1, 63, 64, 65, 130, 2048}) {
            int rows = 40;
            boolean[] inside = new boolean[rows * cols];
            PixelWindow.Builder b = new PixelWindow.Builder(rows, cols);
            for (int k = 0; k < 3 * cols; k++) {
                int x = rng.nextInt(cols);
                int y0 = rng.nextInt(rows + 10) - 5;
                int y1 = y0 + rng.nextInt(12);
                b.add(x, y0, y1);
                for (int y = Math.max(0, y0); y < Math.min(rows, y1); y++) {
                    inside[y * cols + x] = true;
                }
            }
            PixelWindow w = b.build();
            boolean[] got = new boolean[rows * cols];
            int pixels = 0;
            int first = -1;
            int end = 0;
            for (int y = 0; y < rows; y++) {
                int previousEnd = -1;
                for (int k = w.firstRun(y); k < w.firstRun(y + 1); k++) {
                    assertTrue(w.runFrom(k) > previousEnd, "runs are maximal, ordered and disjoint");
                    assertTrue(w.runTo(k) > w.runFrom(k) && w.runTo(k) <= cols);
                    for (int x = w.runFrom(k); x < w.runTo(k); x++) {
                        got[y * cols + x] = true;
                    }
                    previousEnd = w.runTo(k);
                }
            }
            for (int i = 0; i < inside.length; i++) {
                assertEquals(inside[i], got[i], "cols=" + cols + " pixel " + i);
                if (inside[i]) {
                    pixels++;
                    first = first < 0 ? i / cols : first;
                    end = i / cols + 1;
                }
            }
            assertEquals(pixels, w.pixels());
            assertEquals(Math.max(first, 0), w.firstRow());
            assertEquals(end, w.endRow());
        }
    }

    /** Each column's span runs from its first to its last window pixel; a column without any has none. */
    @Test
    void columnSpansFromFirstToLastPixelOfEachColumn() {
        PixelWindow w = new PixelWindow.Builder(40, 130).add(3, 10, 12).add(3, 20, 21).add(64, 0, 40).add(129, 39, 45)
                .build();
        int[] lo = new int[130];
        int[] hi = new int[130];
        w.columnSpans(lo, hi);
        assertEquals(10, lo[3]);
        assertEquals(21, hi[3]);
        assertEquals(0, lo[64]);
        assertEquals(40, hi[64]);
        assertEquals(39, lo[129]);
        assertEquals(40, hi[129]);
        assertEquals(0, lo[4]);
        assertEquals(0, hi[4]);
    }

    @Test
    void emptyWindow() {
        PixelWindow w = new PixelWindow.Builder(8, 100).build();
        assertEquals(0, w.pixels());
        assertEquals(0, w.endRow());
        assertEquals(0, w.firstRun(8));
    }
}
