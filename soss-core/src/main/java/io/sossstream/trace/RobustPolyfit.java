package io.sossstream.trace;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;

/**
 * APPLESOSS {@code robust_polyfit}: polynomial least squares with iterative 3σ clipping, then a Huber fit.
 *
 * <ol>
 *   <li>Drop points with non-finite x or y.</li>
 *   <li>{@value #CLIP_PASSES} passes: least-squares fit on the kept points; residuals of <b>all</b> points;
 *       keep {@code |r| ≤ 3·std(r)} (ddof = 0).</li>
 *   <li>Huber loss with {@code f_scale} = {@value #HUBER_SCALE} on the final kept points, started from the last
 *       least-squares fit, solved by iteratively reweighted least squares (weights 1 where |r| ≤ 0.1, else
 *       0.1/|r|).</li>
 * </ol>
 * With {@link Clipping#MAD} the clipping scale is 1.4826·MAD of the residuals instead of their standard deviation:
 * the standard deviation of all residuals is inflated by the very outliers it should reject, so a block of a few
 * hundred columns that locked onto another order survives every pass (spec §1, defect); the MAD does not move.
 *
 * <p>Fits are done by QR on the Vandermonde matrix of the scaled variable (see {@link Polynomial}). The original
 * uses {@code np.polyfit} and scipy's {@code least_squares}; for degree 11 scipy stops before the Huber optimum,
 * so order-1 traces differ from it by ≲ 0.02 px (spec §1).
 */
public final class RobustPolyfit {
    /** Centre and half-range of the detector columns 0…2047: x′ = (x − 1023.5) / 1023.5. */
    public static final double COLUMN_CENTRE = 1023.5;

    static final int CLIP_PASSES = 5;
    static final double CLIP_NSIGMA = 3.0;
    static final double HUBER_SCALE = 0.1;
    private static final int IRLS_MAX_ITER = 200;
    private static final double IRLS_TOL = 1e-12;

    /** Scale of the residuals that the {@value #CLIP_NSIGMA}σ clipping uses. */
    public enum Clipping {
        /** np.std of all residuals, as APPLESOSS. */
        STD,
        /** 1.4826 × median |residual − median residual| (a Gaussian σ, robust to outliers). */
        MAD
    }

    private RobustPolyfit() {
    }

    /** {@link #fit(double[], double[], int, double, double)} on detector columns (centre = scale = 1023.5). */
    public static Polynomial fitColumns(double[] x, double[] y, int degree) {
        return fit(x, y, degree, COLUMN_CENTRE, COLUMN_CENTRE, Clipping.STD);
    }

    /** {@link #fitColumns(double[], double[], int)} with a chosen clipping scale. */
    public static Polynomial fitColumns(double[] x, double[] y, int degree, Clipping clipping) {
        return fit(x, y, degree, COLUMN_CENTRE, COLUMN_CENTRE, clipping);
    }

