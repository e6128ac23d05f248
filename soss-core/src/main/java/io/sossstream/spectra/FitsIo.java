package io.sossstream.spectra;

import io.sossstream.error.BadInputException;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import nom.tam.fits.NullDataHDU;
import nom.tam.util.FitsInputStream;
import nom.tam.util.FitsOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Small FITS plumbing shared by the spectra files: float64 image HDUs, byte serialisation, atomic file writes. */
final class FitsIo {
    private FitsIo() {
    }

    /** An empty primary HDU (NAXIS = 0, EXTEND = T) whose header the caller fills. */
    static BasicHDU<?> emptyPrimary() {
        NullDataHDU hdu = new NullDataHDU();
        // nom-tam-fits stamps the SIMPLE card's comment with the current time; products must not vary with it.
        hdu.getHeader().addValue("SIMPLE", true, "conforms to FITS standard");
        return hdu;
    }

    /** A float64 image extension with EXTNAME (and UNITS if not null). */
    static BasicHDU<?> image(String extname, String units, Object doubles) throws FitsException {
        BasicHDU<?> hdu = Fits.makeHDU(doubles);
        Header h = hdu.getHeader();
        h.addValue("EXTNAME", extname, "extension name");
        if (units != null) {
            h.addValue("UNITS", units, "units of the data");
        }
        return hdu;
    }

    /** The bytes of a FITS file made of {@code hdus} (small files; large ones are {@link #write written} to a stream). */
    static byte[] toBytes(BasicHDU<?>... hdus) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(bytes, hdus);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes a FITS file made of {@code hdus} to {@code out} (left open), HDU by HDU: no copy of the whole file. */
    static void write(OutputStream out, BasicHDU<?>... hdus) throws IOException {
        try (Fits fits = new Fits()) {
            for (BasicHDU<?> hdu : hdus) {
                fits.addHDU(hdu);
            }
            FitsOutputStream fitsOut = new FitsOutputStream(new NonClosing(out));
            fits.write(fitsOut);
            fitsOut.flush();
        } catch (FitsException e) {
            throw new IllegalStateException("cannot serialise FITS: " + e.getMessage(), e);
        }
    }

    /** What writes a file's content to a stream. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code bytes} to {@code target} atomically (see {@link #writeAtomically(Path, Content)}). */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        writeAtomically(target, out -> out.write(bytes));
    }

    /**
     * Streams {@code content} to {@code target} through a temporary file in the same folder and an atomic rename,
     * so a failure never leaves a partial file under the final name.
     */
    static void writeAtomically(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** nom-tam closes its stream when the Fits object closes; the caller owns {@code out}. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** All HDUs of a FITS byte stream; a malformed stream is a {@link BadInputException} naming {@code source}. */
    static BasicHDU<?>[] readAll(byte[] bytes, String source) {
        try (Fits fits = new Fits(new FitsInputStream(new ByteArrayInputStream(bytes)))) {
            BasicHDU<?>[] hdus = fits.read();
            if (hdus == null || hdus.length == 0) {
                throw new BadInputException(source, "no FITS HDU in the file");
            }
            return hdus;
        } catch (FitsException | IOException e) {
            throw new BadInputException(source, "not a readable FITS file: " + e.getMessage(), e);
        }
    }

    /** The HDU with EXTNAME {@code name}. */
    static BasicHDU<?> extension(BasicHDU<?>[] hdus, String name, String source) {
        for (BasicHDU<?> hdu : hdus) {
            if (name.equals(hdu.getHeader().getStringValue("EXTNAME"))) {
                return hdu;
            }
        }
        throw new BadInputException(source, "no extension with EXTNAME '" + name + "'");
    }

    /** A 1-D float64 image of length n. */
    static double[] vector(BasicHDU<?>[] hdus, String name, int n, String source) {
        Object k = kernel(hdus, name, source);
        if (!(k instanceof double[] v) || (n >= 0 && v.length != n)) {
            throw new BadInputException(source, "extension '" + name + "' is not a float64 vector"
                    + (n >= 0 ? " of length " + n : ""));
        }
        return v;
    }

    /** A 2-D float64 image of shape (rows, cols); rows = 0 accepts an empty image. */
    static double[][] matrix(BasicHDU<?>[] hdus, String name, int rows, int cols, String source) {
        if (rows == 0) {
            return new double[0][];
        }
        Object k = kernel(hdus, name, source);
        if (!(k instanceof double[][] m) || m.length != rows || m[0].length != cols) {
            throw new BadInputException(source, "extension '" + name + "' is not a float64 image of shape ("
                    + rows + ", " + cols + ")");
        }
        return m;
    }

    private static Object kernel(BasicHDU<?>[] hdus, String name, String source) {
        BasicHDU<?> hdu = extension(hdus, name, source);
        if (!(hdu instanceof ImageHDU image)) {
            throw new BadInputException(source, "extension '" + name + "' is not an image");
        }
        try {
            return image.getKernel();
        } catch (Exception e) {
            throw new BadInputException(source, "cannot read extension '" + name + "': " + e.getMessage(), e);
        }
    }
}
