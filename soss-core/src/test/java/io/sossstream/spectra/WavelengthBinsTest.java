package io.sossstream.spectra;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WavelengthBinsTest {

    @Test
    void midpointEdgesAndMirroredOuterEdges() {
        double[] c = {1.0, 2.0, 4.0, 7.0};
        assertArrayEquals(new double[] {0.5, 1.5, 3.0, 5.5, 8.5}, WavelengthBins.edges(c), 1e-15);
        assertArrayEquals(new double[] {1.0, 1.5, 2.5, 3.0}, WavelengthBins.widths(c), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.75, 1.25, 1.5}, WavelengthBins.halfWidths(c), 1e-15);
    }

    @Test
    void decreasingCentresGiveNegativeWidthsAndPositiveHalfWidths() {
        double[] c = {7.0, 4.0, 2.0, 1.0};
        assertArrayEquals(new double[] {-3.0, -2.5, -1.5, -1.0}, WavelengthBins.widths(c), 1e-15);
        assertArrayEquals(new double[] {1.5, 1.25, 0.75, 0.5}, WavelengthBins.halfWidths(c), 1e-15);
    }

    @Test
    void nanWavelengthsKeepNanErrors() {
        double[] c = {Double.NaN, Double.NaN, 1.0, 2.0, 4.0, Double.NaN, 5.0};
        double[] h = WavelengthBins.halfWidths(c);
        assertTrue(Double.isNaN(h[0]) && Double.isNaN(h[1]) && Double.isNaN(h[5]));
        assertTrue(Double.isNaN(h[6]));                 // a lone finite value has no bin
        assertEquals(0.5, h[2], 1e-15);
        assertEquals(0.75, h[3], 1e-15);
        assertEquals(1.0, h[4], 1e-15);                 // last of its run: λ₄ − λ₃ = 2
    }
}
