package io.sossstream.calibrate;

/**
 * Digital Butterworth filter design with scipy's {@code butter(N, Wn, btype)} semantics (output 'ba'):
 * the analog prototype's poles on the unit circle, the low-pass/high-pass frequency transform at the
 * prewarped cut-off, the bilinear transform (sampling frequency 2, so Wn is a fraction of Nyquist), and the
 * expansion of zeros and poles into polynomial coefficients.
 */
public final class Butterworth {

    /** Filter kind, as scipy's {@code btype}. */
    public enum Type { LOW, HIGH }

    /**
     * Transfer function {@code H(z) = Σ b[k] z^-k / Σ a[k] z^-k} with {@code a[0] = 1}.
     *
     * @param b numerator coefficients
     * @param a denominator coefficients
     */
    public record Coefficients(double[] b, double[] a) {
    }

    /** The bilinear transform's 2·fs with scipy's digital-design fs = 2. */
    private static final double FS2 = 4.0;

    private Butterworth() {
    }

    /**
     * Designs an order-{@code n} digital Butterworth filter.
     *
     * @param n    filter order (≥ 1)
     * @param wn   cut-off as a fraction of the Nyquist frequency, 0 &lt; wn &lt; 1
     * @param type low-pass or high-pass
     * @return b/a coefficients, each of length n + 1
     */
    public static Coefficients design(int n, double wn, Type type) {
        if (n < 1 || !(wn > 0 && wn < 1)) {
            throw new IllegalArgumentException("need order >= 1 and 0 < Wn < 1, got " + n + ", " + wn);
        }
        // Analog prototype: no zeros, poles -exp(iπm/(2n)) for m = -n+1, -n+3, …, n-1; gain 1.
        double[] pRe = new double[n];
        double[] pIm = new double[n];
        for (int k = 0; k < n; k++) {
            int m = -n + 1 + 2 * k;
            double phi = Math.PI * m / (2.0 * n);
            pRe[k] = -Math.cos(phi);
            pIm[k] = -Math.sin(phi);
        }
        double warped = FS2 * Math.tan(Math.PI * wn / 2.0);
        double gain;
        double zeroAnalog; // every analog zero sits here after the transform (none for low-pass: at ∞)
        if (type == Type.LOW) {
            for (int k = 0; k < n; k++) {
                pRe[k] *= warped;
                pIm[k] *= warped;
            }
            gain = Math.pow(warped, n);
            zeroAnalog = Double.POSITIVE_INFINITY;
        } else {
            // s → wo/s: poles become wo/p; n zeros at the origin; gain k·Re(1/Π(-p)) = 1 for the prototype.
            double[] prodRe = {1.0};
            double[] prodIm = {0.0};
            for (int k = 0; k < n; k++) {
                double d = pRe[k] * pRe[k] + pIm[k] * pIm[k];
                double re = warped * pRe[k] / d;
                double im = -warped * pIm[k] / d;
                multiply(prodRe, prodIm, -pRe[k], -pIm[k]);
                pRe[k] = re;
                pIm[k] = im;
            }
            double d = prodRe[0] * prodRe[0] + prodIm[0] * prodIm[0];
            gain = prodRe[0] / d; // Re(1 / Π(-p))
            zeroAnalog = 0.0;
        }
        // Bilinear transform: z = (4 + s)/(4 - s); zeros at infinity map to z = -1.
        double[] zRe = new double[n];
        double[] zIm = new double[n];
        double[] numRe = {1.0};
        double[] numIm = {0.0};
        double[] denRe = {1.0};
        double[] denIm = {0.0};
        for (int k = 0; k < n; k++) {
            if (Double.isInfinite(zeroAnalog)) {
                zRe[k] = -1.0;
            } else {
                zRe[k] = (FS2 + zeroAnalog) / (FS2 - zeroAnalog);
                numRe[0] *= FS2 - zeroAnalog;
            }
            multiply(denRe, denIm, FS2 - pRe[k], -pIm[k]);
            double[] q = divide(FS2 + pRe[k], pIm[k], FS2 - pRe[k], -pIm[k]);
            pRe[k] = q[0];
            pIm[k] = q[1];
        }
        double ratioRe = divide(numRe[0], numIm[0], denRe[0], denIm[0])[0];
        double kz = gain * ratioRe;
        double[] b = polyReal(zRe, zIm);
        double[] a = polyReal(pRe, pIm);
        for (int i = 0; i < b.length; i++) {
            b[i] *= kz;
        }
        return new Coefficients(b, a);
    }

    /** acc ← acc·(re + i·im), acc held in one-element arrays. */
    private static void multiply(double[] accRe, double[] accIm, double re, double im) {
        double r = accRe[0] * re - accIm[0] * im;
        double i = accRe[0] * im + accIm[0] * re;
        accRe[0] = r;
        accIm[0] = i;
    }

    private static double[] divide(double aRe, double aIm, double bRe, double bIm) {
        double d = bRe * bRe + bIm * bIm;
        return new double[] {(aRe * bRe + aIm * bIm) / d, (aIm * bRe - aRe * bIm) / d};
    }

    /** Real part of the coefficients of Π(z - root), highest power first (numpy {@code poly}). */
    private static double[] polyReal(double[] rootRe, double[] rootIm) {
        int n = rootRe.length;
        double[] cRe = new double[n + 1];
        double[] cIm = new double[n + 1];
        cRe[0] = 1.0;
        for (int k = 0; k < n; k++) {
            for (int j = k + 1; j >= 1; j--) {
                double re = cRe[j] - (cRe[j - 1] * rootRe[k] - cIm[j - 1] * rootIm[k]);
                double im = cIm[j] - (cRe[j - 1] * rootIm[k] + cIm[j - 1] * rootRe[k]);
                cRe[j] = re;
                cIm[j] = im;
            }
        }
        return cRe;
    }
}
