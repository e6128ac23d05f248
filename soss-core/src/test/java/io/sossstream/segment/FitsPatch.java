package io.sossstream.segment;

import io.sossstream.fits.HduIndex;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: rewrites a FITS file in place (one 80-character header card, or a whole image), to make broken files. */
public final class FitsPatch {
    private FitsPatch() {
    }

    /**
     * Replaces the {@code occurrence}-th (0-based) card whose keyword is {@code key} by {@code newCard}
     * (padded to 80 characters).
     */
    public static void replaceCard(Path file, String key, int occurrence, String newCard) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String prefix = String.format("%-8s", key);
        int seen = 0;
        for (int at = 0; at + 80 <= text.length(); at += 80) {
            if (text.startsWith(prefix, at) && text.charAt(at + 8) == '=') {
                if (seen++ == occurrence) {
                    String card = String.format("%-80s", newCard);
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                        raf.seek(at);
                        raf.write(card.getBytes(StandardCharsets.US_ASCII));
                    }
                    return;
                }
            }
        }
        throw new IllegalArgumentException("no card " + key + " #" + occurrence + " in " + file);
    }

    /** Sets every pixel of the 32-bit extension {@code extname} (e.g. SCI as float, DQ as int bits) to {@code bits}. */
    public static void fillImage(Path file, String extname, int bits) throws IOException {
        HduIndex.Hdu hdu = HduIndex.scan(file, file.toString()).find(extname);
        ByteBuffer block = ByteBuffer.allocate(1 << 16);
        while (block.hasRemaining()) {
            block.putInt(bits);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(hdu.dataOffset());
            for (long left = hdu.dataBytes(); left > 0; left -= block.capacity()) {
                raf.write(block.array(), 0, (int) Math.min(left, block.capacity()));
            }
        }
    }
}
