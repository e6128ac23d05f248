package io.sossstream.fits;

import io.sossstream.error.BadInputException;
import nom.tam.fits.Header;
import nom.tam.util.FitsFile;
import nom.tam.util.FitsInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HDUs of a FITS file located without reading their data: headers are parsed with nom-tam-fits, data are
 * only measured, so a caller can then read pixels at {@link Hdu#dataOffset()} with its own channel (a file) or
 * straight from the bytes (a file held in memory). Rejects non-FITS files and files shorter than their headers
 * announce. The one walk over HDUs: segments, spectra files and the tests' patches all use it.
 */
public final class HduIndex {

    /**
     * One header-data unit.
     *
     * @param index      0 for the primary HDU
     * @param extname    EXTNAME upper-cased ({@code PRIMARY} for HDU 0 without EXTNAME)
     * @param header     the parsed header
     * @param dataOffset byte offset of the first data byte
     * @param dataBytes  data length without block padding
     */
    public record Hdu(int index, String extname, Header header, long dataOffset, long dataBytes) {
    }

    private final List<Hdu> hdus;
    private final long junkAt;

    private HduIndex(List<Hdu> hdus, long junkAt) {
        this.hdus = List.copyOf(hdus);
        this.junkAt = junkAt;
    }

    /** Scans {@code file}; {@code source} names it in error messages. */
    public static HduIndex scan(Path file, String source) {
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new BadInputException(source, "cannot read file: " + e.getMessage(), e);
        }
        try (FitsFile in = new FitsFile(file.toFile(), "r")) {
            return walk(length, source, pos -> {
                in.seek(pos);
                return Header.readHeader(in);
            });
        } catch (IOException e) {
            throw new BadInputException(source, "cannot read FITS structure: " + e.getMessage(), e);
        }
    }

    /** Scans a FITS file held in memory (its data then start at {@link Hdu#dataOffset()} of {@code bytes}). */
    public static HduIndex of(byte[] bytes, String source) {
        try {
            return walk(bytes.length, source, pos -> Header.readHeader(new FitsInputStream(
                    new ByteArrayInputStream(bytes, (int) pos, bytes.length - (int) pos))));
        } catch (IOException e) {
            throw new BadInputException(source, "cannot read FITS structure: " + e.getMessage(), e);
        }
    }

    /** Reads the header that starts at a byte offset: null where the bytes are not a header. */
    @FunctionalInterface
    private interface HeaderAt {
        Header read(long pos) throws IOException;
    }

    /** The one walk over a file's HDUs, header to header, whatever holds the bytes. */
    private static HduIndex walk(long length, String source, HeaderAt headers) throws IOException {
        if (length < HeaderCards.BLOCK) {
            throw new BadInputException(source, "not a FITS file (" + length + " bytes, shorter than one FITS block)");
        }
        List<Hdu> hdus = new ArrayList<>();
        long junkAt = -1;
        long pos = 0;
        while (pos < length) {
            Header header;
            try {
                header = headers.read(pos);
            } catch (IOException | RuntimeException e) { // FitsException is a RuntimeException in nom-tam 1.21
                throw hdus.isEmpty()
                        ? new BadInputException(source, "not a FITS file (" + e.getMessage() + ")", e)
                        : new BadInputException(source, "truncated or corrupt header of HDU " + hdus.size()
                        + " at byte " + pos + " (" + e.getMessage() + ")", e);
            }
            if (header == null) {
                // nom-tam-fits reports bytes that are not a header as end of file
                if (hdus.isEmpty()) {
                    throw new BadInputException(source, "not a FITS file (no FITS header at the start)");
                }
                junkAt = pos;
                break;
            }
            if (hdus.isEmpty() && !header.getBooleanValue("SIMPLE", false)) {
                throw new BadInputException(source, "not a FITS file (no SIMPLE = T card)");
            }
            long dataOffset = pos + header.getOriginalSize();
            long dataBytes = dataBytes(header);
            String extname = header.getStringValue("EXTNAME");
            extname = extname == null ? (hdus.isEmpty() ? "PRIMARY" : "") : extname.trim().toUpperCase(Locale.ROOT);
            if (dataOffset + dataBytes > length) {
                throw new BadInputException(source, "truncated file: HDU " + hdus.size() + " ('" + extname
                        + "') needs " + (dataOffset + dataBytes) + " bytes, the file has " + length);
            }
            hdus.add(new Hdu(hdus.size(), extname, header, dataOffset, dataBytes));
            pos = dataOffset + HeaderCards.padded(dataBytes);
        }
        return new HduIndex(hdus, junkAt);
    }

    /** FITS data size: |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn), 0 when NAXIS = 0. */
    public static long dataBytes(Header h) {
        int naxis = h.getIntValue("NAXIS", 0);
        if (naxis == 0) {
            return 0;
        }
        long n = 1;
        for (int k = 1; k <= naxis; k++) {
            n *= h.getLongValue("NAXIS" + k, 0);
        }
        long bytesPerValue = Math.abs(h.getIntValue("BITPIX", 8)) / 8;
        return bytesPerValue * h.getLongValue("GCOUNT", 1) * (h.getLongValue("PCOUNT", 0) + n);
    }

    public List<Hdu> hdus() {
        return hdus;
    }

    /**
     * Byte offset where the scan met bytes that are not a FITS header (an earlier header announced a wrong data
     * size, or the file is corrupt), −1 if the file ended cleanly. HDUs after it are not indexed.
     */
    public long junkAt() {
        return junkAt;
    }

    public Hdu primary() {
        return hdus.get(0);
    }

    /** The first HDU whose EXTNAME equals {@code extname} (case-insensitive), or null. */
    public Hdu find(String extname) {
        for (Hdu h : hdus) {
            if (h.extname().equalsIgnoreCase(extname)) {
                return h;
            }
        }
        return null;
    }
}
