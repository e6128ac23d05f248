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
