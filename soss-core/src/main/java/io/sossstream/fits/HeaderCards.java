package io.sossstream.fits;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Builds a FITS header as 80-character ASCII cards padded to whole 2880-byte blocks. Written by hand (not by
 * nom-tam-fits) so that the bytes are fully determined by the values: no DATE stamps, no library version cards.
 */
public final class HeaderCards {
    public static final int CARD = 80;
    public static final int BLOCK = 2880;

    private final StringBuilder cards = new StringBuilder();

    /** Logical value ({@code T}/{@code F}), right-justified in columns 11–30 as the fixed format asks. */
    public HeaderCards logical(String key, boolean value, String comment) {
        return fixed(key, value ? "T" : "F", comment);
    }

    public HeaderCards integer(String key, long value, String comment) {
        return fixed(key, Long.toString(value), comment);
    }

    /** Real value in the shortest form that reads back to the same double ({@code E} exponent is valid FITS). */
    public HeaderCards real(String key, double value, String comment) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + ": FITS header reals must be finite, got " + value);
        }
        return fixed(key, Double.toString(value).toUpperCase(Locale.ROOT), comment);
    }

    /** Quoted string, single quotes doubled, padded to at least 8 characters inside the quotes. */
    public HeaderCards string(String key, String value, String comment) {
        String quoted = value.replace("'", "''");
        StringBuilder v = new StringBuilder("'").append(quoted);
        while (v.length() < 9) {
            v.append(' ');
        }
        v.append('\'');
        if (v.length() > 70) {
            throw new IllegalArgumentException(key + ": string too long for one card: " + value);
        }
        return card(pad(key, 8) + "= " + pad(v.toString(), 20) + comment(comment));
    }

    private HeaderCards fixed(String key, String value, String comment) {
        String v = value.length() >= 20 ? value : " ".repeat(20 - value.length()) + value;
        return card(pad(key, 8) + "= " + v + comment(comment));
    }

    private static String comment(String comment) {
        return comment == null || comment.isEmpty() ? "" : " / " + comment;
    }

    private HeaderCards card(String text) {
        if (text.length() > CARD) {
            text = text.substring(0, CARD);
        }
        cards.append(pad(text, CARD));
        return this;
    }

    private static String pad(String s, int n) {
        return s.length() >= n ? s : s + " ".repeat(n - s.length());
    }

    /** The header bytes: the cards, END, blank-padded to a multiple of 2880. */
    public byte[] toBytes() {
        StringBuilder all = new StringBuilder(cards).append(pad("END", CARD));
        int size = (int) padded(all.length());
        all.append(" ".repeat(size - all.length()));
        return all.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code n} rounded up to whole FITS blocks. */
    public static long padded(long n) {
        return (n + BLOCK - 1) / BLOCK * BLOCK;
    }
}
