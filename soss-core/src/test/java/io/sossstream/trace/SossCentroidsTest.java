package io.sossstream.trace;

import io.sossstream.error.BadInputException;
import io.sossstream.segment.Subarray;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SossCentroidsTest {

    @Test
    void postProcessingTruncatesOrdersTwoAndThreeLikeExoTedrf() {
        double[] o1 = new double[2048];
        double[] o2 = new double[2048];
        double[] o3 = new double[2048];
        for (int x = 0; x < 2048; x++) {
            o1[x] = 40 + x * 0.01;
            o2[x] = 100 + x * 0.1;   // y ≤ 255 up to x = 1550
            o3[x] = 140 + x * 0.2;   // y ≤ 255 up to x = 575
        }
        TraceCentroids c = SossCentroids.postProcess(new SossCentroids.Fitted(o1, o2, o3, null), 256);
        assertEquals("edgetrigger", c.source());
        assertEquals(o1[2047], c.orderOne()[2047], 1e-12);
        // xx = arange(max(x_kept)): the last kept column itself is dropped.
        assertEquals(o2[1549], c.orderTwo()[1549], 1e-9);
        assertTrue(Double.isNaN(c.orderTwo()[1550]));
        assertEquals(o3[574], c.orderThree()[574], 1e-9);
        assertTrue(Double.isNaN(c.orderThree()[575]));
    }

    @Test
    void postProcessingInterpolatesOverDroppedColumns() {
        double[] o1 = new double[2048];
        double[] o2 = new double[2048];
        for (int x = 0; x < 2048; x++) {
            o1[x] = 50;
            o2[x] = x == 700 ? 300 : 100 + 0.01 * x; // one column off the subarray: interpolated over
        }
        TraceCentroids c = SossCentroids.postProcess(new SossCentroids.Fitted(o1, o2, o2.clone(), null), 256);
        assertEquals(107.0, c.orderTwo()[700], 1e-9);
        assertEquals(100 + 0.01 * 2046, c.orderTwo()[2046], 1e-9);
        assertTrue(Double.isNaN(c.orderTwo()[2047]));
    }

    @Test
    void substrip96HasNoOrdersTwoAndThree() {
        double[] o1 = new double[2048];
        TraceCentroids c = SossCentroids.postProcess(new SossCentroids.Fitted(o1, null, null, null), 96);
        assertTrue(Double.isNaN(c.orderTwo()[0]) && Double.isNaN(c.orderThree()[2047]));
    }

    @Test
    void blankImageIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> SossCentroids.find(new double[256 * 2048], Subarray.SUBSTRIP256, null,
                        TracePrior.of(Subarray.SUBSTRIP256, Double.NaN), "blank.fits"));
        assertEquals("blank.fits", e.source());
    }

    @Test
    void wrongImageSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SossCentroids.find(new double[10], Subarray.SUBSTRIP96));
    }

    @Test
    void approximateDispersionWithoutTraceTable() {
        double[] l1 = SossCentroids.wavelengths(null, 1);
        assertEquals(2.833, l1[0], 1e-12);
        assertEquals(2.833 - 2047 * 0.9718e-3, l1[2047], 1e-12);
    }
}
