package io.sossstream.storage;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ObjectLayoutTest {
    private final ObjectLayout layout = ObjectLayout.defaults();

    @Test
    void keysAreDeterministic() {
        String o = "jw02734002001_04101_00001_nis";
        assertEquals("observations/" + o + "/config.json", layout.config(o));
        assertEquals("observations/" + o + "/segments/seg001.json", layout.segmentRecord(o, 1));
        assertEquals("observations/" + o + "/profile/deepstack.fits", layout.deepStack(o));
        assertEquals("observations/" + o + "/profile/centroids.csv", layout.centroids(o));
        assertEquals("observations/" + o + "/profile/profile.json", layout.profile(o));
        assertEquals("observations/" + o + "/spectra/seg012.fits", layout.spectra(o, 12));
        assertEquals("observations/" + o + "/calibration/calibration.json", layout.calibration(o));
        assertEquals("observations/" + o + "/products/WASP-39_box_spectra_fullres.fits",
                layout.product(o, "WASP-39_box_spectra_fullres.fits"));
        assertEquals("observations/" + o + "/products/plots/lightcurve.png", layout.plot(o, "lightcurve"));
        assertEquals("obs1/soss-config.json", layout.ingestConfig("obs1"));
        assertEquals("obs1/seg.fits", layout.rawKey("obs1", "seg.fits"));
        assertEquals(java.util.List.of("raw", "soss", "models"), layout.buckets());
        assertEquals("observations/" + o + "/profile/atoca-model.bin", layout.atocaModel(o));
        assertEquals("observations/" + o + "/profile/specprofile.fits", layout.specProfile(o));
        assertEquals("observations/" + o + "/spectra/seg002-decontamination.json", layout.decontamination(o, 2));
        assertEquals("obs1/specprofile.fits", layout.uploadedSpecProfile("obs1"));
    }

    @Test
    void theUploadedSpecProfileIsNotASegment() {
        assertTrue(ObjectLayout.isSegmentKey("obs1/jw01_nis_calints.fits"));
        assertTrue(ObjectLayout.isSegmentKey("obs1/my_specprofile.fits"));
        assertFalse(ObjectLayout.isSegmentKey("obs1/specprofile.fits"));
        assertFalse(ObjectLayout.isSegmentKey("specprofile.fits"));
        assertFalse(ObjectLayout.isSegmentKey("obs1/soss-config.json"));
    }

    @Test
    void rejectsKeysThatWouldEscape() {
        assertThrows(IllegalArgumentException.class, () -> layout.config("../x"));
        assertThrows(IllegalArgumentException.class, () -> layout.config("a/b"));
        assertThrows(IllegalArgumentException.class, () -> layout.spectra("o", 0));
        assertThrows(IllegalArgumentException.class, () -> layout.spectra("o", 1000));
        assertThrows(IllegalArgumentException.class, () -> layout.product("o", "../x"));
        assertThrows(IllegalArgumentException.class, () -> layout.rawKey("/abs", "x.fits"));
    }
}
