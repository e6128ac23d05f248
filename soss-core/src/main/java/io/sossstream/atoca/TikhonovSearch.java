package io.sossstream.atoca;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Choice of the Tikhonov factor α (jwst 3.0 {@code soss_extract}; spec §5 "Choosing α").
 *
 * <p>Each tested α gives a spectrum and the normalised residuals r of the used pixels, scored by the reduced χ²
 * with Cauchy loss, χ² = mean(ln(1 + r²)). Ten factors log-spaced over [α₀·10^{lo}, α₀·10^{hi}] are tested; a
 * modified-Akima interpolant of χ² against log₁₀ α gives dχ²/dlog₁₀ α everywhere, and the factor is the smallest α
 * where that derivative exceeds 10⁻³ (regularising more starts to degrade the fit). The search is refined three
 * times, each time testing two more factors, one on each side of the current crossing, at half the previous
 * distance (the first at half the coarse spacing), and locating the crossing again on all the factors tested.
 *
 * <p>The crossing is thus located on the χ² curve itself rather than on a fixed grid of tested factors. The
 * pre-3.0 search this replaces (10 coarse factors compared by three criteria, then 20 factors over ±2 decades with
 * each finite-difference derivative placed on the right-hand factor of its pair and a linear crossing) returned
 * factors 13–27 % above jwst 3.0.0's on its WASP-39 oracle, whose factors sit on the crossing of the χ² curve.
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

    /** Refinement rounds after the coarse pass, each testing two more factors. */
    static final int REFINEMENTS = 3;
    /** Factors of the coarse pass. */
    static final int COARSE_FACTORS = 10;

    /** The search around {@code guess}, over decades [logLo, logHi] of it first. */
    public static double search(NormalEquations ne, double[] data, double guess, double logLo, double logHi) {
        double lg = Math.log10(guess);
        TreeMap<Double, Double> chi2 = new TreeMap<>();
        double[] coarse = logspace(lg + logLo, lg + logHi, COARSE_FACTORS);
        add(chi2, test(ne, coarse, data));
        double step = (logHi - logLo) / (COARSE_FACTORS - 1);
        double x = crossing(chi2);
        LOG.fine("coarse Tikhonov factor " + Math.pow(10, x));
        for (int r = 0; r < REFINEMENTS; r++) {
            step /= 2;
            add(chi2, test(ne, new double[] {Math.pow(10, x - step), Math.pow(10, x + step)}, data));
            x = crossing(chi2);
        }
        return Math.pow(10, x);
    }

    private static void add(TreeMap<Double, Double> chi2, Tests t) {
        for (int i = 0; i < t.factors().length; i++) {
            if (Double.isFinite(t.chi2Cauchy()[i])) {
                chi2.put(Math.log10(t.factors()[i]), t.chi2Cauchy()[i]);
            }
        }
    }

    /**
     * log₁₀ of the smallest factor where the modified-Akima derivative of χ²(log₁₀ α) exceeds the threshold; the
     * smallest tested factor if it already does there, the largest if it never does.
     */
    static double crossing(NavigableMap<Double, Double> chi2) {
        int n = chi2.size();
        double[] x = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (Map.Entry<Double, Double> e : chi2.entrySet()) {
            x[k] = e.getKey();
            y[k] = e.getValue();
            k++;
        }
        if (n < 2) {
            return x[0];
        }
        Makima m = new Makima(x, y);
        if (m.derivative(x[0]) - D_CHI2_THRESHOLD > 0) {
            return x[0];
        }
        int samples = 64;
        for (int i = 0; i + 1 < n; i++) {
            double a = x[i];
            double fa = m.derivative(a) - D_CHI2_THRESHOLD;
            for (int s = 1; s <= samples; s++) {
                double b = s == samples ? x[i + 1] : x[i] + (x[i + 1] - x[i]) * s / samples;
                double fb = m.derivative(b) - D_CHI2_THRESHOLD;
                if (fa <= 0 && fb > 0) {
                    for (int it = 0; it < 60; it++) {
                        double c = 0.5 * (a + b);
                        if (m.derivative(c) - D_CHI2_THRESHOLD > 0) {
                            b = c;
                        } else {
                            a = c;
                        }
                    }
                    return 0.5 * (a + b);
                }
                a = b;
                fa = fb;
            }
        }
        return x[n - 1];
    }

    static double[] logspace(double a, double b, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double e = i == n - 1 ? b : a + i * (b - a) / (n - 1);
            out[i] = Math.pow(10, e);
        }
        return out;
    }
}
