package io.sossstream.atoca;

/**
 * The pixel quadrature weights exactly as jwst 3.0's {@code ExtractionEngine.get_w} computes them, index rule
 * included. jwst looks for the grid points of a pixel [λ⁻, λ⁺] with lo = (last point ≤ λ⁻) and hi = (last point
 * &lt; λ⁺), then takes k = lo … hi when λ⁻ is a grid point and k = lo − 1 … hi otherwise, and applies its
 * trapezoid formulas to those points. That equals {@link PixelIntegration}'s exact integral only when both pixel
 * edges lie on, or a rounding error above, grid points; a pixel edge strictly inside a grid interval (the
 * order-1-only estimate, whose grid is the pixel centres, and order-1 pixels on the order-2 edge grid of the
 * overlap) puts the weights one grid point to the blue and the red partial interval two points away.
 *
 * <p>jwst's own results (the adaptive grid it refines on its estimate, the Tikhonov factors it picks) are shaped
 * by this rule, so {@link AtocaModel} can use it to reproduce them; the default, {@link AtocaOptions.PixelWeights#JWST}.
 * Python's negative indices (−1 = last point of the order's grid part) are reproduced where the rule reaches
 * them, at the first pixels of an order.
 */
final class JwstPixelWeights {
    private JwstPixelWeights() {
    }

    /** Adds the weights of pixel [minus, plus] over grid[lo:hi] (absolute indices) to {@code sink}. */
    static void weights(double[] grid, int lo, int hi, double minus, double plus, PixelIntegration.WeightSink sink) {
        int m = hi - lo;
        int first = WavelengthGrid.searchRight(grid, minus) - 1 - lo;   // relative to the part, may be −1
        int last = WavelengthGrid.searchLeft(grid, plus) - 1 - lo;
        first = Math.min(Math.max(first, -1), m - 1);
        last = Math.min(Math.max(last, -1), m - 1);
        int kFirst = at(grid, lo, m, first) == minus ? first : first - 1;
        int kLast = last;
        int len = kLast - kFirst + 1;
        if (len < 2) {
            return; // jwst's formulas read past the pixel's row here; such pixels do not occur on its grids
        }
        int[] row = new int[len];
        int nk = 0;
        for (int p = 0; p < len; p++) {
            row[p] = kFirst + p;
            if (row[p] != -1) {
                nk++;
            }
        }
        if (nk < 2) {
            return;
        }
        double[] w = new double[len];
        w[0] = at(grid, lo, m, row[1]) - minus;
        w[nk - 1] = plus - at(grid, lo, m, row[nk - 2]);
        if (nk == 2) {
            if (row[0] != first) {
                w[1] += minus - at(grid, lo, m, row[0]);
            }
            if (row[1] != last) {
                w[0] += at(grid, lo, m, row[1]) - plus;
            }
            double scale = (plus - minus) / step(grid, lo, m, row[0]);
            w[0] *= scale;
            w[1] *= scale;
        } else {
            w[1] = at(grid, lo, m, row[1]) - minus;
            w[nk - 2] += plus - at(grid, lo, m, row[nk - 2]);
            if (row[0] != first) {
                double n1 = at(grid, lo, m, row[1]) - minus;
                double n2 = minus - at(grid, lo, m, row[0]);
                double de = step(grid, lo, m, row[0]);
                w[0] *= n1 / de;
                w[1] += n1 * n2 / de;
            }
            if (row[nk - 1] != last) {
                double n1 = plus - at(grid, lo, m, row[nk - 2]);
                double n2 = at(grid, lo, m, row[nk - 1]) - plus;
                double de = step(grid, lo, m, row[nk - 2]);
                w[nk - 1] *= n1 / de;
                w[nk - 2] += n1 * n2 / de;
            }
            if (nk >= 4) {
                w[1] += at(grid, lo, m, row[2]) - at(grid, lo, m, row[1]);
                w[nk - 2] += at(grid, lo, m, row[nk - 2]) - at(grid, lo, m, row[nk - 3]);
            }
            for (int p = 2; p < nk - 2; p++) {
                w[p] = step(grid, lo, m, row[p] - 1) + step(grid, lo, m, row[p]);
            }
        }
        for (int p = 0; p < len; p++) {
            if (row[p] >= 0 && row[p] < m) {
                sink.add(lo + row[p], w[p] / 2);
            }
        }
    }

    /** grid part value at relative index k, Python-style (−1 = the part's last point). */
    private static double at(double[] grid, int lo, int m, int k) {
        return grid[lo + (k < 0 ? m + k : k)];
    }

    /** np.diff of the grid part at relative index k, Python-style. */
    private static double step(double[] grid, int lo, int m, int k) {
        int kk = k < 0 ? m - 1 + k : k;
        return grid[lo + kk + 1] - grid[lo + kk];
    }
}
