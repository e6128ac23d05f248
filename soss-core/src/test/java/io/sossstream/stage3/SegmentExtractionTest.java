package io.sossstream.stage3;

import io.sossstream.ProgressListener;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.segment.Frame;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.SegmentReader;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.spectra.SegmentSpectra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extraction reads only the pixels of its window (apertures and repair band); its spectra are those of an
 * extraction that reads every pixel of every frame, to the bit, bad pixels repaired or not.
 */
class SegmentExtractionTest {
    @TempDir
    Path dir;

    /** A reader that reads whole frames only (the interface's default windowed read). */
    private record WholeFrames(FitsSegmentReader r) implements SegmentReader {
        @Override
        public SegmentHeader header() {
            return r.header();
        }

        @Override
        public double[] midTimes() {
            return r.midTimes();
        }

        @Override
        public void read(int i, Frame frame) {
            r.read(i, frame);
        }

        @Override
        public void readSciRows(int i, int y0, int nRows, float[] dst) {
            r.readSciRows(i, y0, nRows, dst);
        }

        @Override
        public void close() {
            r.close();
        }
    }

    @Test
    void windowedReadsGiveTheSpectraOfWholeFrames() {
        List<Path> files = Simulator.run(SimulationOptions.defaults().withSegments(1, 6).withSeed(11)
                .withDefects(6.0, 400), dir, ProgressListener.NONE).stream()
                .filter(f -> f.getFileName().toString().endsWith(".fits")).toList();
        ProfileBuilder.Result built = ProfileBuilder.build(files, Stage3Options.defaults(), ProgressListener.NONE);
        for (boolean repair : new boolean[]{true, false}) {
            SegmentSpectra windowed = SegmentExtraction.extract(files.get(0), built.profile(),
                    repair ? built.deepStack() : null, ProgressListener.NONE);
            SegmentSpectra whole;
            try (SegmentReader r = new WholeFrames(FitsSegmentReader.open(files.get(0)))) {
                whole = SegmentExtraction.extract(r, built.profile(), repair ? built.deepStack() : null,
                        ProgressListener.NONE);
            }
            assertArrayEquals(whole.times(), windowed.times());
            boolean anyNaN = false;
            for (int i = 0; i < whole.integrations(); i++) {
                assertArrayEquals(whole.fluxO1()[i], windowed.fluxO1()[i], "flux o1 of integration " + i);
                assertArrayEquals(whole.errO1()[i], windowed.errO1()[i]);
                assertArrayEquals(whole.fluxO2()[i], windowed.fluxO2()[i]);
                assertArrayEquals(whole.errO2()[i], windowed.errO2()[i]);
                for (int x = 100; x < 1800; x++) {
                    anyNaN |= Double.isNaN(whole.fluxO1()[i][x]);
                }
            }
            if (!repair) {
                assertTrue(anyNaN, "the defects reach the apertures (so the repair had something to do)");
            }
        }
    }
}
