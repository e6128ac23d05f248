package io.sossstream.atoca;

import io.sossstream.error.BadInputException;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;

import java.io.IOException;
import java.io.InputStream;

/**
 * The SOSS spectral resolution kernel of one order (jwst {@code WebbKernel}): the line-spread function K(λ; λ_c) of
 * a monochromatic source at λ_c, seen by the detector pixels around the trace.
 *
 * <p>The kernel matrix (jwst-mtl, shipped as {@code jwst_niriss_speckernel_jwstmtl_os10_hw7.fits}) tabulates the
 * kernel on an oversampled pixel axis (141 samples over ±7 px) for 95 centre wavelengths. The pixel axis is mapped
 * to wavelength through the order's trace: each tabulated centre snaps to the nearest detector column, a straight
 * line λ(pixel offset) is fitted over the ±7 surrounding columns, and its coefficients are interpolated linearly in
 * λ_c. The values are then interpolated by a bicubic spline in (pixel offset, λ_c), floored at the smallest
 * positive tabulated value and set to 0 beyond ±7 px.
 */
public final class SpectralKernel {
    static final String RESOURCE = "/io/sossstream/reference/jwst_niriss_speckernel_jwstmtl_os10_hw7.fits";

    private final int halfWidth;
    private final double[] centres;     // snapped centre wavelengths, increasing
    private final double[] slope;       // dλ/dpixel of the local linear solution at each centre
    private final double[] intercept;   // λ at pixel offset 0
    private final double minValue;
    private final BicubicSpline spline;

    /** The kernel matrix as read from the file. */
    public record Matrix(double[][] kernels, double[] wavelengths, int halfWidth) {
        /** kernels[pixelSample][wavelength index]. */
        public int pixelSamples() {
            return kernels.length;
        }
    }

    /** Reads the packaged kernel matrix. */
    public static Matrix packagedMatrix() {
        try (InputStream in = SpectralKernel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("reference file " + RESOURCE + " missing from the soss-core jar");
            }
            return readMatrix(in, RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read packaged kernel matrix", e);
        }
    }

    /** Reads a kernel matrix (primary image NAXIS1 = wavelengths, NAXIS2 = oversampled pixels; WAVE0, WAVEN, HALFWIDT). */
    public static Matrix readMatrix(InputStream in, String source) {
        try (Fits fits = new Fits(in)) {
            BasicHDU<?> hdu = fits.readHDU();
            Header h = hdu.getHeader();
            Object data = hdu.getKernel();
            if (!(data instanceof double[][] k)) {
                throw new BadInputException(source, "kernel matrix is not a 2-D float64 image");
            }
            int nWave = k[0].length;
            double w0 = h.getDoubleValue("WAVE0", 0.5);
            double wn = h.getDoubleValue("WAVEN", 5.2);
            double[] waves = new double[nWave];
            for (int i = 0; i < nWave; i++) {
                waves[i] = i == nWave - 1 ? wn : w0 + i * (wn - w0) / (nWave - 1);
            }
            return new Matrix(k, waves, h.getIntValue("HALFWIDT", 7));
        } catch (FitsException | IOException e) {
            throw new BadInputException(source, "not a readable kernel matrix: " + e.getMessage(), e);
        }
    }

