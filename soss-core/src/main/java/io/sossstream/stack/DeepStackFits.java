package io.sossstream.stack;

import io.sossstream.fits.HeaderCards;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A deep stack as a FITS file for people to open (ds9, astropy): one primary float32 image, rows × 2048, NaN
 * where no integration had a finite value. Header written by hand so the bytes depend only on the image.
 */
public final class DeepStackFits {
    private DeepStackFits() {
    }

    /** @param observationId recorded as OBS_ID */
    public static byte[] toBytes(DeepStack stack, String observationId) {
        byte[] header = new HeaderCards()
                .logical("SIMPLE", true, "conforms to FITS standard")
                .integer("BITPIX", -32, "IEEE float32")
                .integer("NAXIS", 2, "image")
                .integer("NAXIS1", stack.cols(), "detector columns")
                .integer("NAXIS2", stack.rows(), "detector rows")
                .string("OBS_ID", observationId, "observation")
                .string("CONTENTS", "deep stack", "per-pixel nanmedian over all integrations (DN/s)")
                .toBytes();
        float[] pixels = stack.pixels();
        long dataBytes = 4L * pixels.length;
        ByteBuffer out = ByteBuffer.allocate(header.length + (int) HeaderCards.padded(dataBytes))
                .order(ByteOrder.BIG_ENDIAN);
        out.put(header);
        for (float v : pixels) {
            out.putFloat(v);
        }
        return out.array();
    }
}
