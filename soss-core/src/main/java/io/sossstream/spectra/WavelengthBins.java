package io.sossstream.spectra;

/**
 * Wavelength bins around bin centres, with the rule of {@code spectres.make_bins}: inner edges at the midpoints
 * between neighbouring centres, the outer edges mirrored (first edge = λ₀ − (λ₁ − λ₀)/2, last edge
 * = λₙ₋₁ + (λₙ₋₁ − λₙ₋₂)/2). Used for exoTEDRF's {@code Wave Err} and for the flux-conserving rebinning of the
 * stellar model, so the rule lives only here.
 */
public final class WavelengthBins {
    private WavelengthBins() {
    }

    /** The n + 1 bin edges of n ≥ 2 centres (monotonic in either direction). */
    public static double[] edges(double[] centres) {
        int n = requireTwo(centres);
        double[] e = new double[n + 1];
        e[0] = centres[0] - (centres[1] - centres[0]) / 2;
        e[n] = centres[n - 1] + (centres[n - 1] - centres[n - 2]) / 2;
        for (int i = 1; i < n; i++) {
            e[i] = (centres[i] + centres[i - 1]) / 2;
        }
        return e;
    }

    /**
     * The n bin widths (signed; negative for decreasing centres) as {@code make_bins} returns them:
     * widths[i] = edges[i+1] − edges[i], except the last, λₙ₋₁ − λₙ₋₂ (the same number up to rounding).
     */
    public static double[] widths(double[] centres) {
        int n = requireTwo(centres);
        double[] e = edges(centres);
        double[] w = new double[n];
        for (int i = 0; i < n - 1; i++) {
            w[i] = e[i + 1] - e[i];
        }
        w[n - 1] = centres[n - 1] - centres[n - 2];
        return w;
    }

    /**
     * exoTEDRF's {@code Wave Err}: |width| / 2 per centre. NaN centres (order-2 columns off the trace) keep a NaN
     * error; {@code make_bins} is applied to each run of consecutive finite centres separately, so unlike
     * exoTEDRF the finite neighbour of a NaN gets a mirrored edge instead of NaN. A run of one finite centre has
     * no width (NaN).
     */
    public static double[] halfWidths(double[] centres) {
        int n = centres.length;
        double[] out = new double[n];
        int i = 0;
        while (i < n) {
            if (!Double.isFinite(centres[i])) {
                out[i++] = Double.NaN;
                continue;
            }
            int start = i;
            while (i < n && Double.isFinite(centres[i])) {
                i++;
            }
            if (i - start < 2) {
                out[start] = Double.NaN;
                continue;
            }
            double[] run = java.util.Arrays.copyOfRange(centres, start, i);
            double[] w = widths(run);
            for (int k = 0; k < w.length; k++) {
                out[start + k] = Math.abs(w[k]) / 2;
            }
        }
        return out;
    }

    private static int requireTwo(double[] centres) {
        if (centres.length < 2) {
            throw new IllegalArgumentException("wavelength bins need at least 2 centres, got " + centres.length);
        }
        return centres.length;
    }
}
