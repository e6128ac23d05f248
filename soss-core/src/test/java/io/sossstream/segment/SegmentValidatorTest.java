package io.sossstream.segment;

import io.sossstream.ProgressListener;
import io.sossstream.error.BadInputException;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each landing rule of {@link SegmentValidator} on a real segment file broken in one place (2 segments × 8
 * integrations: EXSEGNUM 1, EXSEGTOT 2, INTSTART 1, INTEND 8, NINTS 16), and the good file passing them all.
 */
class SegmentValidatorTest {
    @TempDir
    static Path dir;
    static Path good;

    @BeforeAll
    static void simulate() {
        List<Path> files = Simulator.run(SimulationOptions.defaults().withSegments(2, 8).withSeed(5),
                dir.resolve("sim"), ProgressListener.NONE);
        good = files.get(0);
    }

    @Test
    void theGoodSegmentPasses() {
        try (FitsSegmentReader r = FitsSegmentReader.open(good)) {
            SegmentValidator.checkFrames(r);
            assertEquals(SimulationOptions.NOMINAL_PWCPOS, r.header().pwcpos(), 1e-12);
        }
    }

    @Test
    void segmentCountsBeyondTheProductsThreeDigitKeysOrEachOther() throws IOException {
        expectBad(patched("EXSEGTOT", "EXSEGTOT=                20000"), "EXSEGTOT = 20000 outside 1..999");
        expectBad(patched("EXSEGNUM", "EXSEGNUM=                    3"), "EXSEGNUM = 3 outside 1..EXSEGTOT (2)");
        expectBad(patched("EXSEGNUM", "EXSEGNUM=                    0"), "EXSEGNUM = 0 outside 1..EXSEGTOT (2)");
        expectBad(patched("EXSEGTOT", "EXSEGTOT=                   20"),
                "EXSEGTOT = 20 segments cannot split NINTS = 16 integrations");
    }

    @Test
    void integrationCountsOutOfRange() throws IOException {
        expectBad(patched("NINTS", "NINTS   =               200000"), "NINTS = 200000 outside 1..100000");
        expectBad(patched("NINTS", "NINTS   =                    4"),
                "INTSTART = 1 … INTEND = 8 is not a range within 1..NINTS (4)");
        expectBad(patched("NINTS", "NINTS   =                 16.5"), "NINTS = '16.5' is not an integer");
    }

    @Test
    void pwcposMustBeANumberAtASossPosition() throws IOException {
        expectBad(patched("PWCPOS", "PWCPOS  = 'not-a-number'"), "PWCPOS = 'not-a-number' is not a number");
        expectBad(patched("PWCPOS", "PWCPOS  = '245.79  '"), "PWCPOS = '245.79' is not a number");
        expectBad(patched("PWCPOS", "PWCPOS  =                  NaN"), "PWCPOS = 'NaN' is not a number");
        expectBad(patched("PWCPOS", "PWCPOS  =                 12.5"), "PWCPOS = 12.5 deg is not a SOSS pupil-wheel");
        try (FitsSegmentReader r = FitsSegmentReader.open(patched("PWCPOS", "PWCPOS  =            2.4579D2"))) {
            assertEquals(245.79, r.header().pwcpos(), 1e-9, "FITS D exponent");
        }
        try (FitsSegmentReader r = FitsSegmentReader.open(patched("PWCPOS", "COMMENT PWCPOS removed"))) {
            assertTrue(Double.isNaN(r.header().pwcpos()), "absent PWCPOS is unknown, not an error");
        }
    }

    @Test
    void targetNamesThatCannotNameAProductFile() throws IOException {
        expectBad(patched("TARGNAME", "TARGNAME= '../../etc/passwd'"), "TARGNAME '../../etc/passwd' looks like a path");
        expectBad(patched("TARGNAME", "TARGNAME= '(WASP-39)'"), "TARGNAME '(WASP-39)' must start with a letter or digit");
        String source = "raw/v/x.fits";
        BadInputException e = assertThrows(BadInputException.class,
                () -> SegmentValidator.checkTargetName("W".repeat(300), source));
        assertEquals(source, e.source());
        assertEquals("TARGNAME has 300 characters, at most 68 (it names the product file)", e.problem());
        assertThrows(BadInputException.class, () -> SegmentValidator.checkTargetName("a\\b", source));
        SegmentValidator.checkTargetName("W".repeat(68), source);
        SegmentValidator.checkTargetName("HD 209458", source);
        assertEquals("HD_209458", SegmentValidator.fileNamePart(" HD 209458 "));
        assertEquals("WASP-39", SegmentValidator.fileNamePart("WASP-39"));
    }

    @Test
    void framesWithoutAUsablePixel() throws IOException {
        Path nan = copy("nan-seg001_nis_calints.fits");
        FitsPatch.fillImage(nan, "SCI", Float.floatToIntBits(Float.NaN));
        expectBadFrames(nan, "no usable SCI pixel (all NaN or DO_NOT_USE) in 8 of 8 integrations, the first being "
                + "integration 1 (exposure integration 1)");

        // DQ is uint32 stored with BZERO 2^31: DO_NOT_USE on every pixel is the stored value 1 - 2^31
        Path flagged = copy("flagged-seg001_nis_calints.fits");
        FitsPatch.fillImage(flagged, "DQ", Frame.DO_NOT_USE ^ Integer.MIN_VALUE);
        expectBadFrames(flagged, "in 8 of 8 integrations");
    }

    private static void expectBadFrames(Path f, String problem) {
        try (FitsSegmentReader r = FitsSegmentReader.open(f)) {
            BadInputException e = assertThrows(BadInputException.class, () -> SegmentValidator.checkFrames(r));
            assertEquals(f.getFileName().toString(), e.source());
            assertTrue(e.problem().contains(problem), e.problem());
        }
    }

    private static Path patched(String key, String card) throws IOException {
        Path f = copy(key.toLowerCase() + System.nanoTime() + "-seg001_nis_calints.fits");
        FitsPatch.replaceCard(f, key, 0, card);
        return f;
    }

    private static Path copy(String name) throws IOException {
        Path f = dir.resolve(name);
        Files.copy(good, f, StandardCopyOption.REPLACE_EXISTING);
        return f;
    }

    private static void expectBad(Path f, String problem) {
        BadInputException e = assertThrows(BadInputException.class, () -> FitsSegmentReader.open(f).close());
        assertEquals(f.getFileName().toString(), e.source());
        assertTrue(e.problem().contains(problem), e.problem());
    }
}
