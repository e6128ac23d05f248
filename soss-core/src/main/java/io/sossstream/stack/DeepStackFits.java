package io.sossstream.stack;

import io.sossstream.fits.HeaderCards;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A deep stack as a FITS file for people to open (ds9, astropy): one primary float32 image, rows × 2048, NaN
 * where no integration had a finite value. Header written by hand so the bytes depend only on the image.
 */
public final class DeepStackFits {
    /** CONTENTS of a complete deep stack. */
    static final String COMPLETE = "deep stack";
    /** CONTENTS of a {@link DeepStack.Sparse#model}: the box repair's model near the traces only. */
    static final String NEAR_TRACES = "deep stack near traces";

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
                .string("CONTENTS", stack.complete() ? COMPLETE : NEAR_TRACES, stack.complete()
                        ? "per-pixel nanmedian over all integrations (DN/s)"
                        : "box repair model near traces (DN/s), else NaN")
                .toBytes();
        float[] pixels = stack.pixels();
        long dataBytes = 4L * pixels.length;
        ByteBuffer out = ByteBuffer.allocate(header.length + (int) HeaderCards.padded(dataBytes))
                .order(ByteOrder.BIG_ENDIAN);
        out.put(header);
        out.asFloatBuffer().put(pixels);
        return out.array();
    }

    /** Reads back what {@link #toBytes} wrote (the stream's extract step needs the deep stack as its bad-pixel model). */
    public static DeepStack fromBytes(byte[] fits, String source) {
        int rows = -1;
        int cols = -1;
        int end = -1;
        boolean complete = true;
        for (int card = 0; (card + 1) * 80 <= fits.length; card++) {
            String text = new String(fits, card * 80, 80, java.nio.charset.StandardCharsets.US_ASCII);
            String key = text.substring(0, 8).trim();
            if (key.equals("END")) {
                end = card;
                break;
            }
            if (key.equals("CONTENTS")) {
                complete = !text.contains("'" + NEAR_TRACES);
            }
            if (key.equals("NAXIS1") || key.equals("NAXIS2")) {
                int v = Integer.parseInt(text.substring(10, 30).trim());
                if (key.equals("NAXIS1")) {
                    cols = v;
                } else {
                    rows = v;
                }
            }
        }
        long dataStart = HeaderCards.padded((end + 1) * 80L);
        if (end < 0 || rows <= 0 || cols <= 0 || dataStart + 4L * rows * cols > fits.length) {
            throw new io.sossstream.error.BadInputException(source, "not a deep stack FITS image written by soss-stream");
        }
        ByteBuffer in = ByteBuffer.wrap(fits, (int) dataStart, 4 * rows * cols).order(ByteOrder.BIG_ENDIAN);
        float[] pixels = new float[rows * cols];
        in.asFloatBuffer().get(pixels);
        return DeepStack.ofImage(rows, cols, pixels, complete);
    }
}
