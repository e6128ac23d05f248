package io.sossstream.cli;

import io.sossstream.fits.HduIndex;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.ProgressListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code soss-stream run}: a good run, and every kind of bad input → exit code 3, a clear message, no partial output. */
class RunCommandTest {
    @TempDir
    static Path dir;
    static List<Path> good;
    static Path otherObservation;

    @BeforeAll
    static void simulate() {
        good = Simulator.run(SimulationOptions.defaults().withSegments(2, 6).withSeed(5).withDefects(1, 10),
                dir.resolve("good"), ProgressListener.NONE).subList(0, 2);
        otherObservation = Simulator.run(SimulationOptions.defaults().withSegments(2, 6).withSeed(6)
                        .withTarget("WASP-96", "jw02734002001_04101_00001"), dir.resolve("other"), ProgressListener.NONE).get(1);
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void goodRunWritesSpectraCentroidsAndPlots() throws IOException {
        Path out = dir.resolve("out-good");
        Run r = run("run", "--input", good.get(0).getParent().toString(), "--out", out.toString(), "--width", "25");
        assertEquals(Main.OK, r.code, r.err);
        assertTrue(Files.exists(out.resolve("WASP-39_box_spectra_fullres.fits")), r.out);
        assertTrue(Files.exists(out.resolve("jw01366001001_04101_00001_nis_centroids.csv")));
        assertTrue(Files.exists(out.resolve("deepstack_traces.png")));
        assertTrue(Files.exists(out.resolve("white_light_curve.png")));
        assertTrue(r.out.contains("order 1 = 25 px"), r.out);
    }

    @Test
    void userCentroidsReproduceTheEdgeTriggerRunAndAreRecorded() throws Exception {
        Path first = dir.resolve("out-centroids-1");
        Path second = dir.resolve("out-centroids-2");
        String input = good.get(0).getParent().toString();
        assertEquals(Main.OK, run("run", "--input", input, "--out", first.toString(), "--date", "2026-01-01T00:00:00").code);
        Path csv = first.resolve("jw01366001001_04101_00001_nis_centroids.csv");
        Run r = run("run", "--input", input, "--out", second.toString(), "--centroids", csv.toString(),
                "--date", "2026-01-01T00:00:00");
        assertEquals(Main.OK, r.code, r.err);
        var a = io.sossstream.spectra.SpectraFitsReader.read(first.resolve("WASP-39_box_spectra_fullres.fits"));
        var b = io.sossstream.spectra.SpectraFitsReader.read(second.resolve("WASP-39_box_spectra_fullres.fits"));
        // The CSV holds shortest round-trip decimals: the same centroids, hence the same spectra.
        for (int t = 0; t < a.spectra().integrations(); t++) {
            assertArrayEquals(a.spectra().fluxO1()[t], b.spectra().fluxO1()[t]);
            assertArrayEquals(a.spectra().fluxO2()[t], b.spectra().fluxO2()[t]);
        }
        assertEquals("edgetrigger", a.primary().getStringValue("CENTSRC"));
        assertEquals(csv.getFileName().toString(), b.primary().getStringValue("CENTSRC"));
    }

    /** --use-pastasoss on a segment whose PWCPOS (246.79°) is outside the models' range: exit 3, value and range named. */
    @Test
    void pastasossOutsideItsPwcposRange() {
        Path in = dir.resolve("pwcpos");
        List<Path> seg = Simulator.run(SimulationOptions.defaults().withSegments(1, 4).withSeed(8).withPwcposOffset(1.0),
                in, ProgressListener.NONE);
        Path out = dir.resolve("out-pwcpos");
        Run r = run("run", "--input", in.toString(), "--out", out.toString(), "--use-pastasoss");
        assertEquals(Main.BAD_INPUT, r.code, r.out + r.err);
        assertTrue(r.err.contains(seg.get(0).getFileName().toString()), r.err);
        assertTrue(r.err.contains("PWCPOS 246.7900") && r.err.contains("245.656") && r.err.contains("245.923"), r.err);
        assertTrue(!Files.exists(out.resolve("WASP-39_box_spectra_fullres.fits")));
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(Main.USAGE, run("run", "--out", "x").code);
        assertEquals(Main.USAGE, run("run", "--input", "x", "--out", "y", "--width", "wide").code);
        assertEquals(Main.USAGE, run("frobnicate").code);
        assertEquals(Main.USAGE, run("run", "--input", "x", "--out", "y", "--teff", "5400").code);
    }

    @Test
    void notFits() throws IOException {
        Path f = copyGood("notfits", 0);
        Files.writeString(f, "this is not a FITS file at all\n".repeat(200));
        assertBadInput("notfits", f.getFileName().toString(), "FITS");
    }

    @Test
    void truncated() throws IOException {
        Path f = copyGood("truncated", 0);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        assertBadInput("truncated", f.getFileName().toString(), "truncated");
    }

    @Test
    void wrongInstrument() throws IOException {
        Path f = copyGood("instrument", 0);
        patchHeader(f, "'NIRISS  '", "'NIRSPEC '");
        assertBadInput("instrument", f.getFileName().toString(), "NIRSPEC");
    }

    @Test
    void wrongSubarray() throws IOException {
        Path f = copyGood("subarray", 0);
        patchHeader(f, "'SUBSTRIP256'", "'SUBSTRIP80 '");
        assertBadInput("subarray", f.getFileName().toString(), "SUBSTRIP80");
    }

    @Test
    void missingHeaderKeyword() throws IOException {
        Path f = copyGood("keyword", 0);
        patchHeader(f, "EXSEGNUM=", "XXSEGNUM=");
        assertBadInput("keyword", f.getFileName().toString(), "EXSEGNUM");
    }

    @Test
    void nanFilledFrame() throws IOException {
        Path f = copyGood("nan", 1);
        fillFrame(f, 2, 0x7fc00000);
        assertBadInput("nan", f.getFileName().toString(), "integration");
    }

    @Test
    void infFilledFrame() throws IOException {
        Path f = copyGood("inf", 1);
        fillFrame(f, 3, 0x7f800000);
        assertBadInput("inf", f.getFileName().toString(), "integration");
    }

    @Test
    void segmentOfAnotherObservation() throws IOException {
        copyGood("mixed", 0);
        Path d = dir.resolve("mixed");
        Files.copy(otherObservation, d.resolve(otherObservation.getFileName()));
        assertBadInput("mixed", otherObservation.getFileName().toString(), "observation");
    }

    /** A folder with the good segments, where segment {@code which} is the one to spoil. */
    private static Path copyGood(String name, int which) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Path spoilt = null;
        for (int i = 0; i < good.size(); i++) {
            Path target = d.resolve(good.get(i).getFileName());
            Files.copy(good.get(i), target);
            if (i == which) {
                spoilt = target;
            }
        }
        return spoilt;
    }

