package io.sossstream.spectra;

import io.sossstream.reference.WavelengthSolution;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeSeriesSpectraTest {

    @Test
    void assembleStacksSegmentsAndReversesColumns() {
        int cols = 6;
        SegmentSpectra a = SegmentSpectra.allocate(1, 1, 2, cols);
        SegmentSpectra b = SegmentSpectra.allocate(2, 3, 1, cols);
        int t = 0;
        for (SegmentSpectra s : List.of(a, b)) {
            for (int i = 0; i < s.integrations(); i++, t++) {
                s.times()[i] = 100 + t;
                for (int x = 0; x < cols; x++) {
                    s.fluxO1()[i][x] = 10 * t + x;
                    s.errO1()[i][x] = x;
                    s.fluxO2()[i][x] = -x;
                    s.errO2()[i][x] = 2 * x;
                }
            }
        }
        double[] w1 = {2.8, 2.6, 2.4, 2.2, 2.0, 1.8};                 // detector order: red first
        double[] w2 = {1.4, 1.3, 1.2, 1.1, Double.NaN, Double.NaN};
        TimeSeriesSpectra s = TimeSeriesSpectra.assemble(List.of(a, b), new WavelengthSolution(w1, w2, 0), null);
        assertArrayEquals(new double[] {100, 101, 102}, s.times());
        assertArrayEquals(new double[] {1.8, 2.0, 2.2, 2.4, 2.6, 2.8}, s.waveO1(), 1e-15);
        assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, s.waveErrO1(), 1e-12);
        assertArrayEquals(new double[] {25, 24, 23, 22, 21, 20}, s.fluxO1()[2]);
        assertArrayEquals(new double[] {5, 4, 3, 2, 1, 0}, s.errO1()[0]);
        assertTrue(Double.isNaN(s.waveO2()[0]) && Double.isNaN(s.waveErrO2()[1]));
        assertEquals(0.05, s.waveErrO2()[2], 1e-12);
        assertArrayEquals(new double[] {10, 8, 6, 4, 2, 0}, s.errO2()[1]);
    }
}
