package io.sossstream.atoca;

/**
 * Quadrature weights of one pixel over the wavelength grid (jwst {@code ExtractionEngine.get_w}): the exact
 * integral over the pixel's wavelength interval [λ⁻, λ⁺] of the piecewise-linear interpolant of a function known
 * on the grid, written as Σ_k w_k·f(g_k). Whole grid intervals inside the pixel give the trapezoid weights
 * (g_{k+1} − g_k)/2 to each end; the partial intervals at both pixel edges integrate the interpolant over the
 * covered fraction only. This is {@link AtocaOptions.PixelWeights#EXACT}; jwst's own rule, which differs when a pixel
 * edge falls inside a grid interval, is {@link JwstPixelWeights}.
 */
final class PixelIntegration {
    private PixelIntegration() {
    }

    /**
     * Adds the weights of pixel [minus, plus] to {@code out} as (grid index, weight) pairs through {@code sink}.
     * The pixel must lie inside [grid[lo], grid[hi − 1]].
     */
    static void weights(double[] grid, int lo, int hi, double minus, double plus, WeightSink sink) {
        // k0: last point ≤ λ⁻; k1: first point ≥ λ⁺.
        int k0 = WavelengthGrid.searchRight(grid, minus) - 1;
        int k1 = WavelengthGrid.searchLeft(grid, plus);
        k0 = Math.max(k0, lo);
        k1 = Math.min(k1, hi - 1);
        for (int k = k0; k < k1; k++) {
            double g0 = grid[k];
            double g1 = grid[k + 1];
            double d = g1 - g0;
            double u = Math.max(minus, g0);
            double v = Math.min(plus, g1);
            if (!(v > u)) {
                continue;
            }
            double wLeft;
            double wRight;
            if (u == g0 && v == g1) {
                wLeft = d / 2;
                wRight = d / 2;
            } else {
                wLeft = ((g1 - u) * (g1 - u) - (g1 - v) * (g1 - v)) / (2 * d);
                wRight = ((v - g0) * (v - g0) - (u - g0) * (u - g0)) / (2 * d);
            }
            sink.add(k, wLeft);
            sink.add(k + 1, wRight);
        }
    }

    /** Receives (grid index, weight) contributions; an index may come twice (shared interval ends). */
    interface WeightSink {
        void add(int k, double w);
    }
}
