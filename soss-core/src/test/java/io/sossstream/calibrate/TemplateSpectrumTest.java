package io.sossstream.calibrate;

import io.sossstream.error.BadInputException;
import io.sossstream.testdata.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateSpectrumTest {
    @TempDir
    Path dir;

    @Test
    void commentsHeaderCommasWhitespaceNanAndOrder() throws Exception {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "# my star\nwavelength_um flux\n\n1.2, 5\n1.0\t3  extra\n1.1 nan\n 1.3 ,7\n1.0 9\n");
        ModelSpectrum s = TemplateSpectrum.read(f);
        assertArrayEquals(new double[] {1.0, 1.2, 1.3}, s.wavelengthMicrons(), 0);
        assertArrayEquals(new double[] {3, 5, 7}, s.flux(), 0);
        assertTrue(s.description().contains("t.txt"));
    }

    @Test
    void publishedWasp39Spectrum() {
        ModelSpectrum s = TemplateSpectrum.read(SharedData.wasp39("supremespoon_stellar_spectrum_order1.csv"));
        // 2048 rows, 8 NaN, one repeated wavelength among them
        assertTrue(s.flux().length >= 2038 && s.flux().length <= 2040, "" + s.flux().length);
        for (int i = 1; i < s.flux().length; i++) {
            assertTrue(s.wavelengthMicrons()[i] > s.wavelengthMicrons()[i - 1]);
        }
        assertEquals(0.8496176215, s.wavelengthMicrons()[0], 1e-12);
    }

    @Test
    void badLinesAndTooFewRowsAreNamed() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "wavelength_um,flux\n1.0,2\nfoo,bar\n");
        BadInputException e = assertThrows(BadInputException.class, () -> TemplateSpectrum.read(f));
        assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("line 3"), e.getMessage());
        Path g = dir.resolve("short.csv");
        Files.writeString(g, "1.0,2\n");
        assertThrows(BadInputException.class, () -> TemplateSpectrum.read(g));
        assertThrows(BadInputException.class, () -> TemplateSpectrum.read(dir.resolve("absent.csv")));
    }
}
