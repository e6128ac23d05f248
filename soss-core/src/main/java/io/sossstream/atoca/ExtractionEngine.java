package io.sossstream.atoca;

import java.util.List;

/**
 * ATOCA's linear model of the detector (Darveau-Bernier et al. 2022; jwst {@code ExtractionEngine}): the value of
 * pixel i is
 * <pre>  M_i = Σ_n P_{n,i} ∫_{λ⁻_i}^{λ⁺_i} T_n(λ)·λ·(K_n ∗ f)(λ) dλ</pre>
 * for a spectrum f known on a wavelength grid, with P_n the spatial profile, T_n the throughput and K_n the
 * spectral kernel of order n. In matrix form M = Σ_n diag(P_n)·W_n·diag(T_n·λ)·C_n·f.
 *
 * <p>SOSS wavelength maps are constant down each detector column, so W_n·diag(T_n·λ)·C_n has one row per column
 * (the order's "column response" R_{n,x}, a sparse vector over the grid) and the pixel's row of the model matrix
 * is P_{n,i}·R_{n,x(i)}. Everything (normal matrix, right-hand sides, models) is computed from these 2048 rows
 * per order instead of one row per pixel.
 *
 * <p>Masks follow jwst: a pixel is used for order n unless its wavelength interval leaves the part of the grid
 * the order covers; it is ignored altogether ("general mask") when every order masks it (trace-profile mask,
 * wavelength mask or the detector's bad pixels), or when some order cannot model it while every order's profile
 * there exceeds {@code threshold} (a contaminated pixel that cannot be modelled). The per-order grid bounds are
 * then shrunk to the wavelengths of the usable pixels and the masks recomputed once.
 */
public final class ExtractionEngine {
    /** Fewer usable pixels than this in an order cannot constrain it (jwst: 25). */
    public static final int MIN_GOOD_PIXELS = 25;

    /** One spectral order's detector model. */
    public record Order(int order, double[] columnWavelength, double[] profile, Throughput throughput,
                        SpectralKernel kernel) {
    }

    final int rows;
    final int cols;
    final double[] grid;
    final int[] orderNumbers;
    final double[][] profiles;
    final boolean[] generalMask;
    final boolean[][] columnUsable;  // [order][x]: the pixel interval lies inside the order's grid part
    final int[][] bounds;                    // [order] = {a, b}: convolved grid is grid[a:b]
    final SparseRows[] response;             // [order]: row x = R_{n,x} over the grid
    final SparseRows[] convolution;          // [order]: C_n (rows a..b−1)

    /**
     * @param orders           the orders modelled together
     * @param grid             wavelength grid (µm), strictly increasing
     * @param maskTraceProfile per order, pixels not to fit for that order (true = masked), rows×cols
     * @param globalMask       bad pixels (true = masked) or null
     * @param threshold        profile level above which a pixel counts as contaminated by an order
     * @param kernelThreshold  kernel wing values below this are dropped
     */
    public ExtractionEngine(List<Order> orders, double[] grid, boolean[][] maskTraceProfile, boolean[] globalMask,
                            double threshold, int rows, int cols, double kernelThreshold) {
        this(orders, grid, maskTraceProfile, globalMask, threshold, rows, cols, kernelThreshold,
                AtocaOptions.PixelWeights.EXACT);
    }

