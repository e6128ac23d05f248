package io.sossstream.atoca;

import java.util.Arrays;

/**
 * Wavelength-grid helpers of ATOCA: pixel-edge wavelengths of a row of pixels, oversampling, and the native
 * pixel-edge grid of an order's trace (jwst {@code get_wave_p_or_m}, {@code oversample_grid},
 * {@code get_grid_from_trace}).
 */
final class WavelengthGrid {
    private WavelengthGrid() {
    }

    /** Upper (λ⁺) and lower (λ⁻) edge wavelengths of a row of pixels; 0 where the centre is not valid. */
    record Edges(double[] plus, double[] minus) {
    }

    /**
     * Pixel edges from centre wavelengths along the dispersion axis: each edge lies half way to the neighbouring
     * valid centre (invalid = NaN or negative, skipped as if the valid pixels were adjacent); the end pixels use
     * their only neighbour's half difference. λ⁺ is the larger edge whatever the dispersion direction.
     */
    static Edges edges(double[] centres) {
        int n = centres.length;
        int[] valid = new int[n];
        int nv = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(centres[i]) && centres[i] >= 0) {
                valid[nv++] = i;
            }
        }
        double[] top = new double[n];     // towards lower index
        double[] bottom = new double[n];  // towards higher index
        if (nv >= 2) {
            for (int v = 0; v < nv; v++) {
                double dTop = v > 0 ? (centres[valid[v]] - centres[valid[v - 1]]) / 2
                        : (centres[valid[1]] - centres[valid[0]]) / 2;
                double dBottom = v < nv - 1 ? (centres[valid[v + 1]] - centres[valid[v]]) / 2
                        : (centres[valid[nv - 1]] - centres[valid[nv - 2]]) / 2;
                top[valid[v]] = centres[valid[v]] - dTop;
                bottom[valid[v]] = centres[valid[v]] + dBottom;
            }
        }
        boolean increasing = true;
        boolean decreasing = true;
        for (int i = 0; i < n; i++) {
            if (centres[i] == 0) {
                continue;
            }
            increasing &= bottom[i] >= top[i];
            decreasing &= bottom[i] <= top[i];
        }
        if (increasing) {
            return new Edges(bottom, top);
        }
        if (decreasing) {
            return new Edges(top, bottom);
        }
        throw new IllegalArgumentException("pixel wavelengths do not follow one dispersion direction");
    }

    /** Each interval of {@code grid} split into {@code n} equal parts (n ≥ 1). */
    static double[] oversample(double[] grid, int n) {
        int[] each = new int[Math.max(grid.length - 1, 0)];
        Arrays.fill(each, n);
        return oversample(grid, each);
    }

    /** Interval i of {@code grid} split into {@code n[i]} equal parts; result sorted, exact duplicates removed. */
    static double[] oversample(double[] grid, int[] n) {
        int total = 1;
        for (int v : n) {
            total += v;
        }
        double[] out = new double[total];
        int p = 0;
        for (int i = 0; i < n.length; i++) {
            double d = grid[i + 1] - grid[i];
            for (int m = 0; m < n[i]; m++) {
                out[p++] = grid[i] + d * ((double) m / n[i]);
            }
        }
        out[p] = grid[grid.length - 1];
        return unique(out);
    }

    /** Sorted copy without exact duplicates ({@code np.unique}). */
    static double[] unique(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int m = 0;
        for (int i = 0; i < s.length; i++) {
            if (m == 0 || s[i] != s[m - 1]) {
                s[m++] = s[i];
            }
        }
        return Arrays.copyOf(s, m);
    }

    /**
     * The native pixel-edge grid of an order: the edges of the trace's pixels (centre wavelengths of consecutive
     * columns, any order), sorted, oversampled by {@code nOs}.
     */
    static double[] nativeEdgeGrid(double[] traceWavelengths, int nOs) {
        double[] w = Arrays.stream(traceWavelengths).filter(Double::isFinite).sorted().toArray();
        Edges e = edges(w);
        double[] lower = e.minus().clone();
        double[] upper = e.plus().clone();
        Arrays.sort(lower);
        Arrays.sort(upper);
        double[] g = Arrays.copyOf(lower, lower.length + 1);
        g[lower.length] = upper[upper.length - 1];
        return oversample(g, nOs);
    }

    /** First index with a[i] ≥ v ({@code np.searchsorted(a, v, 'left')}). */
    static int searchLeft(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index with a[i] > v ({@code np.searchsorted(a, v, 'right')}). */
    static int searchRight(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
