package io.sossstream.trace;

/**
 * A polynomial in the scaled variable {@code u = (x − centre) / scale}: {@code p(x) = Σ c[k]·u^k}.
 * Scaling keeps the Vandermonde matrix well conditioned (x^11 for x = 2047 is about 1e36).
 *
 * @param coefficients c[0..degree], increasing powers of u
 * @param centre       x mapped to u = 0
 * @param scale        x distance mapped to |u| = 1
 */
public record Polynomial(double[] coefficients, double centre, double scale) {

    public int degree() {
        return coefficients.length - 1;
    }

    /** p(x) by Horner's rule. */
    public double value(double x) {
        double u = (x - centre) / scale;
        double v = 0;
        for (int k = coefficients.length - 1; k >= 0; k--) {
            v = v * u + coefficients[k];
        }
        return v;
    }

    /** p(x) for x = 0, 1, …, n−1 (detector columns). */
    public double[] valuesAtColumns(int n) {
        double[] out = new double[n];
        for (int x = 0; x < n; x++) {
            out[x] = value(x);
        }
        return out;
    }
}
