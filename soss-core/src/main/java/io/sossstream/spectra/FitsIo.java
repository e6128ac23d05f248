package io.sossstream.spectra;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.NullDataHDU;
import nom.tam.util.FitsOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Small FITS plumbing shared by the spectra files' writers: float64 image HDUs, byte serialisation, atomic file
 * writes (their readers share {@link Float64Hdus}).
 */
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
}
