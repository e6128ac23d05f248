package io.sossstream.atoca;

import java.util.Arrays;
import java.util.logging.Logger;

/**
 * Choice of the Tikhonov factor α (jwst {@code _do_tiktests}, {@code TikhoTests.best_factor}).
 *
 * <p>Each tested α gives a spectrum and the normalised residuals r of the used pixels, scored by the reduced χ²
 * with Cauchy loss, χ² = mean(ln(1 + r²)). A coarse pass tests 10 factors log-spaced over
 * [α₀·10^{lo}, α₀·10^{hi}] and picks a factor by comparing three criteria ("all": the χ² minimum, the L-curve
 * curvature minimum and the dχ²/dlog α threshold); a fine pass tests 20 factors over ±2 decades around it and
 * keeps the dχ²/dlog α rule: the largest α whose χ² is still flat, dχ²/dlog₁₀ α &lt; 10⁻³ (linear
 * interpolation of the crossing). Regularising more than that starts to degrade the fit.
 */
public final class TikhonovSearch {
    private static final Logger LOG = Logger.getLogger(TikhonovSearch.class.getName());
    /** dχ²/dlog₁₀α threshold of the Cauchy χ² (jwst DEFAULT_THRESH_DERIVATIVE['chi2_cauchy']). */
    static final double D_CHI2_THRESHOLD = 1e-3;

    /** Results of testing factors (sorted by increasing factor). */
    public record Tests(double[] factors, double[] chi2, double[] chi2Cauchy, double[] reg2) {
    }

    private TikhonovSearch() {
    }

    /** The initial guess α₀ = sqrt(N_pixels / ‖D·f_est‖²) from an estimate of the spectrum on the grid. */
    public static double initialGuess(NormalEquations ne, double[] estimateOnGrid) {
        double reg = 0;
        double[] g = ne.engine.grid;
        for (int k = 0; k + 1 < g.length; k++) {
            double d = (estimateOnGrid[k + 1] - estimateOnGrid[k]) / (g[k + 1] - g[k]);
            if (Double.isFinite(d)) {
                reg += d * d;
            }
        }
        return Math.sqrt(ne.engine.usedPixels() / reg);
    }

    /** Tests factors on one data set. */
    public static Tests test(NormalEquations ne, double[] factors, double[] data) {
        int nf = factors.length;
        double[] chi2 = new double[nf];
        double[] cauchy = new double[nf];
        double[] reg = new double[nf];
        for (int i = 0; i < nf; i++) {
            double[] f = ne.factor(factors[i]).solve(data);
            double[] r = ne.residuals(f, data);
            double s = 0;
            double c = 0;
            int n = 0;
            for (double v : r) {
                if (Double.isFinite(v)) {
                    double z = v * v;
                    s += z;
                    c += Math.log1p(z);
                    n++;
                }
            }
            chi2[i] = s / n;
            cauchy[i] = c / n;
            reg[i] = ne.regularisationNorm(f);
        }
        return new Tests(factors.clone(), chi2, cauchy, reg);
    }

    /** The coarse-then-fine search around {@code guess}, over decades [logLo, logHi] first. */
    public static double search(NormalEquations ne, double[] data, double guess, double logLo, double logHi) {
        double lg = Math.log10(guess);
        Tests coarse = test(ne, logspace(lg + logLo, lg + logHi, 10), data);
        double best = bestAll(coarse);
        LOG.fine("coarse Tikhonov factor " + best);
        double lb = Math.log10(best);
        Tests fine = test(ne, logspace(lb - 2, lb + 2, 20), data);
        return bestDChi2(fine);
    }

