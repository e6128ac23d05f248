package io.sossstream.atoca;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * An estimate of the order-1 stellar spectrum (wavelength µm, flux), used to build the adaptive wavelength grid
 * and the first guess of the Tikhonov factor. It is evaluated through the not-a-knot cubic spline through its
 * finite points, extrapolated beyond them (jwst: {@code UnivariateSpline(k=3, s=0, ext=0)}).
 *
 * <p>Either the order-1-only fit of ATOCA (pixels free of order 2) or a user's {@code --soss-estimate} file, e.g.
 * the order-1 spectrum a previous ATOCA run wrote ({@link SossEstimateFits}).
 */
public final class SossEstimate implements DoubleUnaryOperator {
    private final double[] wavelength;
    private final double[] flux;
    private final BSplineCurve spline;

    /** From samples (any order; NaN flux dropped, wavelengths sorted). At least 4 finite points. */
    public SossEstimate(double[] wavelength, double[] flux) {
        int n = wavelength.length;
        Integer[] idx = new Integer[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(wavelength[i]) && Double.isFinite(flux[i])) {
                idx[m++] = i;
            }
        }
        Integer[] kept = Arrays.copyOf(idx, m);
        Arrays.sort(kept, (a, b) -> Double.compare(wavelength[a], wavelength[b]));
        double[] w = new double[m];
        double[] f = new double[m];
        int c = 0;
        for (Integer i : kept) {
            if (c > 0 && wavelength[i] == w[c - 1]) {
                continue;
            }
            w[c] = wavelength[i];
            f[c] = flux[i];
            c++;
        }
        if (c < 4) {
            throw new IllegalArgumentException("a flux estimate needs at least 4 finite samples, got " + c);
        }
        this.wavelength = Arrays.copyOf(w, c);
        this.flux = Arrays.copyOf(f, c);
        spline = BSplineCurve.interpolate(this.wavelength, this.flux, true);
    }

    @Override
    public double applyAsDouble(double lambda) {
        return spline.value(lambda);
    }

    public double[] wavelength() {
        return wavelength.clone();
    }

    public double[] flux() {
        return flux.clone();
    }
}
