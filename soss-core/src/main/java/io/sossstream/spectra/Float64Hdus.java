package io.sossstream.spectra;

import io.sossstream.error.BadInputException;
import io.sossstream.fits.HduIndex;
import nom.tam.fits.Header;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.util.List;

/**
 * The HDUs of a spectra FITS file held in memory: headers parsed by nom-tam-fits, float64 image data decoded in bulk
 * (big-endian, straight from the bytes) only when asked for. nom-tam decodes every HDU's data element by element,
 * ten times slower, and the formatter reads every segment's spectra once more.
 */
final class Float64Hdus {
    private final byte[] bytes;
    private final String source;
    private final List<HduIndex.Hdu> hdus;

    private Float64Hdus(byte[] bytes, String source, List<HduIndex.Hdu> hdus) {
        this.bytes = bytes;
        this.source = source;
        this.hdus = hdus;
    }

    /**
     * Indexes {@code bytes} ({@link HduIndex#of}); a malformed file is a {@link BadInputException} naming
     * {@code source}.
     */
    static Float64Hdus of(byte[] bytes, String source) {
        return new Float64Hdus(bytes, source, HduIndex.of(bytes, source).hdus());
    }

    /** The primary header. */
    Header primary() {
        return hdus.get(0).header();
    }

    /** A 1-D float64 image of length n (any length for n &lt; 0). */
    double[] vector(String name, int n) {
        HduIndex.Hdu hdu = image(name);
        Header h = hdu.header();
        int length = h.getIntValue("NAXIS1", -1);
        if (h.getIntValue("BITPIX", 0) != -64 || h.getIntValue("NAXIS", 0) != 1 || (n >= 0 && length != n)) {
            throw new BadInputException(source, "extension '" + name + "' is not a float64 vector"
                    + (n >= 0 ? " of length " + n : ""));
        }
        double[] v = new double[length];
        doubles(hdu).get(v);
        return v;
    }

    /** A 2-D float64 image of shape (rows, cols); rows = 0 accepts an empty image. */
    double[][] matrix(String name, int rows, int cols) {
        if (rows == 0) {
            return new double[0][];
        }
        HduIndex.Hdu hdu = image(name);
        Header h = hdu.header();
        if (h.getIntValue("BITPIX", 0) != -64 || h.getIntValue("NAXIS", 0) != 2 || h.getIntValue("NAXIS2", -1) != rows
                || h.getIntValue("NAXIS1", -1) != cols) {
            throw new BadInputException(source, "extension '" + name + "' is not a float64 image of shape ("
                    + rows + ", " + cols + ")");
        }
        DoubleBuffer in = doubles(hdu);
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            in.get(row);
        }
        return m;
    }

    private DoubleBuffer doubles(HduIndex.Hdu hdu) {
        return ByteBuffer.wrap(bytes, (int) hdu.dataOffset(), (int) hdu.dataBytes()).slice().asDoubleBuffer();
    }

    /** The image extension with EXTNAME {@code name}. */
    private HduIndex.Hdu image(String name) {
        for (HduIndex.Hdu hdu : hdus) {
            if (name.equals(hdu.header().getStringValue("EXTNAME"))) {
                String xtension = hdu.header().getStringValue("XTENSION");
                if (xtension == null || !"IMAGE".equals(xtension.trim())) {
                    throw new BadInputException(source, "extension '" + name + "' is not an image");
                }
                return hdu;
            }
        }
        throw new BadInputException(source, "no extension with EXTNAME '" + name + "'");
    }
}
