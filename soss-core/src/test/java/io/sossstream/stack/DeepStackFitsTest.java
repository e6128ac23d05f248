package io.sossstream.stack;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DeepStackFitsTest {
    @Test
    void readsBackAsAFloat32ImageWithNaN() throws Exception {
        int rows = 3;
        int cols = 2048;
        float[] px = new float[rows * cols];
        for (int i = 0; i < px.length; i++) {
            px[i] = i * 0.25f - 100;
        }
        px[5] = Float.NaN;
        byte[] bytes = DeepStackFits.toBytes(DeepStack.ofImage(rows, cols, px), "jw01_nis");
        assertEquals(0, bytes.length % 2880);
        try (Fits f = new Fits(new ByteArrayInputStream(bytes))) {
            BasicHDU<?> hdu = f.readHDU();
            assertEquals(-32, hdu.getHeader().getIntValue("BITPIX"));
            assertEquals("jw01_nis", hdu.getHeader().getStringValue("OBS_ID"));
            float[][] img = (float[][]) hdu.getKernel();
            assertEquals(rows, img.length);
            float[] flat = new float[rows * cols];
            for (int y = 0; y < rows; y++) {
                System.arraycopy(img[y], 0, flat, y * cols, cols);
            }
            assertArrayEquals(px, flat);
        }
    }
}
