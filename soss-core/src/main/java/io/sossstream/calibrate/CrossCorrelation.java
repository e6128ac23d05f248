package io.sossstream.calibrate;

import io.sossstream.stats.NanStats;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The wavelength shift between a data spectrum and a model on the same wavelengths, by cross-correlation with a
 * band-limited peak (exoTEDRF's {@code do_ccf}, §7, with its peak-location defect fixed).
 * <ol>
 *   <li>sort by wavelength; drop samples whose wavelength, data or model is NaN;</li>
 *   <li>high-pass both with a 3rd-order Butterworth applied forward and backward ({@link FiltFilt}), cut-off
 *       {@value #CUTOFF} of Nyquist on the native pixels — the same physical cut-off as exoTEDRF's 0.05 on its
 *       ×5 oversampled grid;</li>
 *   <li>roll off the first and last {@value #TAPER_FRACTION} of both with a raised cosine: the filter's start-up
 *       transients sit at the same array ends in data and model and would otherwise correlate at zero lag and pull
 *       the peak toward 0;</li>
 *   <li>full linear cross-correlation {@code c[l] = Σ d[i+l]·m[i]} by FFT (zero-padded to ≥ 2n, so no wrap);</li>
 *   <li>the peak: the first integer argmax, then the maximum of the band-limited (trigonometric) interpolant of
 *       c through its Fourier coefficients, found by Newton's method within ±1 px. exoTEDRF instead oversamples
 *       the spectra ×5 by linear interpolation and keeps the best oversampled lag; linear interpolation is not
 *       band-limited, so any sub-pixel refinement built on it is pulled toward integer lags (a parabola on it errs
 *       by up to ±0.09 px, largest near fractions 0.3 and 0.7);</li>
 *   <li>shift = −lag·median(Δλ) (µm), and in pixels through |dλ/dx|.</li>
 * </ol>
 * The uncertainty propagates the data's 1σ errors through the filter, the taper and the peak condition c'(τ) = 0
 * to first order (no floor): checked against the scatter of noisy trials in the tests.
 * Without errors, a constant σ is estimated from the point-to-point scatter of the data.
 */
public final class CrossCorrelation {
    /** Method name recorded in headers. */
    public static final String METHOD = "CCF band-limited peak (FFT, Newton on the Fourier interpolant)";
    /** High-pass cut-off (fraction of Nyquist) on native pixels. */
    static final double CUTOFF = 0.25;
    /** Fraction of the samples at each end rolled off by a cosine taper before correlating. */
    static final double TAPER_FRACTION = 0.05;
    /** Half-width of the CCF window kept for diagnostics, in pixels. */
    static final int WINDOW_PIXELS = 25;
    /** Lags this close to the main peak (pixels) belong to it, not to a competing peak. */
    static final int PEAK_EXCLUSION = 4;

    private CrossCorrelation() {
    }

    /**
     * @param wavelength      data wavelengths (µm), any order
     * @param flux            data flux at those wavelengths (NaN allowed)
     * @param fluxError       1σ of {@code flux} (NaN allowed), or null to estimate the noise from the data
     * @param modelFlux       model binned onto the same wavelengths (NaN allowed)
     * @param micronsPerPixel |dλ/dx| of order 1 (µm per pixel), to express the shift in pixels
     * @return the shift and its diagnostics
     * @throws IllegalArgumentException if fewer valid samples remain than the filter needs
     */
    public static WavelengthShift measure(double[] wavelength, double[] flux, double[] fluxError, double[] modelFlux,
                                          double micronsPerPixel) {
        if (wavelength.length != flux.length || flux.length != modelFlux.length
                || (fluxError != null && fluxError.length != flux.length)) {
            throw new IllegalArgumentException("wavelength, flux, error and model differ in length");
        }
        double[][] v = validSorted(wavelength, flux, fluxError, modelFlux);
        double[] w = v[0];
        double[] d = v[1];
        double[] e = v[2];
        double[] m = v[3];
        int n = w.length;
        if (n < 64) {
            throw new IllegalArgumentException("only " + n + " valid samples to cross-correlate");
        }
        double step = NanStats.nanmedian(diff(w));
        Butterworth.Coefficients hp = Butterworth.design(3, CUTOFF, Butterworth.Type.HIGH);
        double[] mHp = highPass(hp, m);
        double[] dHp = highPass(hp, d);
        Correlator corr = new Correlator(mHp);

        Correlator.Peak peak = corr.locate(dHp, Double.NaN);
        double norm = Math.sqrt(dot(dHp, dHp) * dot(mHp, mHp));
        double second = corr.secondPeak(peak) / peak.value();

        // Uncertainty: linear response of the peak to noise, δτ = −δc'(τ)/c''(τ) with δc' = h·T·F·δd (T the taper,
        // F the zero-phase filter). F is symmetric (filtfilt = R·B·R·B with Bᵀ = R·B·R; the end padding only acts
        // where the taper is ~0), so Var(δτ) = Σ σ_i²·(F·T·h)_i² / c''².
        double[] sigma = e != null ? e : constantNoise(d);
        double[] u = corr.slopeKernel(peak.lag());
        taper(u, TAPER_FRACTION);
        u = FiltFilt.apply(hp.b(), hp.a(), u);
        double var = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(sigma[i])) {
                var += sigma[i] * sigma[i] * u[i] * u[i];
            }
        }
        double curvature = corr.evaluate(peak.lag())[2];
        double sigmaLag = Math.sqrt(var) / Math.abs(curvature);

        double microns = -peak.lag() * step;
        double sigmaMicrons = sigmaLag * step;
        int wpx = Math.min(n - 1, WINDOW_PIXELS);
        int k0 = (int) Math.rint(peak.lag());
        double[] lags = new double[2 * wpx + 1];
        double[] window = new double[2 * wpx + 1];
        for (int j = -wpx; j <= wpx; j++) {
            lags[j + wpx] = -(k0 + j) * step / micronsPerPixel;
            window[j + wpx] = corr.integerLag(k0 + j);
        }
        return new WavelengthShift(microns, microns / micronsPerPixel, sigmaMicrons, sigmaMicrons / micronsPerPixel,
                -k0 * step, peak.value() / norm, second, lags, window, w, dHp, mHp);
    }

    /** Filter, then taper. */
    private static double[] highPass(Butterworth.Coefficients hp, double[] x) {
        double[] y = FiltFilt.apply(hp.b(), hp.a(), x);
        taper(y, TAPER_FRACTION);
        return y;
    }

    /**
     * The cross-correlation of any data vector with one (high-passed) model, through the model's FFT, and its
     * band-limited interpolant c(τ) = (1/N)·Σ_k C_k·e^{2πikτ/N} over the symmetric frequencies.
     */
    static final class Correlator {
        private final int n;
        private final int size;
        private final Complex[] modelConj;
        private final FastFourierTransformer fft = new FastFourierTransformer(DftNormalization.STANDARD);
        private double[] re;
        private double[] im;
        private double[] c;

        record Peak(double lag, double value) {
        }

        Correlator(double[] model) {
            n = model.length;
            size = Integer.highestOneBit(2 * n - 1) << 1;
            Complex[] mf = fft.transform(Arrays.copyOf(model, size), TransformType.FORWARD);
            modelConj = new Complex[size];
            for (int k = 0; k < size; k++) {
                modelConj[k] = mf[k].conjugate();
            }
        }

        /**
         * The peak for data {@code d}: the first integer argmax over all lags (or, given {@code near}, within ±2 px
         * of it), refined on the interpolant.
         */
        Peak locate(double[] d, double near) {
            Complex[] df = fft.transform(Arrays.copyOf(d, size), TransformType.FORWARD);
            re = new double[size];
            im = new double[size];
            for (int k = 0; k < size; k++) {
                Complex p = df[k].multiply(modelConj[k]);
                re[k] = p.getReal();
                im[k] = p.getImaginary();
            }
            Complex[] cc = fft.transform(toComplex(re, im), TransformType.INVERSE);
            c = new double[size];
            for (int k = 0; k < size; k++) {
                c[k] = cc[k].getReal();
            }
            int lo = -(n - 1);
            int hi = n - 1;
            if (!Double.isNaN(near)) {
                lo = Math.max(lo, (int) Math.rint(near) - 2);
                hi = Math.min(hi, (int) Math.rint(near) + 2);
            }
            int best = lo;
            for (int l = lo + 1; l <= hi; l++) {
                if (integerLag(l) > integerLag(best)) {
                    best = l;
                }
            }
            return refine(best);
        }

        /** c at an integer lag (from the last {@link #locate}). */
        double integerLag(int lag) {
            return Math.abs(lag) >= n ? 0.0 : c[Math.floorMod(lag, size)];
        }

        /** Largest local maximum of c more than {@value #PEAK_EXCLUSION} px from the main peak (0 if none). */
        double secondPeak(Peak main) {
            double best = 0;
            int k0 = (int) Math.rint(main.lag());
            for (int l = -(n - 2); l <= n - 2; l++) {
                if (Math.abs(l - k0) <= PEAK_EXCLUSION) {
                    continue;
                }
                double v = integerLag(l);
                if (v > integerLag(l - 1) && v >= integerLag(l + 1) && v > best) {
                    best = v;
                }
            }
            return best;
        }

        /** Newton's method on c'(τ) = 0 from the integer peak, kept within ±1; bisection on c' if it strays. */
        private Peak refine(int k) {
            double a = k - 1.0;
            double b = k + 1.0;
            double tau = k;
            for (int it = 0; it < 50; it++) {
                double[] v = evaluate(tau);
                double next = v[2] < 0 ? tau - v[1] / v[2] : Double.NaN;
                if (v[1] > 0) {
                    a = Math.max(a, tau);
                } else {
                    b = Math.min(b, tau);
                }
                if (!(next > a && next < b)) {
                    next = 0.5 * (a + b);
                }
                if (Math.abs(next - tau) < 1e-10) {
                    tau = next;
                    break;
                }
                tau = next;
            }
            return new Peak(tau, evaluate(tau)[0]);
        }

        /**
         * h with c'(τ) = Σ_i h[i]·d[i] for the data d of the last {@link #locate}: c(τ) = Σ_i d[i]·m̃(i − τ) with m̃
         * the band-limited interpolant of the model, so h[i] = −m̃'(i − τ), one inverse FFT of −iω·M·e^{−iωτ}.
         */
        double[] slopeKernel(double tau) {
            Complex[] g = new Complex[size];
            int half = size / 2;
            for (int k = 0; k < size; k++) {
                int kk = k <= half ? k : k - size;
                double w = 2 * Math.PI * kk / size;
                if (k == half) {
                    g[k] = Complex.ZERO; // the Nyquist term has no well-defined derivative; it carries ~no power
                    continue;
                }
                Complex m = modelConj[k].conjugate();
                double ph = -w * tau;
                // −iω·M·e^{iφ}
                g[k] = m.multiply(new Complex(Math.cos(ph), Math.sin(ph))).multiply(new Complex(0, -w));
            }
            Complex[] r = fft.transform(g, TransformType.INVERSE);
            double[] h = new double[n];
            for (int i = 0; i < n; i++) {
                h[i] = r[i].getReal();
            }
            return h;
        }

        /** {c(τ), c'(τ), c''(τ)} of the trigonometric interpolant. */
        double[] evaluate(double tau) {
            int half = size / 2;
            double w1 = 2 * Math.PI / size;
            double cosStep = Math.cos(w1 * tau);
            double sinStep = Math.sin(w1 * tau);
            double zr = 1;
            double zi = 0;
            double v = re[0];
            double d1 = 0;
            double d2 = 0;
            for (int k = 1; k < half; k++) {
                double nr = zr * cosStep - zi * sinStep;
                zi = zr * sinStep + zi * cosStep;
                zr = nr;
                // Re(C e^{iωτ}) and Re(iω C e^{iωτ}) for C = re + i·im
                double real = re[k] * zr - im[k] * zi;
                double imag = re[k] * zi + im[k] * zr;
                double wk = w1 * k;
                v += 2 * real;
                d1 += -2 * wk * imag;
                d2 += -2 * wk * wk * real;
            }
            double nyq = re[half];
            v += nyq * Math.cos(Math.PI * tau);
            d1 += -nyq * Math.PI * Math.sin(Math.PI * tau);
            d2 += -nyq * Math.PI * Math.PI * Math.cos(Math.PI * tau);
            return new double[] {v / size, d1 / size, d2 / size};
        }

        private static Complex[] toComplex(double[] re, double[] im) {
            Complex[] out = new Complex[re.length];
            for (int k = 0; k < re.length; k++) {
                out[k] = new Complex(re[k], im[k]);
            }
            return out;
        }
    }

    /** σ from the point-to-point scatter: 1.4826·MAD of d[i] − ½(d[i−1] + d[i+1]), divided by √1.5. */
    static double[] constantNoise(double[] d) {
        double[] r = new double[d.length - 2];
        for (int i = 1; i < d.length - 1; i++) {
            r[i - 1] = Math.abs(d[i] - 0.5 * (d[i - 1] + d[i + 1]));
        }
        double s = 1.4826 * NanStats.medianInPlace(r, r.length) / Math.sqrt(1.5);
        double[] out = new double[d.length];
        Arrays.fill(out, s);
        return out;
    }

    /** Sorted by wavelength, samples with a NaN wavelength, data or model dropped: {w, d, err (or null), m}. */
    private static double[][] validSorted(double[] w, double[] f, double[] e, double[] mf) {
        int[] idx = IntStream.range(0, w.length)
                .filter(i -> !Double.isNaN(w[i]) && !Double.isNaN(f[i]) && !Double.isNaN(mf[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> w[i])).mapToInt(Integer::intValue).toArray();
        double[][] out = new double[4][idx.length];
        for (int j = 0; j < idx.length; j++) {
            out[0][j] = w[idx[j]];
            out[1][j] = f[idx[j]];
            out[2][j] = e == null ? Double.NaN : e[idx[j]];
            out[3][j] = mf[idx[j]];
        }
        if (e == null) {
            out[2] = null;
        }
        return out;
    }

    /** Multiplies the first and last fraction·n samples by a raised-cosine ramp (Tukey window). */
    static void taper(double[] v, double fraction) {
        int n = v.length;
        int len = (int) Math.round(fraction * n);
        for (int i = 0; i < len; i++) {
            double w = 0.5 * (1 - Math.cos(Math.PI * (i + 0.5) / len));
            v[i] *= w;
            v[n - 1 - i] *= w;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] diff(double[] v) {
        double[] d = new double[v.length - 1];
        for (int i = 0; i < d.length; i++) {
            d[i] = v[i + 1] - v[i];
        }
        return d;
    }
}
