package io.sossstream.calibrate;

import io.sossstream.error.BadInputException;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PHOENIX layout on small files written here: names, headers, Å wavelengths, erg/s/cm²/cm fluxes. */
class PhoenixGridTest {
    static final int N = 500;

    @TempDir
    Path dir;
    PhoenixGrid grid;

    /** Analytic flux of a grid point: distinct per parameter so blends are checkable. */
    static float flux(int i, double teff, double logg, double feh) {
        return (float) (1e13 * (1 + 0.1 * Math.sin(i * 0.05)) * (teff / 5000) * (1 + 0.2 * logg) * (2 + feh));
    }

    @BeforeEach
    void writeGrid() throws Exception {
        double[] wave = new double[N];
        for (int i = 0; i < N; i++) {
            wave[i] = 5000 + 100.0 * i; // Å
        }
        write(PhoenixGrid.WAVE_FILE, wave, null, 0, 0, 0);
        for (double teff : new double[] {5400, 5500}) {
            for (double logg : new double[] {4.0, 4.5}) {
                for (double feh : new double[] {-1.0, 0.0}) {
                    float[] f = new float[N];
                    for (int i = 0; i < N; i++) {
                        f[i] = flux(i, teff, logg, feh);
                    }
                    write(PhoenixGrid.fileName(teff, logg, feh), null, f, teff, logg, feh);
                }
            }
        }
        grid = new PhoenixGrid(new DirectoryModelSource(dir));
    }

    void write(String name, double[] wave, float[] flux, double teff, double logg, double feh) throws Exception {
        try (Fits fits = new Fits()) {
            BasicHDU<?> hdu = Fits.makeHDU(wave != null ? wave : flux);
            if (wave != null) {
                hdu.addValue("UNIT", "Angstrom", "wavelength unit");
            } else {
                hdu.addValue("PHXTEFF", teff, "[K] effective temperature");
                hdu.addValue("PHXLOGG", logg, "[cgs] log (surface gravity)");
                hdu.addValue("PHXM_H", feh, "[M/H] metallicity");
                hdu.addValue("BUNIT", "erg/s/cm^2/cm", "Unit of flux");
            }
            fits.addHDU(hdu);
            fits.write(dir.resolve(name).toFile());
        }
    }

    @Test
    void fileNamesFollowThePhoenixLayout() {
        assertEquals("lte05400-4.50-0.0.PHOENIX-ACES-AGSS-COND-2011-HiRes.fits", PhoenixGrid.fileName(5400, 4.5, 0));
        assertEquals("lte05400-4.50-0.0.PHOENIX-ACES-AGSS-COND-2011-HiRes.fits", PhoenixGrid.fileName(5400, 4.5, -0.0));
        assertEquals("lte12000-0.50+0.5.PHOENIX-ACES-AGSS-COND-2011-HiRes.fits", PhoenixGrid.fileName(12000, 0.5, 0.5));
        assertEquals("lte02300-6.00-1.0.PHOENIX-ACES-AGSS-COND-2011-HiRes.fits", PhoenixGrid.fileName(2300, 6, -1));
    }

    @Test
    void onAGridPointReturnsThatFile() {
        ModelSpectrum s = grid.spectrum(5400, 4.5, 0.0);
        assertEquals(N, s.flux().length);
        assertEquals(0.5, s.wavelengthMicrons()[0], 1e-12);
        assertEquals(0.5 + 0.01 * (N - 1), s.wavelengthMicrons()[N - 1], 1e-12);
        for (int i = 0; i < N; i++) {
            assertEquals(flux(i, 5400, 4.5, 0.0), s.flux()[i], 0.0);
        }
    }

    @Test
    void metallicityBetweenMinusOneAndZeroBlendsLinearly() {
        ModelSpectrum s = grid.spectrum(5400, 4.5, -0.3);
        for (int i = 0; i < N; i += 37) {
            double want = 0.3 * flux(i, 5400, 4.5, -1.0) + 0.7 * flux(i, 5400, 4.5, 0.0);
            assertEquals(want, s.flux()[i], 1e-9 * want);
        }
    }

    @Test
    void trilinearBetweenEightPoints() {
        ModelSpectrum s = grid.spectrum(5425, 4.2, -0.5);
        for (int i = 0; i < N; i += 53) {
            double want = 0;
            for (double teff : new double[] {5400, 5500}) {
                for (double logg : new double[] {4.0, 4.5}) {
                    for (double feh : new double[] {-1.0, 0.0}) {
                        double w = (teff == 5400 ? 0.75 : 0.25) * (logg == 4.0 ? 0.6 : 0.4) * 0.5;
                        want += w * flux(i, teff, logg, feh);
                    }
                }
            }
            assertEquals(want, s.flux()[i], 1e-9 * want);
        }
    }

    @Test
    void outsideTheGridIsAClearError() {
        BadInputException e = assertThrows(BadInputException.class, () -> grid.spectrum(2000, 4.5, 0));
        assertTrue(e.getMessage().contains("Teff 2000.0 K outside 2300…12000 K"), e.getMessage());
        assertThrows(BadInputException.class, () -> grid.spectrum(5400, 6.5, 0));
        e = assertThrows(BadInputException.class, () -> grid.spectrum(5400, 4.5, 1.5));
        assertTrue(e.getMessage().contains("[Fe/H]"), e.getMessage());
        assertThrows(BadInputException.class, () -> grid.spectrum(12100, 4.5, 0));
        assertThrows(BadInputException.class, () -> grid.spectrum(Double.NaN, 4.5, 0));
    }

    @Test
    void missingFileNamesFileDirectoryAndPublicAddress() {
        String name = "lte05600-4.50-0.0.PHOENIX-ACES-AGSS-COND-2011-HiRes.fits";
        BadInputException e = assertThrows(BadInputException.class, () -> grid.spectrum(5550, 4.5, 0));
        String msg = e.getMessage();
        assertTrue(msg.contains(name), msg);
        assertTrue(msg.contains(dir.toAbsolutePath().toString()), msg);
        assertTrue(msg.contains("https://phoenix.astro.physik.uni-goettingen.de/data/HiResFITS/"
                + "PHOENIX-ACES-AGSS-COND-2011/Z-0.0/" + name), msg);
    }

    @Test
    void missingWaveFileNamesItsPublicAddress() throws Exception {
        java.nio.file.Files.delete(dir.resolve(PhoenixGrid.WAVE_FILE));
        BadInputException e = assertThrows(BadInputException.class, () -> grid.spectrum(5400, 4.5, 0));
        assertTrue(e.getMessage().contains(
                "https://phoenix.astro.physik.uni-goettingen.de/data/HiResFITS/WAVE_PHOENIX-ACES-AGSS-COND-2011.fits"),
                e.getMessage());
    }

    @Test
    void neighboursOnAndBetweenGridPoints() {
        assertArrayEquals(new double[] {5400}, PhoenixGrid.neighbours(5400, 100), 0);
        assertArrayEquals(new double[] {5400, 5500}, PhoenixGrid.neighbours(5432, 100), 0);
        assertArrayEquals(new double[] {-1, 0}, PhoenixGrid.neighbours(-0.3, 1.0), 0);
        assertArrayEquals(new double[] {4.0, 4.5}, PhoenixGrid.neighbours(4.3, 0.5), 0);
    }
}
