package io.sossstream.spectra;

/**
 * Bin edges of a spectrum from its bin centres, with the rule of {@code spectres.make_bins}: inner edges at
 * the midpoints between neighbouring centres, outer edges mirrored (the first/last bin as wide as twice the
 * distance from its centre to the inner edge). Works for increasing and decreasing centres (widths then
 * negative, as in the original).
 */
public final class WavelengthBins {
    private WavelengthBins() {
    }

    /**
     * @param centres at least 2 bin centres, monotonic
     * @return n + 1 edges
     */
    public static double[] edges(double[] centres) {
        int n = centres.length;
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 bin centres, got " + n);
        }
        double[] e = new double[n + 1];
        e[0] = centres[0] - (centres[1] - centres[0]) / 2;
        e[n] = centres[n - 1] + (centres[n - 1] - centres[n - 2]) / 2;
        for (int i = 1; i < n; i++) {
            e[i] = (centres[i] + centres[i - 1]) / 2;
        }
        return e;
    }

    /** Bin widths {@code edges[i+1] − edges[i]} (negative for decreasing centres). */
    public static double[] widths(double[] centres) {
        double[] e = edges(centres);
        double[] w = new double[centres.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = e[i + 1] - e[i];
        }
        return w;
    }
}
