package io.sossstream.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compares two FITS files HDU by HDU: header cards equal in order except the given keywords (e.g. {@code DATE},
 * the write time), data units equal byte for byte. Reads the 2880-byte block structure directly, so no FITS
 * library's normalisation can hide a difference.
 */
final class FitsCompare {
    private static final int BLOCK = 2880;
    private static final int CARD = 80;

    private FitsCompare() {
    }

    /** The differences (empty when the files are equal apart from {@code ignoredKeys}). */
    static List<String> differences(Path a, Path b, Set<String> ignoredKeys) throws IOException {
        byte[] x = Files.readAllBytes(a);
        byte[] y = Files.readAllBytes(b);
        List<String> diffs = new ArrayList<>();
        int px = 0;
        int py = 0;
        for (int hdu = 0; px < x.length || py < y.length; hdu++) {
            if (px >= x.length || py >= y.length) {
                diffs.add("HDU " + hdu + " exists in only one file");
                break;
            }
            List<String> hx = header(x, px);
            List<String> hy = header(y, py);
            px += blocks(hx.size() * CARD);
            py += blocks(hy.size() * CARD);
            List<String> kx = hx.stream().filter(c -> !ignoredKeys.contains(key(c))).toList();
            List<String> ky = hy.stream().filter(c -> !ignoredKeys.contains(key(c))).toList();
            for (int i = 0; i < Math.max(kx.size(), ky.size()); i++) {
                String cx = i < kx.size() ? kx.get(i).stripTrailing() : "(none)";
                String cy = i < ky.size() ? ky.get(i).stripTrailing() : "(none)";
                if (!cx.equals(cy)) {
                    diffs.add("HDU " + hdu + " card " + i + ": '" + cx + "' vs '" + cy + "'");
                }
            }
            long nx = dataBytes(hx);
            long ny = dataBytes(hy);
            if (nx != ny) {
                diffs.add("HDU " + hdu + " data size " + nx + " vs " + ny);
                break;
            }
            for (int i = 0; i < nx; i++) {
                if (x[px + i] != y[py + i]) {
                    diffs.add("HDU " + hdu + " data differ first at byte " + i + " of " + nx);
                    break;
                }
            }
            px += blocks(nx);
            py += blocks(ny);
        }
        return diffs;
    }

    private static int blocks(long bytes) {
        return (int) ((bytes + BLOCK - 1) / BLOCK * BLOCK);
    }

    private static List<String> header(byte[] f, int start) {
        List<String> cards = new ArrayList<>();
        for (int p = start; p + CARD <= f.length; p += CARD) {
            String c = new String(f, p, CARD, StandardCharsets.US_ASCII);
            cards.add(c);
            if (key(c).equals("END")) {
                return cards;
            }
        }
        throw new IllegalArgumentException("FITS header at byte " + start + " has no END card");
    }

    private static String key(String card) {
        return card.substring(0, 8).trim();
    }

    private static long value(List<String> cards, String key, long dflt) {
        for (String c : cards) {
            if (key(c).equals(key) && c.startsWith("= ", 8)) {
                String v = c.substring(10).split("/")[0].trim();
                return Long.parseLong(v);
            }
        }
        return dflt;
    }

    private static long dataBytes(List<String> h) {
        long naxis = value(h, "NAXIS", 0);
        if (naxis == 0) {
            return 0;
        }
        long n = 1;
        for (int i = 1; i <= naxis; i++) {
            n *= value(h, "NAXIS" + i, 0);
        }
        long bitpix = Math.abs(value(h, "BITPIX", 8));
        return bitpix / 8 * value(h, "GCOUNT", 1) * (value(h, "PCOUNT", 0) + n);
    }
}
