package io.sossstream.atoca;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.logging.Logger;

/**
 * Adaptive refinement of wavelength grids (jwst {@code make_combined_adaptive_grid}): every interval whose
 * integral of an estimate of the spectrum is not yet known to a relative tolerance is halved, iteratively. The
 * integration error of an interval is estimated by first-order Romberg: |R(1,0) − T₁| with T₁ the one-trapezoid
 * and T₂ the two-trapezoid rule and R(1,0) = (4T₂ − T₁)/3. An interval has converged when the relative error is
 * below {@code rtol} or the absolute error below 1e-6. Several grids are refined in priority order, sharing a
 * maximum total size.
 */
final class AdaptiveGrid {
    private static final Logger LOG = Logger.getLogger(AdaptiveGrid.class.getName());
    static final double ABSOLUTE_TOLERANCE = 1e-6;

    private AdaptiveGrid() {
    }

    /** Absolute and relative Romberg error of each interval of {@code grid}. */
    static double[][] integrationErrors(double[] grid, DoubleUnaryOperator f) {
        int n = grid.length - 1;
        double[] abs = new double[n];
        double[] rel = new double[n];
        double[] fv = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            fv[i] = f.applyAsDouble(grid[i]);
        }
        for (int i = 0; i < n; i++) {
            double h = grid[i + 1] - grid[i];
            double ord = 0.5 * (fv[i] + fv[i + 1]);
            double t1 = h * ord;
            double mid = grid[i] + 0.5 * h;
            double t2 = h * (ord + f.applyAsDouble(mid)) / 2;
            double romb = (4.0 * t2 - t1) / 3.0;
            abs[i] = Math.abs(romb - t1);
            rel[i] = romb != 0 ? Math.abs(abs[i] / romb) : Double.POSITIVE_INFINITY;
        }
        return new double[][] {abs, rel};
    }

    /** One grid refined until converged, {@code maxIter} halvings or {@code maxSize} points. */
    static double[] adapt(double[] grid, DoubleUnaryOperator f, int maxSize, int maxIter, double rtol, boolean[] converged) {
        if (grid.length >= maxSize) {
            // No room left (earlier grids used it): keep the native grid. jwst raises here, ending the extraction.
            LOG.warning("wavelength grid of " + grid.length + " points not refined: the maximum size is reached");
            converged[0] = false;
            return grid;
        }
        boolean sizeReached = false;
        boolean allConverged = false;
        for (int it = 0; it < maxIter; it++) {
            double[][] err = integrationErrors(grid, f);
            double[] abs = err[0];
            double[] rel = err[1];
            int n = rel.length;
            int[] os = new int[n];
            allConverged = true;
            int total = 0;
            for (int i = 0; i < n; i++) {
                boolean ok = rel[i] < rtol || abs[i] < ABSOLUTE_TOLERANCE;
                allConverged &= ok;
                os[i] = ok ? 1 : 2;
                total += os[i];
            }
            if (sizeReached || allConverged) {
                break;
            }
            if (total > maxSize) {
                sizeReached = true;
                int remaining = maxSize - grid.length;
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                // Largest relative errors first (np.argsort is a stable sort on ascending values).
                Arrays.sort(order, (p, q) -> Double.compare(rel[p], rel[q]));
                Arrays.fill(os, 1);
                for (int r = 0; r < remaining && r < n; r++) {
                    os[order[n - 1 - r]] = 2;
                }
            }
            grid = WavelengthGrid.oversample(grid, os);
        }
        converged[0] = allConverged;
        return grid;
    }

    /**
     * Grids of decreasing priority, first trimmed to {@code range} and to what higher-priority grids do not cover
     * (keeping one point beyond each limit), then refined in turn; their union.
     */
    static double[] combined(List<double[]> grids, List<DoubleUnaryOperator> estimates, double[] range,
                             int maxIter, double rtol, int maxTotalSize) {
        List<double[]> trimmed = trim(grids, range);
        int[] sizes = trimmed.stream().mapToInt(g -> g.length).toArray();
        double[] combined = new double[0];
        for (int g = 0; g < trimmed.size(); g++) {
            double[] grid = trimmed.get(g);
            if (grid.length < 2) {
                combined = concat(combined, grid);
                continue;
            }
            int maxSize = maxTotalSize - combined.length;
            for (int later = g + 1; later < sizes.length; later++) {
                maxSize -= sizes[later];
            }
            maxSize = Math.max(maxSize, sizes[g]);
            boolean[] ok = new boolean[1];
            grid = adapt(grid, estimates.get(g), maxSize, maxIter, rtol, ok);
            sizes[g] = grid.length;
            if (!ok[0]) {
                LOG.warning("wavelength grid " + g + ": precision " + rtol + " not reached (" + grid.length + " points)");
            }
            combined = concat(combined, grid);
        }
        return WavelengthGrid.unique(combined);
    }

    static List<double[]> trim(List<double[]> grids, double[] range) {
        List<double[]> out = new ArrayList<>();
        for (double[] grid : grids) {
            int iMin = WavelengthGrid.searchRight(grid, range[0]);
            int iMax = WavelengthGrid.searchLeft(grid, range[1]);
            iMin = Math.max(iMin - 1, 0);
            iMax = Math.min(iMax, grid.length - 1);
            grid = Arrays.copyOfRange(grid, iMin, iMax + 1);
            if (!out.isEmpty() && grid.length > 0) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (double[] t : out) {
                    for (double v : t) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                int lastBelow = -1;
                int firstAbove = -1;
                for (int i = 0; i < grid.length; i++) {
                    if (grid[i] < lo) {
                        lastBelow = i;
                    }
                    if (grid[i] > hi && firstAbove < 0) {
                        firstAbove = i;
                    }
                }
                if (lastBelow < 0 && firstAbove < 0) {
                    grid = new double[0];
                } else {
                    if (lastBelow >= 0) {
                        grid = Arrays.copyOf(grid, Math.min(lastBelow + 1, grid.length - 1) + 1);
                    }
                    if (firstAbove >= 0) {
                        int idx = -1;
                        for (int i = 0; i < grid.length; i++) {
                            if (grid[i] > hi) {
                                idx = i;
                                break;
                            }
                        }
                        if (idx >= 0) {
                            grid = Arrays.copyOfRange(grid, Math.max(idx - 1, 0), grid.length);
                        }
                    }
                }
            }
            out.add(grid);
        }
        return out;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
