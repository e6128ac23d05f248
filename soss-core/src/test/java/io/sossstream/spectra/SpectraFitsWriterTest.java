package io.sossstream.spectra;

import io.sossstream.error.BadInputException;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpectraFitsWriterTest {
    @TempDir
    Path dir;

    private static double[][] random(Random rng, int n, int cols) {
        double[][] a = new double[n][cols];
        for (double[] row : a) {
            for (int i = 0; i < cols; i++) {
                row[i] = rng.nextGaussian() * 1e3;
            }
        }
        return a;
    }

    static TimeSeriesSpectra sample() {
        Random rng = new Random(9);
        int n = 7;
        int cols = 2048;
        double[] w1 = new double[cols];
        double[] w2 = new double[cols];
        for (int i = 0; i < cols; i++) {
            w1[i] = 0.85 + i * 0.001;
            w2[i] = i < 234 ? Double.NaN : 0.6 + i * 0.0005;
        }
        double[] times = new double[n];
        for (int t = 0; t < n; t++) {
            times[t] = 59783.0 + t * 49.4 / 86400;
        }
        return new TimeSeriesSpectra(times, w1, WavelengthBins.halfWidths(w1), random(rng, n, cols),
                random(rng, n, cols), w2, WavelengthBins.halfWidths(w2), random(rng, n, cols), random(rng, n, cols));
    }

    private static final SpectraFitsWriter.Metadata META = new SpectraFitsWriter.Metadata("WASP-39",
            "2025-01-02T03:04:05", "soss-stream", "tester", "box", 30, Double.NaN);

    private static final String LONG = "s3://soss-stage2/jw01366001001_04101_00001-seg001_nis_rateints.fits"
            + "/and/a/very/long/path/that/exceeds/sixty/eight/characters";

    private static final List<SpectraFitsWriter.Card> PROVENANCE = List.of(
            new SpectraFitsWriter.Card("SWVERSN", "0.1.0", "soss-stream version"),
            new SpectraFitsWriter.Card("CENTSRC", "edgetrigger", "centroid source"),
            new SpectraFitsWriter.Card("INFILE1", LONG, "input file 1"),
            new SpectraFitsWriter.Card("INSUM1", "sha256:0123456789abcdef", "checksum of INFILE1"),
            new SpectraFitsWriter.Card("WAVESHIFT", 0.0012, "wavelength shift applied (um)"),
            new SpectraFitsWriter.Card("OPTIMIZED", Boolean.TRUE, "width optimised"));

    @Test
    void roundTripWithExoTedrfLayout() throws Exception {
        TimeSeriesSpectra s = sample();
        Path file = dir.resolve(SpectraFitsWriter.fileName("WASP-39", "box"));
        assertEquals("WASP-39_box_spectra_fullres.fits", file.getFileName().toString());
        SpectraFitsWriter.write(file, s, META, PROVENANCE);

        SpectraFitsReader.Contents c = SpectraFitsReader.read(file);
        TimeSeriesSpectra r = c.spectra();
        assertArrayEquals(s.times(), r.times());
        assertArrayEquals(s.waveO1(), r.waveO1());
        assertArrayEquals(s.waveErrO1(), r.waveErrO1());
        assertArrayEquals(s.waveO2(), r.waveO2());
        assertArrayEquals(s.waveErrO2(), r.waveErrO2());
        for (int t = 0; t < s.integrations(); t++) {
            assertArrayEquals(s.fluxO1()[t], r.fluxO1()[t]);
            assertArrayEquals(s.errO1()[t], r.errO1()[t]);
            assertArrayEquals(s.fluxO2()[t], r.fluxO2()[t]);
            assertArrayEquals(s.errO2()[t], r.errO2()[t]);
        }
        Header h = c.primary();
        assertEquals("WASP-39", h.getStringValue("TARGET"));
        assertEquals("NIRISS/SOSS", h.getStringValue("INST"));
        assertEquals("2025-01-02T03:04:05", h.getStringValue("DATE"));
        assertEquals("box", h.getStringValue("METHOD"));
        assertEquals(30, h.getIntValue("WIDTH"));
        assertFalse(h.containsKey("WIDTH2"));
        assertEquals(LONG, h.getStringValue("INFILE1"));
        assertEquals(0.0012, h.getDoubleValue("HIERARCH.WAVESHIFT"), 0.0);
        assertTrue(h.getBooleanValue("HIERARCH.OPTIMIZED"));
    }

    @Test
    void nomTamSeesNineFloat64ExtensionsWithExactNamesAndUnits() throws Exception {
        Path file = dir.resolve("a.fits");
        SpectraFitsWriter.write(file, sample(), new SpectraFitsWriter.Metadata("T", "2025-01-01T00:00:00", "p",
                "a", "box", 30, 25), List.of());
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            assertEquals(10, hdus.length);
            Header primary = hdus[0].getHeader();
            assertEquals(25, primary.getIntValue("WIDTH2"));
            List<String> keys = List.of("TARGET", "INST", "DATE", "PIPELINE", "AUTHOR", "CONTENTS", "METHOD", "WIDTH");
            for (String k : keys) {
                assertTrue(primary.containsKey(k), k);
            }
            for (int i = 0; i < 9; i++) {
                Header h = hdus[i + 1].getHeader();
                assertEquals(SpectraFitsWriter.EXTNAMES.get(i), h.getStringValue("EXTNAME"));
                assertEquals(SpectraFitsWriter.UNITS.get(i), h.getStringValue("UNITS"));
                assertEquals(-64, h.getIntValue("BITPIX"));
            }
            // flux (nint, 2048): NAXIS1 = 2048 (fastest), NAXIS2 = nint
            assertEquals(2048, hdus[3].getHeader().getIntValue("NAXIS1"));
            assertEquals(7, hdus[3].getHeader().getIntValue("NAXIS2"));
            assertEquals(1, hdus[9].getHeader().getIntValue("NAXIS"));
            assertEquals(7, hdus[9].getHeader().getIntValue("NAXIS1"));
        }
        assertEquals(List.of("Micron", "Micron", "DN/s", "DN/s", "Micron", "Micron", "DN/s", "DN/s", "MJD_TDB"),
                SpectraFitsWriter.UNITS);
    }

    @Test
    void twoWritesGiveIdenticalBytesAndNoTemporaryFileRemains() throws Exception {
        Path a = dir.resolve("a.fits");
        Path b = dir.resolve("b.fits");
        SpectraFitsWriter.write(a, sample(), META, PROVENANCE);
        SpectraFitsWriter.write(b, sample(), META, PROVENANCE);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        // the streamed file is the bytes built in memory, to the last padding byte
        assertArrayEquals(SpectraFitsWriter.toBytes(sample(), META, PROVENANCE), Files.readAllBytes(a));
        assertEquals(0, Files.size(a) % 2880);
        // Writes a second apart must agree too: no clock in the bytes apart from the DATE card the caller gives.
        String header = new String(Files.readAllBytes(a), 0, 2880, java.nio.charset.StandardCharsets.US_ASCII);
        assertFalse(header.contains("Java FITS"), header.substring(0, 80));
        assertFalse(header.contains(java.time.Year.now().toString() + " "), "a clock stamp leaked into the header");
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void segmentSpectraRoundTripAndDeterminism() throws Exception {
        Random rng = new Random(2);
        SegmentSpectra s = new SegmentSpectra(3, 101, new double[] {1.5, 2.5, 3.5}, random(rng, 3, 2048),
                random(rng, 3, 2048), random(rng, 3, 2048), random(rng, 3, 2048));
        Path file = dir.resolve("seg003.fits");
        s.write(file);
        SegmentSpectra r = SegmentSpectra.read(file);
        assertEquals(3, r.segmentNumber());
        assertEquals(101, r.intStart());
        assertArrayEquals(s.times(), r.times());
        for (int t = 0; t < 3; t++) {
            assertArrayEquals(s.fluxO1()[t], r.fluxO1()[t]);
            assertArrayEquals(s.errO1()[t], r.errO1()[t]);
            assertArrayEquals(s.fluxO2()[t], r.fluxO2()[t]);
            assertArrayEquals(s.errO2()[t], r.errO2()[t]);
        }
        assertArrayEquals(s.toBytes(), Files.readAllBytes(file));
        assertArrayEquals(s.toBytes(), r.toBytes());
    }

    @Test
    void garbageIsBadInputNamingTheSource() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> SegmentSpectra.fromBytes("not a fits file".getBytes(), "s3://x/seg.fits"));
        assertTrue(e.getMessage().contains("s3://x/seg.fits"), e.getMessage());
        byte[] spectraFile = SpectraFitsWriter.toBytes(sample(), META, List.of());
        assertThrows(BadInputException.class, () -> SegmentSpectra.fromBytes(spectraFile, "spectra.fits"));
    }
}