    /** {@link #fit(double[], double[], int, double, double)} scaled to the range of the finite x. */
    public static Polynomial fit(double[] x, double[] y, int degree) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                lo = Math.min(lo, x[i]);
                hi = Math.max(hi, x[i]);
            }
        }
        double half = 0.5 * (hi - lo);
        return fit(x, y, degree, 0.5 * (lo + hi), half > 0 ? half : 1.0, Clipping.STD);
    }

    /**
     * The robust fit (clipping then Huber) of y against x.
     *
     * @throws IllegalArgumentException if fewer than degree + 1 finite points remain
     */
    public static Polynomial fit(double[] x, double[] y, int degree, double centre, double scale) {
        return fit(x, y, degree, centre, scale, Clipping.STD);
    }

    /** The robust fit with a chosen clipping scale. */
    public static Polynomial fit(double[] x, double[] y, int degree, double centre, double scale, Clipping clipping) {
        double[][] finite = finitePairs(x, y);
        double[] xs = finite[0];
        double[] ys = finite[1];
        int n = xs.length;
        if (n <= degree) {
            throw new IllegalArgumentException("robust_polyfit of degree " + degree + " needs at least "
                    + (degree + 1) + " finite points, got " + n);
        }
        double[][] vander = vandermonde(xs, degree, centre, scale);
        boolean[] keep = new boolean[n];
        java.util.Arrays.fill(keep, true);
        double[] weights = new double[n];
        double[] res = new double[n];
        double[] coef = null;
        for (int pass = 0; pass < CLIP_PASSES; pass++) {
            for (int i = 0; i < n; i++) {
                weights[i] = keep[i] ? 1.0 : 0.0;
            }
            coef = weightedLeastSquares(vander, ys, weights);
            residuals(vander, ys, coef, res);
            double limit = CLIP_NSIGMA * (clipping == Clipping.MAD ? madSigma(res) : std(res));
            boolean[] next = new boolean[n];
            int kept = 0;
            for (int i = 0; i < n; i++) {
                next[i] = Math.abs(res[i]) <= limit;
                kept += next[i] ? 1 : 0;
            }
            if (kept <= degree) {
                break; // numpy would fit an underdetermined system here; keep the last usable mask instead
            }
            keep = next;
        }
        coef = huber(vander, ys, keep, coef, res, weights);
        return new Polynomial(coef, centre, scale);
    }

    /** Plain least-squares polynomial (np.polyfit) of the finite points, on the scaled variable. */
    public static Polynomial leastSquares(double[] x, double[] y, int degree, double centre, double scale) {
        double[][] finite = finitePairs(x, y);
        double[] w = new double[finite[0].length];
        java.util.Arrays.fill(w, 1.0);
        double[][] vander = vandermonde(finite[0], degree, centre, scale);
        return new Polynomial(weightedLeastSquares(vander, finite[1], w), centre, scale);
    }

    /** IRLS for the Huber loss on the kept points, from {@code start}. */
    private static double[] huber(double[][] vander, double[] ys, boolean[] keep, double[] start,
                                  double[] res, double[] weights) {
        double[] coef = start;
        for (int iter = 0; iter < IRLS_MAX_ITER; iter++) {
            residuals(vander, ys, coef, res);
            for (int i = 0; i < ys.length; i++) {
                double a = Math.abs(res[i]);
                weights[i] = !keep[i] ? 0.0 : (a <= HUBER_SCALE ? 1.0 : HUBER_SCALE / a);
            }
            double[] next = weightedLeastSquares(vander, ys, weights);
            double change = 0;
            double size = 0;
            for (int k = 0; k < coef.length; k++) {
                change = Math.max(change, Math.abs(next[k] - coef[k]));
                size = Math.max(size, Math.abs(next[k]));
            }
            coef = next;
            if (change <= IRLS_TOL * Math.max(1.0, size)) {
                break;
            }
        }
        return coef;
    }

    /** Minimises Σ w·(V c − y)² by QR of the √w-scaled rows (rows with w = 0 are left out). */
    private static double[] weightedLeastSquares(double[][] vander, double[] ys, double[] w) {
        int m = 0;
        for (double wi : w) {
            m += wi > 0 ? 1 : 0;
        }
        int cols = vander[0].length;
        double[][] a = new double[m][cols];
        double[] b = new double[m];
        int r = 0;
        for (int i = 0; i < ys.length; i++) {
            if (w[i] > 0) {
                double s = Math.sqrt(w[i]);
                for (int k = 0; k < cols; k++) {
                    a[r][k] = s * vander[i][k];
                }
                b[r++] = s * ys[i];
            }
        }
        return new QRDecomposition(new Array2DRowRealMatrix(a, false)).getSolver()
                .solve(new ArrayRealVector(b, false)).toArray();
    }

    private static double[][] vandermonde(double[] xs, int degree, double centre, double scale) {
        double[][] v = new double[xs.length][degree + 1];
        for (int i = 0; i < xs.length; i++) {
            double u = (xs[i] - centre) / scale;
            double p = 1;
            for (int k = 0; k <= degree; k++) {
                v[i][k] = p;
                p *= u;
            }
        }
        return v;
    }

    /** res = y − V c. */
    private static void residuals(double[][] vander, double[] ys, double[] coef, double[] res) {
        for (int i = 0; i < ys.length; i++) {
            double f = 0;
            for (int k = 0; k < coef.length; k++) {
                f += vander[i][k] * coef[k];
            }
            res[i] = ys[i] - f;
        }
    }

    /** 1.4826 · median |a − median(a)|. */
    static double madSigma(double[] a) {
        double[] w = a.clone();
        double med = io.sossstream.stats.NanStats.medianInPlace(w, w.length);
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.abs(a[i] - med);
        }
        return 1.4826 * io.sossstream.stats.NanStats.medianInPlace(w, w.length);
    }

    /** Population standard deviation (np.std, ddof = 0). */
    private static double std(double[] a) {
        double m = 0;
        for (double v : a) {
            m += v;
        }
        m /= a.length;
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / a.length);
    }

    private static double[][] finitePairs(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " points, y " + y.length);
        }
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                n++;
            }
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        int j = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xs[j] = x[i];
                ys[j++] = y[i];
            }
        }
        return new double[][] {xs, ys};
    }
}
