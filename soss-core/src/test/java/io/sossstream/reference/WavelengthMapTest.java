package io.sossstream.reference;

import io.sossstream.segment.Subarray;
import io.sossstream.testdata.SharedData;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WavelengthMapTest {

    /** CRDS's SUBSTRIP96 WAVEMAP is the independent truth: every float of the three orders, NaN included. */
    @Test
    void reproducesCrdsWavemap0020Exactly() throws Exception {
        WavelengthMap map = WavelengthMap.load(Subarray.SUBSTRIP96);
        try (Fits fits = new Fits(SharedData.reference("jwst_niriss_wavemap_0020.fits").toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            for (int order = 1; order <= 3; order++) {
                BasicHDU<?> hdu = hdus[order];
                assertEquals(order, hdu.getHeader().getIntValue("EXTVER"));
                assertEquals(WavelengthMap.PADDING, hdu.getHeader().getIntValue("PADDING"));
                float[][] crds = (float[][]) hdu.getKernel();
                assertEquals(map.paddedRows(), crds.length);
                assertEquals(WavelengthMap.paddedColumns(), crds[0].length);
                float[] ours = map.paddedImage(order);
                int mismatches = 0;
                for (int k = 0; k < crds.length; k++) {
                    for (int j = 0; j < crds[k].length; j++) {
                        float want = crds[k][j];
                        float got = ours[k * crds[k].length + j];
                        boolean same = Float.isNaN(want) ? Float.isNaN(got) : want == got;
                        if (!same) {
                            mismatches++;
                        }
                    }
                }
                assertEquals(0, mismatches, "order " + order + " pixels differing from wavemap_0020");
            }
        }
    }

    @Test
    void substrip256IsTheSameRuleOnItsOwnTraceTable() {
        WavelengthMap map = WavelengthMap.load(Subarray.SUBSTRIP256);
        SpecTrace trace = SpecTrace.load(Subarray.SUBSTRIP256);
        assertEquals(296, map.paddedRows());
        // spec §4: order 1 spans 0.847–2.833 µm over the detector, x = 0 red
        assertEquals(2.833, map.wavelength(1, 0), 2e-3);
        assertEquals(0.847, map.wavelength(1, 2047), 2e-3);
        assertEquals(trace.wavelengthAt(2, 1000), map.detectorColumns(2)[1000]);
        // order 2 leaves the detector past X = 1999, order 3 past 1614
        assertTrue(Double.isFinite(map.wavelength(2, 1999)) && Double.isNaN(map.wavelength(2, 2000)));
        assertTrue(Double.isFinite(map.wavelength(3, 1614)) && Double.isNaN(map.wavelength(3, 1615)));
        float[] image = map.paddedImage(3);
        assertEquals(image[5 * WavelengthMap.paddedColumns() + 700], image[250 * WavelengthMap.paddedColumns() + 700]);
    }
}