    /**
     * As above, with the pixel quadrature chosen ({@link AtocaOptions.PixelWeights}).
     */
    public ExtractionEngine(List<Order> orders, double[] grid, boolean[][] maskTraceProfile, boolean[] globalMask,
                            double threshold, int rows, int cols, double kernelThreshold,
                            AtocaOptions.PixelWeights pixelWeights) {
        this.rows = rows;
        this.cols = cols;
        this.grid = grid.clone();
        for (int k = 1; k < grid.length; k++) {
            if (!(grid[k] > grid[k - 1])) {
                throw new IllegalArgumentException("wavelength grid not strictly increasing at " + k);
            }
        }
        int no = orders.size();
        orderNumbers = new int[no];
        profiles = new double[no][];
        double[][] plus = new double[no][];
        double[][] minus = new double[no][];
        double[][] centre = new double[no][];
        for (int o = 0; o < no; o++) {
            Order ord = orders.get(o);
            orderNumbers[o] = ord.order();
            profiles[o] = ord.profile();
            centre[o] = ord.columnWavelength();
            WavelengthGrid.Edges e = WavelengthGrid.edges(ord.columnWavelength());
            plus[o] = e.plus();
            minus[o] = e.minus();
        }
        int n = grid.length;
        bounds = new int[no][];
        for (int o = 0; o < no; o++) {
            bounds[o] = new int[] {0, n};
        }
        columnUsable = new boolean[no][cols];
        generalMask = new boolean[rows * cols];
        computeMasks(plus, minus, maskTraceProfile, globalMask, threshold);
        for (int o = 0; o < no; o++) {
            int good = 0;
            for (int p = 0; p < rows * cols; p++) {
                if (!generalMask[p] && columnUsable[o][p % cols]) {
                    good++;
                }
            }
            if (good < MIN_GOOD_PIXELS) {
                throw new MaskOverlapException(orderNumbers[o], good, MIN_GOOD_PIXELS);
            }
        }
        // Shrink each order's grid part to the centre wavelengths of its usable pixels, then mask again.
        for (int o = 0; o < no; o++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < cols; x++) {
                if (!columnUsable[o][x] || !columnHasPixel(x)) {
                    continue;
                }
                lo = Math.min(lo, centre[o][x]);
                hi = Math.max(hi, centre[o][x]);
            }
            int a = WavelengthGrid.searchLeft(this.grid, lo);
            int b = WavelengthGrid.searchRight(this.grid, hi);
            bounds[o] = new int[] {Math.max(a, bounds[o][0]), Math.min(b, bounds[o][1])};
        }
        computeMasks(plus, minus, maskTraceProfile, globalMask, threshold);
        convolution = new SparseRows[no];
        response = new SparseRows[no];
        for (int o = 0; o < no; o++) {
            Order ord = orders.get(o);
            int a = bounds[o][0];
            int b = bounds[o][1];
            convolution[o] = ord.kernel() == null ? ConvolutionMatrix.identity(n, a, b)
                    : ConvolutionMatrix.of(ord.kernel(), this.grid, a, b, kernelThreshold);
            response[o] = columnResponses(o, ord.throughput(), plus[o], minus[o], pixelWeights);
        }
    }

    /** An engine as {@link AtocaModelFile} stored it (every field, nothing recomputed). */
    ExtractionEngine(int rows, int cols, double[] grid, int[] orderNumbers, double[][] profiles, boolean[] generalMask,
                     boolean[][] columnUsable, int[][] bounds, SparseRows[] response, SparseRows[] convolution) {
        this.rows = rows;
        this.cols = cols;
        this.grid = grid;
        this.orderNumbers = orderNumbers;
        this.profiles = profiles;
        this.generalMask = generalMask;
        this.columnUsable = columnUsable;
        this.bounds = bounds;
        this.response = response;
        this.convolution = convolution;
    }

    private boolean columnHasPixel(int x) {
        for (int y = 0; y < rows; y++) {
            if (!generalMask[y * cols + x]) {
                return true;
            }
        }
        return false;
    }

    private void computeMasks(double[][] plus, double[][] minus, boolean[][] mtp, boolean[] global, double threshold) {
        int no = orderNumbers.length;
        for (int o = 0; o < no; o++) {
            double wMin = grid[bounds[o][0]];
            double wMax = grid[bounds[o][1] - 1];
            for (int x = 0; x < cols; x++) {
                columnUsable[o][x] = !(minus[o][x] < wMin || plus[o][x] > wMax);
            }
        }
        for (int p = 0; p < rows * cols; p++) {
            int x = p % cols;
            boolean all = true;
            boolean anyWave = false;
            boolean allContaminated = true;
            for (int o = 0; o < no; o++) {
                boolean waveMasked = !columnUsable[o][x];
                all &= mtp[o][p] || waveMasked || (global != null && global[p]);
                anyWave |= waveMasked;
                allContaminated &= profiles[o][p] > threshold;
            }
            generalMask[p] = all || (anyWave && allContaminated);
        }
    }

    /** R_{n,x} = W_{n,x}·diag(T_n·λ)·C_n for every usable column (empty rows elsewhere). */
    private SparseRows columnResponses(int o, Throughput throughput, double[] plus, double[] minus,
                                       AtocaOptions.PixelWeights pixelWeights) {
        int a = bounds[o][0];
        int b = bounds[o][1];
        SparseRows c = convolution[o];
        double[] tl = new double[grid.length];
        for (int k = a; k < b; k++) {
            tl[k] = (throughput == null ? 1.0 : throughput.at(grid[k])) * grid[k];
        }
        SparseRows.Builder r = new SparseRows.Builder(grid.length);
        for (int x = 0; x < cols; x++) {
            if (columnUsable[o][x]) {
                PixelIntegration.WeightSink sink = (k, w) -> {
                    double coef = w * tl[k];
                    int row = k - a;
                    for (int p = c.rowStart[row]; p < c.rowStart[row + 1]; p++) {
                        r.add(c.colIndex[p], coef * c.values[p]);
                    }
                };
                if (pixelWeights == AtocaOptions.PixelWeights.JWST) {
                    JwstPixelWeights.weights(grid, a, b, minus[x], plus[x], sink);
                } else {
                    PixelIntegration.weights(grid, a, b, minus[x], plus[x], sink);
                }
            }
            r.endRow();
        }
        return r.build();
    }

    /** Number of modelled orders. */
    public int orders() {
        return orderNumbers.length;
    }

    /** Spectral order number of engine order index o. */
    public int orderNumber(int o) {
        return orderNumbers[o];
    }

    /** The wavelength grid. */
    public double[] grid() {
        return grid.clone();
    }

    /** The convolved grid part of order index o: grid[a:b]. */
    public int[] bounds(int o) {
        return bounds[o].clone();
    }

    /** Whether pixel p is ignored by the model (general mask). */
    public boolean masked(int p) {
        return generalMask[p];
    }

    /** Whether order index o can model column x. */
    boolean usable(int o, int x) {
        return columnUsable[o][x];
    }

    /** Pixels the model uses. */
    public int usedPixels() {
        int c = 0;
        for (boolean m : generalMask) {
            if (!m) {
                c++;
            }
        }
        return c;
    }

    /** R_{n,x}·f for every column of order index o (0 where the column is not usable; NaN-free f assumed where used). */
    double[] columnFlux(int o, double[] f) {
        return response[o].times(f);
    }

    /**
     * The model image of spectrum f (all orders), {@code fill} on masked pixels ({@code rebuild}).
     */
    public double[] model(double[] f, double fill) {
        double[] out = new double[rows * cols];
        double[][] colFlux = new double[orderNumbers.length][];
        for (int o = 0; o < colFlux.length; o++) {
            colFlux[o] = columnFlux(o, f);
        }
        for (int p = 0; p < out.length; p++) {
            if (generalMask[p]) {
                out[p] = fill;
                continue;
            }
            int x = p % cols;
            double s = 0;
            for (int o = 0; o < colFlux.length; o++) {
                if (columnUsable[o][x]) {
                    s += profiles[o][p] * colFlux[o][x];
                }
            }
            out[p] = s;
        }
        return out;
    }

    /** The model of one engine order index alone, NaN on pixels it does not model. */
    public double[] orderModel(int o, double[] f) {
        double[] colFlux = columnFlux(o, f);
        double[] out = new double[rows * cols];
        for (int p = 0; p < out.length; p++) {
            int x = p % cols;
            out[p] = generalMask[p] || !columnUsable[o][x] ? Double.NaN : profiles[o][p] * colFlux[x];
        }
        return out;
    }

    /** C_n·f on the convolved grid part of order index o (the spectrum as that order sees it). */
    public double[] convolved(int o, double[] f) {
        double[] cf = convolution[o].times(f);
        return cf;
    }
}
