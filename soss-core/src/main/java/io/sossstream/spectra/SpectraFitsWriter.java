package io.sossstream.spectra;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code <TARGNAME>_box_spectra_fullres.fits} in exoTEDRF's layout: a primary header with TARGET, INST,
 * DATE, PIPELINE, AUTHOR, CONTENTS, METHOD, WIDTH (+ WIDTH2 when order 2 used its own width), then the caller's
 * provenance cards in order; then nine float64 image extensions {@link #EXTNAMES} with {@link #UNITS}.
 * Flux arrays are (nint, ncols), wavelengths (ncols,), Time (nint,).
 *
 * <p>Deterministic: the same inputs give the same bytes (DATE comes from the caller). Streamed (never held whole
 * in memory) to a temporary file and renamed atomically, so a failure leaves no partial file. Provenance keywords longer than 8 characters are
 * written as HIERARCH cards, long string values with the CONTINUE convention (both by nom-tam-fits); numbered
 * keys (INFILE1, INSUM1, …) are the portable alternative.
 */
public final class SpectraFitsWriter {
    /** Extension names, in file order (exoTEDRF). */
    public static final List<String> EXTNAMES = List.of("Wave O1", "Wave Err O1", "Flux O1", "Flux Err O1",
            "Wave O2", "Wave Err O2", "Flux O2", "Flux Err O2", "Time");
    /** UNITS of each extension, in {@link #EXTNAMES} order (exoTEDRF). */
    public static final List<String> UNITS = List.of("Micron", "Micron", "DN/s", "DN/s",
            "Micron", "Micron", "DN/s", "DN/s", "MJD_TDB");

    private SpectraFitsWriter() {
    }

    /**
     * The fixed primary-header content.
     *
     * @param target      target name (TARGET; also the file name prefix)
     * @param date        UTC creation date, ISO 8601 without fraction (DATE), given by the caller
     * @param pipeline    PIPELINE
     * @param author      AUTHOR
     * @param method      extraction method (METHOD; exoTEDRF writes {@code box})
     * @param width       order-1 box width (WIDTH), px
     * @param widthOrder2 order-2 box width (WIDTH2), or NaN when order 2 used WIDTH
     */
    public record Metadata(String target, String date, String pipeline, String author, String method,
                           double width, double widthOrder2) {
    }

    /**
     * One extra primary-header card.
     *
     * @param keyword FITS keyword (longer than 8 characters → HIERARCH)
     * @param value   String, Number or Boolean; null for an undefined value (e.g. a parameter that is unset)
     * @param comment comment, may be null
     */
    public record Card(String keyword, Object value, String comment) {
    }

    /** exoTEDRF's file name: {@code <target>_<method>_spectra_fullres.fits}. */
    public static String fileName(String target, String method) {
        return target + "_" + method + "_spectra_fullres.fits";
    }

    /** Writes the file at {@code path} (atomically, streamed). */
    public static void write(Path path, TimeSeriesSpectra spectra, Metadata meta, List<Card> provenance)
            throws IOException {
        write(path, spectra, meta, provenance, List.of());
    }

    /** Writes the file with extra extensions at {@code path} (atomically, streamed: no copy of the file in memory). */
    public static void write(Path path, TimeSeriesSpectra spectra, Metadata meta, List<Card> provenance,
                             List<Extension> extra) throws IOException {
        FitsIo.writeAtomically(path, out -> writeTo(out, spectra, meta, provenance, extra));
    }

    /**
     * An image extension after exoTEDRF's nine (e.g. the flux-calibrated spectra).
     *
     * @param extname EXTNAME
     * @param units   UNITS card
     * @param data    the array (double[] or double[][])
     */
    public record Extension(String extname, String units, Object data) {
    }

    /** The file's bytes. */
    public static byte[] toBytes(TimeSeriesSpectra s, Metadata meta, List<Card> provenance) {
        return toBytes(s, meta, provenance, List.of());
    }

    /** The file's bytes with extra extensions after the nine of exoTEDRF's layout. */
    public static byte[] toBytes(TimeSeriesSpectra s, Metadata meta, List<Card> provenance, List<Extension> extra) {
        return FitsIo.toBytes(hdus(s, meta, provenance, extra));
    }

    /** Streams the file to {@code out} (left open), extension by extension. */
    public static void writeTo(OutputStream out, TimeSeriesSpectra s, Metadata meta, List<Card> provenance,
                               List<Extension> extra) throws IOException {
        FitsIo.write(out, hdus(s, meta, provenance, extra));
    }

    private static BasicHDU<?>[] hdus(TimeSeriesSpectra s, Metadata meta, List<Card> provenance, List<Extension> extra) {
        try {
            BasicHDU<?> primary = FitsIo.emptyPrimary();
            Header h = primary.getHeader();
            h.addValue("TARGET", meta.target(), "Name of the target");
            h.addValue("INST", "NIRISS/SOSS", "Instrument used to acquire the data");
            h.addValue("DATE", meta.date(), "UTC date file created");
            h.addValue("PIPELINE", meta.pipeline(), "Pipeline that produced this file");
            h.addValue("AUTHOR", meta.author(), "File author");
            h.addValue("CONTENTS", "Full resolution stellar spectra", "Description of file contents");
            h.addValue("METHOD", meta.method(), "Type of 1D extraction");
            h.addValue("WIDTH", widthValue(meta.width()), "Box width");
            if (Double.isFinite(meta.widthOrder2())) {
                h.addValue("WIDTH2", widthValue(meta.widthOrder2()), "Box width of order 2");
            }
            for (Card c : provenance) {
                add(h, c);
            }
            Object[] data = {s.waveO1(), s.waveErrO1(), s.fluxO1(), s.errO1(),
                s.waveO2(), s.waveErrO2(), s.fluxO2(), s.errO2(), s.times()};
            BasicHDU<?>[] hdus = new BasicHDU<?>[data.length + 1 + extra.size()];
            hdus[0] = primary;
            for (int i = 0; i < data.length; i++) {
                hdus[i + 1] = FitsIo.image(EXTNAMES.get(i), UNITS.get(i), data[i]);
            }
            for (int i = 0; i < extra.size(); i++) {
                Extension e = extra.get(i);
                hdus[data.length + 1 + i] = FitsIo.image(e.extname(), e.units(), e.data());
            }
            return hdus;
        } catch (FitsException e) {
            throw new IllegalStateException("cannot build the spectra FITS file: " + e.getMessage(), e);
        }
    }

    /** Integral widths as integers (exoTEDRF writes the int it was given), others as reals. */
    private static Number widthValue(double w) {
        return w == Math.rint(w) && Math.abs(w) < 1e9 ? (Number) (long) w : (Number) w;
    }

    /** Keywords over 8 characters become HIERARCH cards (nom-tam's "HIERARCH." key syntax; read them back so). */
    static String fitsKey(String keyword) {
        return keyword.length() > 8 && !keyword.startsWith("HIERARCH") ? "HIERARCH." + keyword : keyword;
    }

    private static void add(Header h, Card c) throws FitsException {
        Object v = c.value();
        String key = fitsKey(c.keyword());
        if (v == null) {
            h.addValue(key, (String) null, c.comment());
        } else if (v instanceof String str) {
            h.addValue(key, str, c.comment());
        } else if (v instanceof Boolean b) {
            h.addValue(key, b, c.comment());
        } else if (v instanceof Number num) {
            h.addValue(key, num, c.comment());
        } else {
            throw new IllegalArgumentException("header card " + c.keyword() + " has an unsupported value type: "
                    + v.getClass().getSimpleName());
        }
    }
}
