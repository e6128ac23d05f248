package io.sossstream.specprofile;

import io.sossstream.error.BadInputException;
import io.sossstream.segment.Subarray;
import io.sossstream.testdata.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecProfileFitsTest {
    static final String APPLESOSS = "applesoss/wasp39_specprofile_SUBSTRIP256_os1_pad20.fits";

    @Test
    void readsTheFileApplesossWrote() {
        SpecProfile p = SpecProfileFits.read(SharedData.oracle(APPLESOSS), Subarray.SUBSTRIP256);
        assertEquals(Subarray.SUBSTRIP256, p.subarray());
        assertEquals(20, p.padding());
        assertEquals(1, p.oversampling());
        assertEquals(296, p.paddedRows());
        assertEquals(2088, p.paddedColumns());
        assertEquals("applesoss", p.provenance().origin());
        assertNull(p.provenance().software());
        // APPLESOSS normalises every padded column of order 1 to unit sum over its 296 rows
        for (int j : new int[] {0, 20, 1000, 2067, 2087}) {
            double s = 0;
            for (int k = 0; k < p.paddedRows(); k++) {
                s += p.paddedValue(1, k, j);
            }
            assertEquals(1.0, s, 1e-5, "order-1 sum of padded column " + j);
        }
        // shared/README: order 2 is non-zero in padded columns 0–1891, order 3 in 0–1304
        assertEquals(1891, lastNonZeroColumn(p, 2));
        assertEquals(1304, lastNonZeroColumn(p, 3));
        // the detector view drops 20 rows and columns of padding
        double[] det = p.detectorProfile(1);
        assertEquals(256 * 2048, det.length);
        assertEquals(p.paddedValue(1, 20 + 40, 20 + 1000), det[40 * 2048 + 1000]);
    }

    @Test
    void writesWhatItReadsBitForBitWithProvenance(@TempDir Path dir) throws Exception {
        SpecProfile apple = SpecProfileFits.read(SharedData.oracle(APPLESOSS));
        float[][] images = {apple.paddedImage(1), apple.paddedImage(2), apple.paddedImage(3)};
        Provenance prov = new Provenance("soss-stream", "soss-stream 0.1.0", "wasp39_applesoss_centroids.csv",
                List.of("jw01366001001_04101_00001-seg001_nis_calints.fits",
                        "jw01366001001_04101_00001-seg002_nis_calints.fits"), "2026-12-01T09:00:00");
        SpecProfile ours = new SpecProfile(Subarray.SUBSTRIP256, 20, 1, images, prov);
        Path file = dir.resolve(SpecProfileFits.fileName(ours));
        assertEquals("APPLESOSS_ref_2D_profile_SUBSTRIP256_os1_pad20.fits", file.getFileName().toString());
        SpecProfileFits.write(ours, file);
        // same size as APPLESOSS's file: primary block + 3 × (header block + 296 × 2088 × 4 bytes padded)
        assertEquals(Files.size(SharedData.oracle(APPLESOSS)), Files.size(file));

        SpecProfile back = SpecProfileFits.read(file, Subarray.SUBSTRIP256);
        for (int order = 1; order <= 3; order++) {
            assertArrayEquals(apple.paddedImage(order), back.paddedImage(order), "order " + order);
        }
        assertEquals(prov, back.provenance());
    }

    @Test
    void refusesAnotherSubarray() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> SpecProfileFits.read(SharedData.oracle(APPLESOSS), Subarray.SUBSTRIP96));
        assertTrue(e.getMessage().contains("wasp39_specprofile_SUBSTRIP256_os1_pad20.fits"), e.getMessage());
        assertTrue(e.problem().contains("SUBSTRIP256 specprofile; the observation is SUBSTRIP96"), e.problem());
    }

    @Test
    void refusesImagesWhoseShapeDoesNotMatchTheirSubarray(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(SharedData.oracle(APPLESOSS));
        String primary = new String(bytes, 0, 2880, StandardCharsets.US_ASCII);
        int at = primary.indexOf("'SUBSTRIP256'");
        assertTrue(at > 0);
        System.arraycopy("'SUBSTRIP96' ".getBytes(StandardCharsets.US_ASCII), 0, bytes, at, 13);
        Path lying = dir.resolve("lying.fits");
        Files.write(lying, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> SpecProfileFits.read(lying));
        assertEquals("lying.fits", e.source());
        assertTrue(e.problem().contains("296 × 2088") && e.problem().contains("136 × 2088"), e.problem());
    }

    @Test
    void refusesAFileThatIsNotFits(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("profile.fits");
        Files.writeString(junk, "not a FITS file at all");
        BadInputException e = assertThrows(BadInputException.class, () -> SpecProfileFits.read(junk));
        assertEquals("profile.fits", e.source());
    }

    private static int lastNonZeroColumn(SpecProfile p, int order) {
        int last = -1;
        for (int j = 0; j < p.paddedColumns(); j++) {
            for (int k = 0; k < p.paddedRows(); k++) {
                if (p.paddedValue(order, k, j) != 0f) {
                    last = j;
                    break;
                }
            }
        }
        return last;
    }
}
