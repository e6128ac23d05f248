package io.sossstream.pipeline;

import io.sossstream.spectra.SegmentSpectra;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The white-light flux of a segment: per integration, the column sum of each order, NaN columns left out. */
class WhiteLightSeriesTest {
    @Test
    void sumsEachIntegrationsColumnsPerOrderIgnoringNaN() {
        SegmentSpectra s = SegmentSpectra.allocate(2, 13, 2, 3);
        s.times()[0] = 60000.0;
        s.times()[1] = 60000.01;
        s.fluxO1()[0] = new double[] {1, 2, 3};
        s.fluxO1()[1] = new double[] {4, Double.NaN, 6};
        s.fluxO2()[0] = new double[] {0.5, 0, 0};     // order 2: 0 in the columns it does not reach
        s.fluxO2()[1] = new double[] {Double.NaN, 0.25, 0};

        WhiteLightSeries w = WhiteLightSeries.of(s);
        assertEquals(2, w.segmentNumber());
        assertArrayEquals(new double[] {60000.0, 60000.01}, w.times());
        assertArrayEquals(new double[] {6, 10}, w.order1());
        assertArrayEquals(new double[] {0.5, 0.25}, w.order2());
        assertArrayEquals(w.order2(), w.flux(2));

        WhiteLightSeries back = WhiteLightSeries.fromJson(w.toJson(), "test");
        assertEquals(w.segmentNumber(), back.segmentNumber());
        assertArrayEquals(w.times(), back.times());
        assertArrayEquals(w.order1(), back.order1());
        assertArrayEquals(w.order2(), back.order2());
    }
}
