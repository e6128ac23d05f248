package io.sossstream.calibrate;

import io.sossstream.error.BadInputException;
import io.sossstream.reference.SpecTrace;
import io.sossstream.stats.Interp;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * DN/s → Jy flux calibration of box-extracted SOSS spectra (exoTEDRF {@code flux_calibrate_soss} /
 * {@code wave_and_flux_calibrations}, §4), with the in-flight photom rev2 file packaged in soss-core.
 * <p>
 * Per order m (table row m − 1): scaling(λ) = relresponse(λ)·photmj, which the file's HISTORY states is in
 * Jy per ADU/s. The trace of the calibration star sat at PWCPOS 245.7909°; at another pupil-wheel position
 * the trace is moved by {@link PupilWheelPrior#predictedOffsetPixels(double)} pixels, so column x is given
 * λ(x) = interp(x, X_spectrace + offset, WAVELENGTH) and the scaling is interpolated at that λ.
 * exoTEDRF then divides by 10⁶ ("Jy to MJy") and multiplies by 10⁶ again inside its erg/s/cm²/µm
 * conversion, so its erg values are Jy × 10⁻²³·c/λ²; {@link #toErgPerSecondCm2Micron} repeats that step.
 */
public final class FluxCalibration {
    public static final String PHOTOM_FILE = "jwst_niriss_photom_rev2.fits";
    /** The photom calibration holds only for this extraction; goes into the output header. */
    public static final String CAVEAT = "photom calibrated for a 40-px box aperture at PWCPOS 245.7909 deg";

    /**
     * Calibrated spectra of one order.
     *
     * @param flux    Jy, same shape as the input (integrations × detector columns)
     * @param error   Jy
     * @param scaling the per-column factor applied, Jy per DN/s
     * @param unit    "Jy"
     * @param caveat  {@link #CAVEAT}
     */
    public record Calibrated(double[][] flux, double[][] error, double[] scaling, String unit, String caveat) {
    }

    private final double[][] wavelength; // per order (index m-1), increasing, zero padding removed
    private final double[][] scaling;

    private FluxCalibration(double[][] wavelength, double[][] scaling) {
        this.wavelength = wavelength;
        this.scaling = scaling;
    }

    /** Loads the packaged photom rev2 table. */
    public static FluxCalibration load() {
        try (InputStream in = FluxCalibration.class.getResourceAsStream("/io/sossstream/reference/" + PHOTOM_FILE)) {
            if (in == null) {
                throw new IllegalStateException(PHOTOM_FILE + " missing from the soss-core jar");
            }
            return read(in, PHOTOM_FILE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read packaged " + PHOTOM_FILE, e);
        }
    }

    /** Reads a SOSS PHOTOM table (BINTABLE with wavelength, relresponse, photmj; row m − 1 = order m). */
    public static FluxCalibration read(InputStream in, String source) {
        try (Fits fits = new Fits(in)) {
            for (BasicHDU<?> hdu : fits.read()) {
                if (hdu instanceof BinaryTableHDU table) {
                    return fromTable(table, source);
                }
            }
            throw new BadInputException(source, "no PHOTOM binary table");
        } catch (FitsException | IOException | ClassCastException e) {
            throw new BadInputException(source, "not a readable SOSS PHOTOM file: " + e.getMessage(), e);
        }
    }

    private static FluxCalibration fromTable(BinaryTableHDU table, String source) throws FitsException {
        int rows = Math.min(3, table.getNRows());
        double[][] w = new double[rows][];
        double[][] s = new double[rows][];
        for (int r = 0; r < rows; r++) {
            float[] wl = (float[]) table.getElement(r, table.findColumn("wavelength"));
            float[] rr = (float[]) table.getElement(r, table.findColumn("relresponse"));
            float photmj = ((Number) asScalar(table.getElement(r, table.findColumn("photmj")))).floatValue();
            // Zero padding (both zero) removed, as exoTEDRF does; then sorted by wavelength for interpolation.
            int[] keep = IntStream.range(0, wl.length).filter(i -> wl[i] != 0 || rr[i] != 0).boxed()
                    .sorted(Comparator.comparingDouble(i -> wl[i])).mapToInt(Integer::intValue).toArray();
            if (keep.length < 2) {
                throw new BadInputException(source, "PHOTOM row " + r + " has no response samples");
            }
            w[r] = new double[keep.length];
            s[r] = new double[keep.length];
            for (int k = 0; k < keep.length; k++) {
                w[r][k] = wl[keep[k]];
                s[r][k] = rr[keep[k]] * photmj; // float32 product, as numpy does on the float32 columns
            }
        }
        return new FluxCalibration(w, s);
    }

    private static Object asScalar(Object o) {
        if (o instanceof float[] f) {
            return f[0];
        }
        if (o instanceof double[] d) {
            return d[0];
        }
        return o;
    }

    /**
     * Jy per DN/s for every detector column x = 0…2047 (detector order) of an order.
     *
     * @param order  1, 2 or 3
     * @param pwcpos pupil-wheel position, degrees
     * @param trace  the SPECTRACE of the observation's subarray
     */
    public double[] scaling(int order, double pwcpos, SpecTrace trace) {
        double offset = PupilWheelPrior.predictedOffsetPixels(pwcpos);
        double[] x = trace.x(order);
        for (int i = 0; i < x.length; i++) {
            x[i] += offset;
        }
        double[] lam = trace.wavelength(order);
        double[] out = new double[io.sossstream.segment.Subarray.COLUMNS];
        for (int col = 0; col < out.length; col++) {
            double lambda = Interp.interp(col, x, lam);
            out[col] = Interp.interp(lambda, wavelength[order - 1], scaling[order - 1]);
        }
        return out;
    }

    /**
     * Calibrates the flux and error of one order.
     *
     * @param flux  DN/s, integrations × 2048 detector columns (detector order, not reversed)
     * @param error DN/s, same shape
     */
    public Calibrated calibrate(int order, double pwcpos, SpecTrace trace, double[][] flux, double[][] error) {
        double[] k = scaling(order, pwcpos, trace);
        return new Calibrated(times(flux, k), times(error, k), k, "Jy", CAVEAT);
    }

    /** exoTEDRF's Jy → erg/s/cm²/µm: F_λ = F_ν·10⁻²³·c/λ² with c = 3×10¹⁴ µm/s, λ in µm. */
    public static double toErgPerSecondCm2Micron(double fluxJy, double wavelengthMicrons) {
        return fluxJy * 1e-23 * 3e14 / (wavelengthMicrons * wavelengthMicrons);
    }

    private static double[][] times(double[][] a, double[] k) {
        double[][] out = new double[a.length][];
        for (int t = 0; t < a.length; t++) {
            out[t] = Arrays.copyOf(a[t], a[t].length);
            for (int x = 0; x < out[t].length; x++) {
                out[t][x] *= k[x];
            }
        }
        return out;
    }
}