    /**
     * The kernel of an order whose trace has central wavelength {@code traceWavelength[x]} at detector column x
     * (0 or NaN where the trace is not defined).
     */
    public SpectralKernel(Matrix matrix, double[] traceWavelength) {
        halfWidth = matrix.halfWidth();
        int nPix = 2 * halfWidth + 1;
        int nSamples = matrix.pixelSamples();
        // Trace with red at the end (jwst flips a decreasing trace); 0 marks undefined columns.
        int n = traceWavelength.length;
        double[] trace = new double[n];
        double mean = 0;
        int cnt = 0;
        double prev = Double.NaN;
        for (int i = 0; i < n; i++) {
            double v = traceWavelength[i];
            trace[i] = Double.isFinite(v) && v > 0 ? v : 0;
        }
        for (int i = 0; i < n; i++) {
            if (trace[i] > 0) {
                if (!Double.isNaN(prev)) {
                    mean += trace[i] - prev;
                    cnt++;
                }
                prev = trace[i];
            }
        }
        if (cnt > 0 && mean < 0) {
            for (int i = 0; i < n / 2; i++) {
                double t = trace[i];
                trace[i] = trace[n - 1 - i];
                trace[n - 1 - i] = t;
            }
        }
        double[] pixels = new double[nSamples];
        for (int i = 0; i < nSamples; i++) {
            pixels[i] = -halfWidth + i * (2.0 * halfWidth) / (nSamples - 1);
        }
        double wMin = Double.POSITIVE_INFINITY;
        double wMax = Double.NEGATIVE_INFINITY;
        for (double v : trace) {
            if (v > 0) {
                wMin = Math.min(wMin, v);
                wMax = Math.max(wMax, v);
            }
        }
        double[] wc = matrix.wavelengths();
        int iMin = WavelengthGrid.searchLeft(wc, wMin);
        int iMax = WavelengthGrid.searchLeft(wc, wMax) - 1;
        double yb = wc[Math.max(iMin - 1, 0)];
        double ye = wc[Math.min(iMax + 1, wc.length - 1)];
        int nc = iMax - iMin + 1;
        if (nc < 4) {
            throw new IllegalArgumentException("trace covers only " + nc + " kernel wavelengths");
        }
        double[][] k = new double[nSamples][nc];
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < nSamples; i++) {
            for (int j = 0; j < nc; j++) {
                k[i][j] = matrix.kernels()[i][iMin + j];
                if (k[i][j] > 0) {
                    min = Math.min(min, k[i][j]);
                }
            }
        }
        minValue = min;
        centres = new double[nc];
        slope = new double[nc];
        intercept = new double[nc];
        for (int c = 0; c < nc; c++) {
            double target = wc[iMin + c];
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (trace[i] > 0) {
                    double d = Math.abs(trace[i] - target);
                    if (d < bestD) {
                        bestD = d;
                        best = i;
                    }
                }
            }
            centres[c] = trace[best];
            // Least-squares line λ = a·offset + b over the defined columns within ±halfWidth.
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            int m = 0;
            for (int off = -(nPix / 2); off <= nPix / 2; off++) {
                int col = best + off;
                if (col >= 0 && col < n && trace[col] > 0) {
                    sx += off;
                    sy += trace[col];
                    sxx += (double) off * off;
                    sxy += off * trace[col];
                    m++;
                }
            }
            double a = (m * sxy - sx * sy) / (m * sxx - sx * sx);
            slope[c] = a;
            intercept[c] = (sy - a * sx) / m;
        }
        spline = new BicubicSpline(pixels, centres, k, Double.NaN, Double.NaN, yb, ye);
    }

    /** Half width of the kernel in detector pixels. */
    public int halfWidth() {
        return halfWidth;
    }

    /** Smallest positive tabulated kernel value (the floor applied inside ±halfWidth). */
    public double minValue() {
        return minValue;
    }

    /** K(λ; λ_c): the kernel centred on λ_c evaluated at λ. */
    public double value(double lambda, double centre) {
        int nc = centres.length;
        int i = WavelengthGrid.searchLeft(centres, centre) - 1;
        i = Math.max(0, Math.min(i, nc - 2));
        double d = centres[i + 1] - centres[i];
        double a = (centres[i + 1] - centre) / d;
        double b = (centre - centres[i]) / d;
        double s = a * slope[i] + b * slope[i + 1];
        double c0 = a * intercept[i] + b * intercept[i + 1];
        double pix = (lambda - c0) / s;
        if (pix > halfWidth || pix < -halfWidth) {
            return 0;
        }
        return Math.max(spline.value(pix, centre), minValue);
    }
}
