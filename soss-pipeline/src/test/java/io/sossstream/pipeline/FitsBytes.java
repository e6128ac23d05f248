package io.sossstream.pipeline;

import java.nio.charset.StandardCharsets;

/** Walks the HDUs of a FITS byte array (headers card by card, data skipped by size) to blank named cards. */
final class FitsBytes {
    private static final int CARD = 80;
    private static final int BLOCK = 2880;

    private FitsBytes() {
    }

    /** The blanked copy and how many cards were blanked. */
    record Blanked(byte[] bytes, int cards) {
    }

    /** A copy with every header card of keyword {@code keyword} replaced by spaces (data units untouched). */
    static Blanked blank(byte[] fits, String keyword) {
        byte[] b = fits.clone();
        int blanked = 0;
        int pos = 0;
        while (pos < b.length) {
            long bitpix = 0;
            long naxis = 0;
            long pcount = 0;
            long gcount = 1;
            long[] axes = new long[1000];
            boolean end = false;
            while (!end) {
                if (pos + CARD > b.length) {
                    throw new IllegalArgumentException("header without END at byte " + pos);
                }
                String card = new String(b, pos, CARD, StandardCharsets.US_ASCII);
                String key = card.substring(0, 8).trim();
                String value = card.length() > 10 && card.startsWith("= ", 8) ? card.substring(10).split("/")[0].trim() : "";
                switch (key) {
                    case "END" -> end = true;
                    case "BITPIX" -> bitpix = Long.parseLong(value);
                    case "NAXIS" -> naxis = Long.parseLong(value);
                    case "PCOUNT" -> pcount = Long.parseLong(value);
                    case "GCOUNT" -> gcount = Long.parseLong(value);
                    default -> {
                        if (key.matches("NAXIS\\d+")) {
                            axes[Integer.parseInt(key.substring(5))] = Long.parseLong(value);
                        }
                    }
                }
                if (key.equals(keyword)) {
                    java.util.Arrays.fill(b, pos, pos + CARD, (byte) ' ');
                    blanked++;
                }
                pos += CARD;
            }
            pos = (pos + BLOCK - 1) / BLOCK * BLOCK;
            long elements = naxis == 0 ? 0 : 1;
            for (int i = 1; i <= naxis; i++) {
                elements *= axes[i];
            }
            long data = naxis == 0 ? 0 : Math.abs(bitpix) / 8 * gcount * (pcount + elements);
            pos += (int) ((data + BLOCK - 1) / BLOCK * BLOCK);
        }
        return new Blanked(b, blanked);
    }
}
