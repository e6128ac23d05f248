package io.sossstream.spectra;

import io.sossstream.error.BadInputException;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The box-extracted spectra of one segment, before packaging: per integration and detector column (x = 0 is the
 * red end of order 1, as extracted), flux and error of orders 1 and 2. Stored by the services as a small FITS
 * object: primary header SEGMENT, INTSTART, NINT, NCOLS; float64 images {@code TIME} (n), {@code FLUX O1},
 * {@code ERR O1}, {@code FLUX O2}, {@code ERR O2} (n, ncols). Serialisation is deterministic (same content, same
 * bytes).
 *
 * @param segmentNumber 1-based exposure segment number (EXSEGNUM)
 * @param intStart      1-based number of the segment's first integration in the exposure (INTSTART)
 * @param times         mid-integration times, BJD_TDB − 2400000.5, length n
 * @param fluxO1        order-1 flux [n][ncols], DN/s
 * @param errO1         order-1 error [n][ncols]
 * @param fluxO2        order-2 flux [n][ncols] (0 in unextracted columns)
 * @param errO2         order-2 error [n][ncols]
 */
public record SegmentSpectra(int segmentNumber, int intStart, double[] times,
                             double[][] fluxO1, double[][] errO1, double[][] fluxO2, double[][] errO2) {

    public SegmentSpectra {
        int n = times.length;
        if (n < 1) {
            throw new IllegalArgumentException("a segment holds at least one integration");
        }
        int cols = fluxO1[0].length;
        for (double[][] a : new double[][][] {fluxO1, errO1, fluxO2, errO2}) {
            if (a.length != n) {
                throw new IllegalArgumentException("spectra have " + a.length + " rows but " + n + " times");
            }
            for (double[] row : a) {
                if (row.length != cols) {
                    throw new IllegalArgumentException("spectra rows must all have " + cols + " columns");
                }
            }
        }
    }

    /** Empty arrays for n integrations of ncols columns, to be filled by the extractor. */
    public static SegmentSpectra allocate(int segmentNumber, int intStart, int n, int ncols) {
        return new SegmentSpectra(segmentNumber, intStart, new double[n], new double[n][ncols], new double[n][ncols],
                new double[n][ncols], new double[n][ncols]);
    }

    /** Number of integrations. */
    public int integrations() {
        return times.length;
    }

    /** Number of detector columns. */
    public int columns() {
        return fluxO1[0].length;
    }

    /** Flux of an order (1 or 2). */
    public double[][] flux(int order) {
        return order == 1 ? fluxO1 : fluxO2;
    }

    /** Error of an order (1 or 2). */
    public double[][] err(int order) {
        return order == 1 ? errO1 : errO2;
    }

    /** The FITS bytes. */
    public byte[] toBytes() {
        return FitsIo.toBytes(hdus());
    }

    /** Streams the FITS file to {@code out} (left open). */
    public void writeTo(OutputStream out) throws IOException {
        FitsIo.write(out, hdus());
    }

    private BasicHDU<?>[] hdus() {
        try {
            BasicHDU<?> primary = FitsIo.emptyPrimary();
            Header h = primary.getHeader();
            h.addValue("SEGMENT", segmentNumber, "exposure segment number (EXSEGNUM)");
            h.addValue("INTSTART", intStart, "first integration of the segment (1-based)");
            h.addValue("NINT", times.length, "integrations in this segment");
            h.addValue("NCOLS", columns(), "detector columns (detector order)");
            h.addValue("CONTENTS", "soss-stream segment box spectra", "description of file contents");
            return new BasicHDU<?>[] {primary,
                FitsIo.image("TIME", "MJD_TDB", times),
                FitsIo.image("FLUX O1", "DN/s", fluxO1),
                FitsIo.image("ERR O1", "DN/s", errO1),
                FitsIo.image("FLUX O2", "DN/s", fluxO2),
                FitsIo.image("ERR O2", "DN/s", errO2)};
        } catch (FitsException e) {
            throw new IllegalStateException("cannot build segment spectra FITS: " + e.getMessage(), e);
        }
    }

    /** Writes the FITS file atomically (streamed to a temporary file, then renamed). */
    public void write(Path path) throws IOException {
        FitsIo.writeAtomically(path, this::writeTo);
    }

    /** Reads a file written by {@link #write}. */
    public static SegmentSpectra read(Path path) throws IOException {
        return fromBytes(Files.readAllBytes(path), path.toString());
    }

    /** Parses {@link #toBytes()} output; {@code source} names the object in error messages. */
    public static SegmentSpectra fromBytes(byte[] bytes, String source) {
        Float64Hdus hdus = Float64Hdus.of(bytes, source);
        Header h = hdus.primary();
        for (String key : new String[] {"SEGMENT", "INTSTART", "NINT", "NCOLS"}) {
            if (!h.containsKey(key)) {
                throw new BadInputException(source, "primary header has no " + key + " (not a segment spectra file)");
            }
        }
        int n = h.getIntValue("NINT");
        int cols = h.getIntValue("NCOLS");
        return new SegmentSpectra(h.getIntValue("SEGMENT"), h.getIntValue("INTSTART"),
                hdus.vector("TIME", n),
                hdus.matrix("FLUX O1", n, cols),
                hdus.matrix("ERR O1", n, cols),
                hdus.matrix("FLUX O2", n, cols),
                hdus.matrix("ERR O2", n, cols));
    }
}