    static double[] logspace(double a, double b, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double e = i == n - 1 ? b : a + i * (b - a) / (n - 1);
            out[i] = Math.pow(10, e);
        }
        return out;
    }

    /** jwst's "all" mode: compare the chi2, curvature and d_chi2 factors. */
    static double bestAll(Tests t) {
        double curvature = bestCurvature(t);
        double chi2 = minimizeOnGrid(t.factors(), t.chi2Cauchy());
        double dChi2 = bestDChi2(t);
        if (curvature <= chi2 || dChi2 <= chi2) {
            return chi2;
        }
        return curvature < dChi2 ? curvature : dChi2;
    }

    /** Minimum of the L-curve curvature (log χ² against log ‖Df‖², finite differences in α; jwst's convention). */
    static double bestCurvature(Tests t) {
        double[] f = t.factors();
        int n = f.length;
        if (n <= 2) {
            return f[n - 1];
        }
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.log10(t.reg2()[i]);       // jwst passes log χ² and log reg² in swapped roles
            b[i] = Math.log10(t.chi2Cauchy()[i]);
        }
        double[][] da = derivatives(f, a);
        double[][] db = derivatives(f, b);
        double[] curv = new double[n - 2];
        for (int i = 0; i < n - 2; i++) {
            double num = da[0][i] * db[1][i] - db[0][i] * da[1][i];
            double den = db[0][i] * db[0][i] + da[0][i] * da[0][i];
            curv[i] = 2 * num / Math.pow(den, 1.5);
        }
        return minimizeOnGrid(Arrays.copyOfRange(f, 1, n - 1), curv);
    }

    private static double[][] derivatives(double[] x, double[] y) {
        int n = x.length;
        double[] first = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            first[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
        }
        double[] mean = new double[n - 2];
        double[] second = new double[n - 2];
        for (int i = 0; i < n - 2; i++) {
            mean[i] = 0.5 * (first[i + 1] + first[i]);
            second[i] = 0.5 * (first[i + 1] - first[i]) / (x[i + 2] - x[i]);
        }
        return new double[][] {mean, second};
    }

    /** The factor where the Cauchy χ² starts to rise: dχ²/dlog₁₀α crosses the threshold. */
    static double bestDChi2(Tests t) {
        double[] f = t.factors();
        int n = f.length;
        if (n <= 1) {
            return f[n - 1];
        }
        double[] c = t.chi2Cauchy();
        double[] fac = new double[n - 1];
        double[] d = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            fac[i] = f[i + 1];
            d[i] = (c[i + 1] - c[i]) / (Math.log10(f[i + 1]) - Math.log10(f[i]));
        }
        // Drop the last point above the threshold and everything after it (jwst keeps d[0 : i_last]).
        int end = d.length;
        for (int i = d.length - 1; i >= 0; i--) {
            if (d[i] > D_CHI2_THRESHOLD) {
                end = i;
                break;
            }
        }
        double[] x = Arrays.copyOf(fac, end);
        double[] y = Arrays.copyOf(d, end);
        return intersect(x, y, D_CHI2_THRESHOLD);
    }

    private static double intersect(double[] factors, double[] y, double thresh) {
        int m = 0;
        double[] xs = new double[factors.length];
        double[] ys = new double[factors.length];
        for (int i = 0; i < factors.length; i++) {
            if (Double.isFinite(y[i])) {
                xs[m] = factors[i];
                ys[m] = y[i];
                m++;
            }
        }
        if (m == 0) {
            return factors.length > 0 ? factors[0] : Double.NaN;
        }
        int below = -1;
        for (int i = 0; i < m; i++) {
            if (ys[i] < thresh) {
                below = i;
            }
        }
        if (below < 0) {
            return xs[0];
        }
        if (below == m - 1) {
            return xs[below];
        }
        double x0 = Math.log10(xs[below]);
        double x1 = Math.log10(xs[below + 1]);
        double root = x0 + (thresh - ys[below]) * (x1 - x0) / (ys[below + 1] - ys[below]);
        return Math.pow(10, root);
    }

    /** Argmin over a grid of factors, refined by a makima fit in log α around the minimum (points −2 … +3). */
    static double minimizeOnGrid(double[] factors, double[] values) {
        int m = 0;
        double[] f = new double[factors.length];
        double[] v = new double[factors.length];
        for (int i = 0; i < factors.length; i++) {
            if (Double.isFinite(values[i])) {
                f[m] = factors[i];
                v[m] = values[i];
                m++;
            }
        }
        int iMin = 0;
        for (int i = 1; i < m; i++) {
            if (v[i] < v[iMin]) {
                iMin = i;
            }
        }
        if (iMin == 0 || iMin == m - 1) {
            return f[iMin];
        }
        int a = Math.max(iMin - 2, 0);
        int b = Math.min(iMin + 4, m);
        double[] lx = new double[b - a];
        double[] ly = new double[b - a];
        for (int i = a; i < b; i++) {
            lx[i - a] = Math.log10(f[i]);
            ly[i - a] = v[i];
        }
        return Math.pow(10, new Makima(lx, ly).argmin());
    }
}
