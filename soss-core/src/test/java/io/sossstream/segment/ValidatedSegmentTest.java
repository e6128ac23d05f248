package io.sossstream.segment;

import io.sossstream.error.BadInputException;
import io.sossstream.simulate.SegmentWriter;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidatedSegmentTest {
    private static final int ROWS = 96;
    private static final Simulator SIMULATOR = new Simulator(SimulationOptions.defaults().withSeed(7));

    @TempDir
    Path dir;

    @Test
    void aFileIsCheckedOnceWhileItIsTheSameFile() throws Exception {
        Path f = dir.resolve("a-seg001_nis_calints.fits");
        write(f, 1f);
        SegmentHeader first = ValidatedSegment.header(f);
        assertEquals(2, first.integrations());
        assertSame(first, ValidatedSegment.header(f), "the same file: its checked header again");
        assertSame(first, ValidatedSegment.header(dir.resolve(".").resolve(f.getFileName())), "the same path");

        // rewritten in place with a frame without usable pixel: a new modification time, checked (and refused) again
        FileTime before = Files.getLastModifiedTime(f);
        write(f, Float.NaN);
        Files.setLastModifiedTime(f, FileTime.fromMillis(before.toMillis() + 2000));
        BadInputException e = assertThrows(BadInputException.class, () -> ValidatedSegment.header(f));
        assertTrue(e.getMessage().contains(f.getFileName().toString()) && e.getMessage().contains("no usable SCI pixel"),
                e.getMessage());
        // a refusal is not remembered either
        assertThrows(BadInputException.class, () -> ValidatedSegment.header(f));
        write(f, 1f);
        Files.setLastModifiedTime(f, FileTime.fromMillis(before.toMillis() + 4000));
        assertEquals(first, ValidatedSegment.header(f));
    }

    @Test
    void aMissingOrForeignFileIsNamed() throws Exception {
        Path missing = dir.resolve("gone-seg001_nis_calints.fits");
        assertThrows(RuntimeException.class, () -> ValidatedSegment.header(missing));
        Path text = dir.resolve("notes-seg001_nis_calints.fits");
        Files.writeString(text, "not a FITS file");
        BadInputException e = assertThrows(BadInputException.class, () -> ValidatedSegment.header(text));
        assertTrue(e.getMessage().contains(text.getFileName().toString()), e.getMessage());
    }

    /** A two-integration SUBSTRIP96 segment whose second frame is {@code second} everywhere. */
    private static void write(Path f, float second) {
        SegmentHeader h = new SegmentHeader(f.getFileName().toString(), "NIRISS", Subarray.SUBSTRIP96, "T", 245.79, 1, 1,
                1, 2, 2, "x", ROWS, 2);
        int n = ROWS * 2048;
        float[] good = new float[n];
        float[] other = new float[n];
        Arrays.fill(good, 1f);
        Arrays.fill(other, second);
        try (SegmentWriter w = SegmentWriter.create(f, h, "2022-07-26")) {
            w.write(good, good, new int[n], SIMULATOR.times(0));
            w.write(other, good, new int[n], SIMULATOR.times(1));
            w.commit();
        }
    }
}
