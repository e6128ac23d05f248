package io.sossstream.segment;

import io.sossstream.error.BadInputException;
import io.sossstream.simulate.SegmentWriter;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.ProgressListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FitsSegmentReaderTest {
    static final SimulationOptions OPTIONS = SimulationOptions.defaults().withSegments(2, 8).withSeed(42)
            .withJitter(0.05).withDefects(4.0, 50);

    @TempDir
    static Path dir;
    static Simulator simulator;
    static List<Path> files;

    @BeforeAll
    static void simulate() {
        simulator = new Simulator(OPTIONS);
        files = simulator.run(dir.resolve("sim"), ProgressListener.NONE);
    }

    @Test
    void roundTripHeadersTimesAndPixels() {
        Path seg2 = files.get(1);
        assertEquals("jw01366001001_04101_00001-seg002_nis_calints.fits", seg2.getFileName().toString());
        try (FitsSegmentReader r = FitsSegmentReader.open(seg2)) {
            SegmentHeader h = r.header();
            assertEquals("NIRISS", h.instrument());
            assertEquals(Subarray.SUBSTRIP256, h.subarray());
            assertEquals("WASP-39", h.targetName());
            assertEquals(245.79, h.pwcpos(), 1e-12);
            assertEquals(2, h.segmentNumber());
            assertEquals(2, h.segmentTotal());
            assertEquals(9, h.intStart());
            assertEquals(16, h.intEnd());
            assertEquals(16, h.nInts());
            assertEquals(8, h.integrations());
            assertEquals(256, h.rows());
            assertEquals("jw01366001001_04101_00001_nis", h.observationId());
            double[] t = r.midTimes();
            for (int i = 0; i < 8; i++) {
                assertEquals(simulator.midTime(8 + i), t[i], 1e-12);
            }
            // the transit is centred on the exposure: integrations 8 and 9 (1-based) straddle it
            assertEquals(59791.6, (t[0] + simulator.midTime(7)) / 2, 1e-9);

            int n = 256 * 2048;
            float[] sci = new float[n];
            float[] err = new float[n];
            int[] dq = new int[n];
            Frame frame = new Frame(256, 2048);
            int doNotUse = 0;
            int jumps = 0;
            for (int i : new int[]{0, 5}) {
                simulator.generate(8 + i, sci, err, dq);
                r.read(i, frame);
                assertEquals(i, frame.index);
                assertEquals(t[i], frame.timeMid);
                assertTrue(Arrays.equals(err, frame.err));
                assertTrue(Arrays.equals(dq, frame.dq));
                for (int p = 0; p < n; p++) {
                    if ((dq[p] & Frame.DO_NOT_USE) != 0) {
                        assertTrue(Float.isNaN(frame.sci[p]), "DO_NOT_USE pixel " + p + " must be NaN");
                        doNotUse++;
                    } else {
                        assertEquals(sci[p], frame.sci[p], "pixel " + p);
                    }
                    if ((dq[p] & Simulator.JUMP_DET) != 0) {
                        jumps++;
                    }
                }
                // readSciRows agrees with read
                float[] rows = new float[10 * 2048];
                r.readSciRows(i, 100, 10, rows);
                for (int p = 0; p < rows.length; p++) {
                    assertEquals(frame.sci[100 * 2048 + p], rows[p]);
                }
            }
            assertTrue(doNotUse >= 2 * 45, "bad pixels flagged: " + doNotUse);
            assertTrue(jumps > 0, "cosmic rays flagged JUMP_DET");
        }
    }

    @Test
    void notFits() throws IOException {
        Path f = dir.resolve("garbage_nis_calints.fits");
        byte[] junk = new byte[6000];
        Arrays.fill(junk, (byte) 'x');
        Files.write(f, junk);
        expectBad(f, "not a FITS file");
        Path tiny = dir.resolve("tiny.fits");
        Files.write(tiny, new byte[]{1, 2, 3});
        expectBad(tiny, "not a FITS file");
    }

    @Test
    void truncated() throws IOException {
        Path f = copy("trunc-seg001_nis_calints.fits");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        expectBad(f, "truncated");
    }

    @Test
    void junkAfterTheLastHduNamesItsOffset() throws IOException {
        Path f = copy("junk-seg001_nis_calints.fits");
        long end = Files.size(f);
        byte[] junk = new byte[2880];
        Arrays.fill(junk, (byte) 'x');
        Files.write(f, junk, java.nio.file.StandardOpenOption.APPEND);
        expectBad(f, "no FITS header at byte " + end);
    }

    @Test
    void wrongInstrument() throws IOException {
        Path f = copy("nirspec-seg001_nis_calints.fits");
        FitsPatch.replaceCard(f, "INSTRUME", 0, "INSTRUME= 'NIRSPEC '");
        expectBad(f, "INSTRUME is 'NIRSPEC'");
    }

    @Test
    void unsupportedSubarray() throws IOException {
        Path f = copy("sub80-seg001_nis_calints.fits");
        FitsPatch.replaceCard(f, "SUBARRAY", 0, "SUBARRAY= 'SUBSTRIP80'");
        expectBad(f, "unsupported SUBARRAY 'SUBSTRIP80'");
        Path full = copy("full-seg001_nis_calints.fits");
        FitsPatch.replaceCard(full, "SUBARRAY", 0, "SUBARRAY= 'FULL    '");
        expectBad(full, "SUBARRAY 'FULL' is not supported");
    }

    @Test
    void wrongShape() throws IOException {
        Path f = copy("rows-seg001_nis_calints.fits");
        FitsPatch.replaceCard(f, "NAXIS2", 0, "NAXIS2  =                  255");
        expectBad(f, "SCI NAXIS2 is 255, expected 256");
        Path g = copy("errshape-seg001_nis_calints.fits");
        FitsPatch.replaceCard(g, "NAXIS3", 1, "NAXIS3  =                    7");
        expectBad(g, "ERR has 7 integrations but SCI has 8");
        Path h = copy("intend-seg001_nis_calints.fits");
        FitsPatch.replaceCard(h, "INTEND", 0, "INTEND  =                    9");
        expectBad(h, "make 9 integrations but SCI holds 8");
    }

    @Test
    void missingKeywordAndExtension() throws IOException {
        Path f = copy("noseg-seg001_nis_calints.fits");
        FitsPatch.replaceCard(f, "EXSEGNUM", 0, "COMMENT removed");
        expectBad(f, "missing header keyword EXSEGNUM");
        Path g = copy("nodq-seg001_nis_calints.fits");
        FitsPatch.replaceCard(g, "EXTNAME", 2, "EXTNAME = 'QUALITY '");
        expectBad(g, "missing DQ extension");
        Path h = copy("notimes-seg001_nis_calints.fits");
        FitsPatch.replaceCard(h, "EXTNAME", 3, "EXTNAME = 'TIMES   '");
        expectBad(h, "missing INT_TIMES extension");
    }

    @Test
    void frameWithoutFinitePixel() {
        for (float bad : new float[]{Float.NaN, Float.POSITIVE_INFINITY}) {
            String name = (Float.isNaN(bad) ? "nan" : "inf") + "-seg001_nis_calints.fits";
            Path f = dir.resolve(name);
            SegmentHeader h = new SegmentHeader(name, "NIRISS", Subarray.SUBSTRIP96, "T", 245.79, 1, 1, 1, 2, 2,
                    "x", 96, 2);
            int n = 96 * 2048;
            float[] good = new float[n];
            float[] missing = new float[n];
            Arrays.fill(good, 1f);
            Arrays.fill(missing, bad);
            int[] dq = new int[n];
            try (SegmentWriter w = SegmentWriter.create(f, h, "2022-07-26")) {
                w.write(good, good, dq, simulator.times(0));
                w.write(missing, good, dq, simulator.times(1));
                w.commit();
            }
            try (FitsSegmentReader r = FitsSegmentReader.open(f)) {
                Frame frame = new Frame(96, 2048);
                r.read(0, frame);
                BadInputException e = assertThrows(BadInputException.class, () -> r.read(1, frame));
                assertTrue(e.getMessage().contains(name) && e.getMessage().contains("integration 2 of 2")
                        && e.getMessage().contains("no finite SCI pixel"), e.getMessage());
            }
        }
    }

    /** A window of the frame (some columns of some rows) reads exactly what the whole read gives there. */
    @Test
    void windowedReadEqualsTheWholeReadInsideTheWindow() {
        PixelWindow.Builder b = new PixelWindow.Builder(256, 2048);
        for (int x = 0; x < 2048; x += 3) {
            b.add(x, 40 + x % 50, 90 + x % 70);
        }
        b.add(7, 0, 256).add(2047, 250, 256);
        PixelWindow w = b.build();
        try (FitsSegmentReader r = FitsSegmentReader.open(files.get(0))) {
            Frame whole = new Frame(256, 2048);
            Frame part = new Frame(256, 2048);
            int missingInWindow = 0;
            for (int i = 0; i < r.header().integrations(); i++) {
                r.read(i, whole);
                r.read(i, part, w);
                int missing = 0;
                boolean[] columns = new boolean[2048];
                for (int y = 0; y < 256; y++) {
                    for (int k = w.firstRun(y); k < w.firstRun(y + 1); k++) {
                        for (int x = w.runFrom(k); x < w.runTo(k); x++) {
                            int p = y * 2048 + x;
                            assertEquals(Float.floatToRawIntBits(whole.sci[p]), Float.floatToRawIntBits(part.sci[p]));
                            assertEquals(Float.floatToRawIntBits(whole.err[p]), Float.floatToRawIntBits(part.err[p]));
                            assertEquals(whole.dq[p], part.dq[p]);
                            if (Float.isNaN(whole.sci[p])) {
                                missing++;
                                columns[x] = true;
                            }
                        }
                    }
                }
                assertEquals(missing, part.missing);
                assertTrue(Arrays.equals(columns, part.missingColumn));
                assertEquals(whole.timeMid, part.timeMid);
                assertEquals(i, part.index);
                missingInWindow += missing;
            }
            assertTrue(missingInWindow > 0, "the simulated defects reach the window");
        }
    }

    /** No finite pixel inside the window: the frame is read whole (and refused only when it has none at all). */
    @Test
    void windowWithoutFinitePixelReadsTheWholeFrame() {
        Path f = dir.resolve("window-seg001_nis_calints.fits");
        SegmentHeader h = new SegmentHeader(f.getFileName().toString(), "NIRISS", Subarray.SUBSTRIP96, "T", 245.79,
                1, 1, 1, 2, 2, "x", 96, 2);
        int n = 96 * 2048;
        float[] top = new float[n];
        float[] none = new float[n];
        Arrays.fill(top, Float.NaN);
        Arrays.fill(none, Float.NaN);
        for (int p = 90 * 2048; p < n; p++) {
            top[p] = 2f; // finite only in rows 90…95
        }
        float[] err = new float[n];
        Arrays.fill(err, 1f);
        try (SegmentWriter sw = SegmentWriter.create(f, h, "2022-07-26")) {
            sw.write(top, err, new int[n], simulator.times(0));
            sw.write(none, err, new int[n], simulator.times(1));
            sw.commit();
        }
        PixelWindow w = new PixelWindow.Builder(96, 2048).add(100, 10, 20).build();
        try (FitsSegmentReader r = FitsSegmentReader.open(f)) {
            Frame frame = new Frame(96, 2048);
            r.read(0, frame, w);
            assertEquals(2f, frame.sci[95 * 2048 + 5]);
            assertEquals(90 * 2048, frame.missing);
            BadInputException e = assertThrows(BadInputException.class, () -> r.read(1, frame, w));
            assertTrue(e.getMessage().contains("integration 2 of 2") && e.getMessage().contains("no finite SCI pixel"),
                    e.getMessage());
        }
    }

    @Test
    void observationIdFromFileName() {
        assertEquals("jw02734002001_04101_00001_nis",
                SegmentLayout.observationId("jw02734002001_04101_00001-seg001_nis_calints.fits"));
        assertEquals("jw02734002001_04101_00001_nis",
                SegmentLayout.observationId("jw02734002001_04101_00001-seg012_nis_badpixstep.fits"));
    }

    private static Path copy(String name) throws IOException {
        Path f = dir.resolve(name);
        Files.copy(files.get(0), f, StandardCopyOption.REPLACE_EXISTING);
        return f;
    }

    private static void expectBad(Path f, String problem) {
        BadInputException e = assertThrows(BadInputException.class, () -> FitsSegmentReader.open(f).close());
        assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
