package io.sossstream.atoca;

import io.sossstream.error.BadInputException;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.NullDataHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.util.FitsOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A soss_estimate file: the order-1 spectrum as a FITS binary table with columns WAVELENGTH (µm) and FLUX, the
 * layout of jwst's SpecModel that {@code Extract1dStep(soss_estimate=...)} reads. Every ATOCA run writes one
 * (the order-1 spectrum of the typical integration on the order's native pixel wavelengths) so a later run can
 * start from it ({@code --soss-estimate}).
 */
public final class SossEstimateFits {
    public static final String EXTNAME = "EXTRACT1D";

    private SossEstimateFits() {
    }

    public static byte[] toBytes(SossEstimate e) {
        try (Fits fits = new Fits(); ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             FitsOutputStream out = new FitsOutputStream(bytes)) {
            NullDataHDU primary = new NullDataHDU();
            // nom-tam-fits stamps the SIMPLE card's comment with the current time: the same estimate, the same bytes
            primary.getHeader().addValue("SIMPLE", true, "conforms to FITS standard");
            fits.addHDU(primary);
            BinaryTableHDU table = BinaryTable.fromColumnMajor(new Object[] {e.wavelength(), e.flux()}).toHDU();
            table.setColumnName(0, "WAVELENGTH", "um");
            table.setColumnName(1, "FLUX", "order-1 spectrum");
            table.addValue("EXTNAME", EXTNAME, "soss_estimate");
            fits.addHDU(table);
            fits.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (FitsException | IOException ex) {
            throw new IllegalStateException("cannot render a soss_estimate table", ex);
        }
    }

    public static void write(SossEstimate e, Path file) throws IOException {
        Files.write(file, toBytes(e));
    }

    /** Reads the first binary table holding WAVELENGTH and FLUX columns. */
    public static SossEstimate read(Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(source, "no such soss_estimate file");
        }
        try (Fits fits = new Fits(file.toFile())) {
            for (BasicHDU<?> hdu : fits.read()) {
                if (hdu instanceof BinaryTableHDU t && t.findColumn("WAVELENGTH") >= 0 && t.findColumn("FLUX") >= 0) {
                    double[] w = asDouble(t.getColumn("WAVELENGTH"));
                    double[] f = asDouble(t.getColumn("FLUX"));
                    try {
                        return new SossEstimate(w, f);
                    } catch (IllegalArgumentException e) {
                        throw new BadInputException(source, e.getMessage());
                    }
                }
            }
        } catch (FitsException | IOException e) {
            throw new BadInputException(source, "not a readable FITS soss_estimate: " + e.getMessage(), e);
        }
        throw new BadInputException(source, "no binary table with WAVELENGTH and FLUX columns");
    }

    private static double[] asDouble(Object column) {
        if (column instanceof double[] d) {
            return d;
        }
        if (column instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        throw new IllegalArgumentException("WAVELENGTH/FLUX must be floating-point columns");
    }
}