    private void assertBadInput(String name, String fileName, String problemWord) throws IOException {
        Path out = dir.resolve("out-" + name);
        Run r = run("run", "--input", dir.resolve(name).toString(), "--out", out.toString());
        assertEquals(Main.BAD_INPUT, r.code, r.out + r.err);
        assertTrue(r.err.contains(fileName), "message should name " + fileName + ": " + r.err);
        assertTrue(r.err.contains(problemWord), "message should say '" + problemWord + "': " + r.err);
        assertFalse(Files.exists(out), "a failed run leaves no output folder it made");
    }

    private static void patchHeader(Path f, String from, String to) throws IOException {
        assertEquals(from.length(), to.length());
        byte[] bytes = Files.readAllBytes(f);
        String head = new String(bytes, 0, 2880 * 4, StandardCharsets.ISO_8859_1);
        int at = head.indexOf(from);
        assertTrue(at >= 0, "no " + from + " in the primary header");
        System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, at, to.length());
        Files.write(f, bytes);
    }

    /** Overwrites the SCI plane of one integration with a 32-bit pattern (NaN or +inf). */
    private static void fillFrame(Path f, int integration, int bits) throws IOException {
        HduIndex.Hdu sci = HduIndex.scan(f, f.getFileName().toString()).find("SCI");
        int frame = 256 * 2048 * 4;
        byte[] pattern = new byte[frame];
        for (int i = 0; i < frame; i += 4) {
            pattern[i] = (byte) (bits >>> 24);
            pattern[i + 1] = (byte) (bits >>> 16);
            pattern[i + 2] = (byte) (bits >>> 8);
            pattern[i + 3] = (byte) bits;
        }
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(sci.dataOffset() + (long) integration * frame);
            raf.write(pattern);
        }
        assertTrue(Arrays.equals(pattern, 0, 4, pattern, 4, 8));
    }
}
