package io.sossstream.atoca;

/**
 * Conjugate gradients on a symmetric matrix: the iterative fallback when the Cholesky factorisation of ATOCA's
 * normal matrix fails (jwst falls back from {@code spsolve} to {@code lsqr}).
 */
final class ConjugateGradient {
    private ConjugateGradient() {
    }

    /** x with A·x ≈ b to relative residual {@code tol}, or null if it does not converge or breaks down. */
    static double[] solve(EnvelopeMatrix a, double[] b, double tol, int maxIter) {
        int n = b.length;
        double[] x = new double[n];
        double[] r = b.clone();
        double[] p = b.clone();
        double rr = dot(r, r);
        double bb = rr;
        if (bb == 0) {
            return x;
        }
        for (int it = 0; it < maxIter; it++) {
            double[] ap = a.times(p);
            double pap = dot(p, ap);
            if (!(pap > 0) || !Double.isFinite(pap)) {
                return null;
            }
            double step = rr / pap;
            for (int i = 0; i < n; i++) {
                x[i] += step * p[i];
                r[i] -= step * ap[i];
            }
            double rrNew = dot(r, r);
            if (rrNew <= tol * tol * bb) {
                return x;
            }
            double beta = rrNew / rr;
            for (int i = 0; i < n; i++) {
                p[i] = r[i] + beta * p[i];
            }
            rr = rrNew;
        }
        return null;
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }
}
