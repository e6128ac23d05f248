package io.sossstream.atoca;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * ATOCA for one observation: everything that does not depend on the integration, computed once on the
 * {@link TypicalIntegration}, then a per-integration step (jwst 3.0 {@code soss_extract}).
 *
 * <p>Once per observation:
 * <ol>
 *   <li>box apertures of orders 1–3 around the SPECTRACE traces; the pixels outside all of them are never
 *       modelled;</li>
 *   <li>the order-1 flux estimate (given, or fitted on the order-1 pixels free of order 2, no kernel);</li>
 *   <li>the shared wavelength grid: native pixel-edge grids of orders 1 and 2 oversampled ×n_os, refined where
 *       the estimate needs it (Romberg), from 0.77 µm to the red end of order 1;</li>
 *   <li>the orders 1+2 engine (kernels, throughputs), its Tikhonov factor (searched around
 *       sqrt(N/‖D f_est‖²)) and the Cholesky factor of its normal matrix;</li>
 *   <li>single-order engines (no kernel, unit throughput, grid = trace pixel centres oversampled ×3) for the blue
 *       end of order 2 (λ &lt; 0.95 µm) and for order 3, each with its own factor and factorisation.</li>
 * </ol>
 * Per integration: right-hand sides and back-substitutions give the spectra, the order models are rebuilt on
 * the detector, each order is decontaminated by subtracting the other orders' models, and box-extracted.
 */
public final class AtocaModel {
    private static final Logger LOG = Logger.getLogger(AtocaModel.class.getName());
    /** Profile level of order 2 above which a pixel is excluded from the order-1-only estimate (jwst 1e-4). */
    static final double ESTIMATE_ORDER2_THRESHOLD = 1e-4;
    /** Profile threshold of single-order and rebuild engines (jwst ExtractionEngine default). */
    static final double SINGLE_ORDER_THRESHOLD = 1e-3;

    // The prepared state: package-private so that AtocaModelFile stores and restores it field by field.
    final List<AtocaOrder> orders;
    final AtocaOptions options;
    final int rows;
    final int cols;
    final TypicalIntegration typical;
    final double[][] boxWeights;
    private final boolean[] outsideBoxes;                          // construction only (null once restored)
    final double[] grid;
    final double tikfacPair;
    final ExtractionEngine pairEngine;
    final NormalEquations.Solution pairSolution;
    final ExtractionEngine[] rebuild = new ExtractionEngine[2];   // orders 1, 2 on their convolved grids
    final int[][] rebuildIndex = new int[2][];                     // grid indices of the rebuild grids
    final SingleOrder[] singles;                                   // [order 2 blue, order 3]
    final SossEstimate estimate;

    /** A single-order engine and its factorised system (or null engine when the order could not be modelled). */
    record SingleOrder(int order, double tikfac, NormalEquations.Solution solution, ExtractionEngine rebuild,
                       String failure) {
    }

    /** The model as {@link AtocaModelFile} stored it. */
    AtocaModel(List<AtocaOrder> orders, AtocaOptions options, TypicalIntegration typical, double[][] boxWeights,
               double[] grid, double tikfacPair, ExtractionEngine pairEngine, NormalEquations.Solution pairSolution,
               ExtractionEngine[] rebuild, int[][] rebuildIndex, SingleOrder[] singles, SossEstimate estimate) {
        this.orders = orders;
        this.options = options;
        this.typical = typical;
        this.rows = typical.rows();
        this.cols = typical.cols();
        this.boxWeights = boxWeights;
        this.outsideBoxes = null;
        this.grid = grid;
        this.tikfacPair = tikfacPair;
        this.pairEngine = pairEngine;
        this.pairSolution = pairSolution;
        System.arraycopy(rebuild, 0, this.rebuild, 0, 2);
        System.arraycopy(rebuildIndex, 0, this.rebuildIndex, 0, 2);
        this.singles = singles;
        this.estimate = estimate;
    }

    private AtocaModel(List<AtocaOrder> orders, TypicalIntegration typical, AtocaOptions options) {
        this.orders = orders;
        this.options = options;
        this.typical = typical;
        rows = typical.rows();
        cols = typical.cols();
        int nOrders = options.orderThree() ? 3 : 2;
        if (orders.size() < nOrders) {
            throw new IllegalArgumentException("ATOCA needs " + nOrders + " orders, got " + orders.size());
        }
        boxWeights = new double[nOrders][];
        boolean[][] mtp = new boolean[nOrders][];
        outsideBoxes = new boolean[rows * cols];
        Arrays.fill(outsideBoxes, true);
        for (int o = 0; o < nOrders; o++) {
            boxWeights[o] = BoxWeights.of(orders.get(o).traceY(), options.width(), rows, cols);
            mtp[o] = new boolean[rows * cols];
            for (int p = 0; p < rows * cols; p++) {
                mtp[o][p] = !(boxWeights[o][p] > 0) || typical.refPixel()[p];
                outsideBoxes[p] &= mtp[o][p];
            }
        }
        long t0 = System.nanoTime();
        estimate = options.estimate() != null ? options.estimate() : orderOneEstimate(mtp[0]);
        long t1 = System.nanoTime();
        grid = options.waveGrid() != null ? options.waveGrid().clone() : decontaminationGrid();
        long t2 = System.nanoTime();
        LOG.info("ATOCA wavelength grid: " + grid.length + " points, " + grid[0] + " – " + grid[grid.length - 1] + " µm");

        SpectralKernel.Matrix km = SpectralKernel.packagedMatrix();
        List<ExtractionEngine.Order> pair = new ArrayList<>();
        for (int o = 0; o < 2; o++) {
            AtocaOrder ao = orders.get(o);
            double[] wc = new double[cols];
            for (int x = 0; x < ao.cutoff(); x++) {
                wc[x] = ao.traceWavelength()[x];
            }
            pair.add(new ExtractionEngine.Order(ao.order(), ao.columnWavelength(), ao.profile(), ao.throughput(),
                    new SpectralKernel(km, wc)));
        }
        pairEngine = new ExtractionEngine(pair, grid, new boolean[][] {mtp[0], mtp[1]}, typical.bad(),
                options.threshold(), rows, cols, ConvolutionMatrix.DEFAULT_THRESHOLD, options.pixelWeights());
        long t3 = System.nanoTime();
        NormalEquations ne = new NormalEquations(pairEngine, typical.sigma());
        long t4 = System.nanoTime();
        if (Double.isNaN(options.tikfac())) {
            double guess = TikhonovSearch.initialGuess(ne, onGrid(estimate, grid));
            tikfacPair = TikhonovSearch.search(ne, typical.data(), guess, -4, 4);
        } else {
            tikfacPair = options.tikfac();
        }
        long t5 = System.nanoTime();
        LOG.info("ATOCA Tikhonov factor of orders 1+2: " + tikfacPair);
        pairSolution = ne.factor(tikfacPair);
        double[] fTypical = pairSolution.solve(typical.data());
        for (int o = 0; o < 2; o++) {
            buildRebuild(o, fTypical);
        }
        singles = new SingleOrder[nOrders - 1];
        singles[0] = singleOrder(orders.get(1), mtp[1], AtocaOptions.ORDER2_BLUE_CUTOFF);
        if (nOrders == 3) {
            singles[1] = singleOrder(orders.get(2), mtp[2], Double.POSITIVE_INFINITY);
        }
        long t6 = System.nanoTime();
        LOG.info(String.format(java.util.Locale.ROOT, "ATOCA once per observation: estimate %.1f s, grid %.1f s, "
                + "engine %.1f s, normal matrix %.1f s (%d unknowns, envelope %d), factor search %.1f s, "
                + "single orders %.1f s", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9,
                ne.unknowns(), ne.envelopeSize(), (t5 - t4) / 1e9, (t6 - t5) / 1e9));
    }

    /** Builds the once-per-observation model. */
    public static AtocaModel build(List<AtocaOrder> orders, TypicalIntegration typical, AtocaOptions options) {
        return new AtocaModel(orders, typical, options);
    }

    private static double[] onGrid(SossEstimate e, double[] g) {
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = e.applyAsDouble(g[i]);
        }
        return out;
    }

    /** Order-1 spectrum from the order-1 pixels free of order 2, no kernel, no regularisation, as a spline. */
    private SossEstimate orderOneEstimate(boolean[] mtpOne) {
        AtocaOrder o1 = orders.get(0);
        AtocaOrder o2 = orders.get(1);
        double[] wl = o1.columnWavelength();
        double[] centres = new double[cols];
        int m = 0;
        for (int x = 0; x < cols; x++) {
            boolean lit = false;
            for (int y = 0; y < rows && !lit; y++) {
                lit = o1.profile()[y * cols + x] > 0;
            }
            if (lit && Double.isFinite(wl[x]) && wl[x] > 0) {
                // jwst takes the profile-weighted mean of the column's wavelengths (np.average, summed row by
                // row): equal to λ(x) up to rounding, which decides the grid bounds of the estimate's ends.
                double s1 = 0;
                double s0 = 0;
                for (int y = 0; y < rows; y++) {
                    double pr = Math.max(o1.profile()[y * cols + x], 0);
                    s1 += wl[x] * pr;
                    s0 += pr;
                }
                centres[m++] = s1 / s0;
            }
        }
        double[] g = WavelengthGrid.unique(Arrays.copyOf(centres, m));
        boolean[] mask = new boolean[rows * cols];
        for (int p = 0; p < mask.length; p++) {
            mask[p] = o2.profile()[p] >= ESTIMATE_ORDER2_THRESHOLD || mtpOne[p];
        }
        ExtractionEngine e = new ExtractionEngine(List.of(new ExtractionEngine.Order(1, wl, o1.profile(),
                o1.throughput(), null)), g, new boolean[][] {mask}, typical.bad(), SINGLE_ORDER_THRESHOLD, rows, cols,
                ConvolutionMatrix.DEFAULT_THRESHOLD, options.pixelWeights());
        double[] f = new NormalEquations(e, typical.sigma()).factor(0).solve(typical.data());
        return new SossEstimate(g, f);
    }

    /** jwst {@code make_decontamination_grid}. */
    private double[] decontaminationGrid() {
        double[] g2 = WavelengthGrid.nativeEdgeGrid(orders.get(1).traceWavelength(), options.oversampling());
        double[] g1 = WavelengthGrid.nativeEdgeGrid(orders.get(0).traceWavelength(), options.oversampling());
        double min1 = g1[0];
        double[] shared = Arrays.stream(g2).filter(v -> v >= min1).toArray();
        double[] blue = Arrays.stream(g2).filter(v -> v < min1).toArray();
        double minShared = shared[0];
        double[] g1Kept = Arrays.stream(g1).filter(v -> v > minShared).toArray();
        double[] range = {AtocaOptions.GRID_SHORT_LIMIT, g1[g1.length - 1]};
        return AdaptiveGrid.combined(List.of(shared, g1Kept, blue),
                List.of(estimate, estimate, w -> 1.0), range, 30, options.rtol(), options.maxGridSize());
    }

    /** The engine that projects order o's convolved spectrum on the detector (jwst {@code _build_tracemodel_order}). */
    private void buildRebuild(int o, double[] f) {
        int[] b = pairEngine.bounds(o);
        double[] cf = pairEngine.convolved(o, NormalEquations.zeroNaN(f));
        double[] fNaN = f;
        // Keep the convolved points whose convolution saw only solved grid points (jwst drops NaN results).
        SparseRows c = pairEngine.convolution[o];
        int[] idx = new int[b[1] - b[0]];
        int m = 0;
        for (int r = 0; r < c.rows; r++) {
            boolean finite = true;
            for (int p = c.rowStart[r]; p < c.rowStart[r + 1] && finite; p++) {
                finite = Double.isFinite(fNaN[c.colIndex[p]]);
            }
            if (finite && Double.isFinite(cf[r])) {
                idx[m++] = r;
            }
        }
        idx = Arrays.copyOf(idx, m);
        double[] g = new double[m];
        for (int i = 0; i < m; i++) {
            g[i] = grid[b[0] + idx[i]];
        }
        AtocaOrder ao = orders.get(o);
        rebuild[o] = new ExtractionEngine(List.of(new ExtractionEngine.Order(ao.order(), ao.columnWavelength(),
                ao.profile(), ao.throughput(), null)), g, new boolean[][] {outsideBoxes}, null,
                SINGLE_ORDER_THRESHOLD, rows, cols, ConvolutionMatrix.DEFAULT_THRESHOLD, options.pixelWeights());
        rebuildIndex[o] = idx;
    }

    private SingleOrder singleOrder(AtocaOrder ao, boolean[] mtp, double cutoff) {
        double[] centres = Arrays.stream(ao.traceWavelength()).filter(v -> Double.isFinite(v) && v < cutoff).sorted()
                .toArray();
        double[] g = WavelengthGrid.oversample(WavelengthGrid.unique(centres), 3);
        boolean[] fitMask = new boolean[rows * cols];
        for (int p = 0; p < fitMask.length; p++) {
            fitMask[p] = mtp[p] || typical.bad()[p];
        }
        try {
            ExtractionEngine e = new ExtractionEngine(List.of(new ExtractionEngine.Order(ao.order(),
                    ao.columnWavelength(), ao.profile(), null, null)), g, new boolean[][] {fitMask}, null,
                    SINGLE_ORDER_THRESHOLD, rows, cols, ConvolutionMatrix.DEFAULT_THRESHOLD, options.pixelWeights());
            NormalEquations ne = new NormalEquations(e, typical.sigma());
            double tik = TikhonovSearch.search(ne, typical.data(), tikfacPair, -2, 8);
            LOG.info("ATOCA Tikhonov factor of order " + ao.order() + (cutoff < 10 ? " (blue)" : "") + ": " + tik);
            ExtractionEngine rb = new ExtractionEngine(List.of(new ExtractionEngine.Order(ao.order(),
                    ao.columnWavelength(), ao.profile(), null, null)), g, new boolean[][] {outsideBoxes}, null,
                    SINGLE_ORDER_THRESHOLD, rows, cols, ConvolutionMatrix.DEFAULT_THRESHOLD, options.pixelWeights());
            return new SingleOrder(ao.order(), tik, ne.factor(tik), rb, null);
        } catch (MaskOverlapException ex) {
            LOG.warning("order " + ao.order() + " cannot be modelled on its own (" + ex.getMessage()
                    + "): its model is NaN there");
            return new SingleOrder(ao.order(), Double.NaN, null, null, ex.getMessage());
        }
    }

    /**
     * The order-1 spectrum of the typical integration on the order's native pixel wavelengths (the kernel-convolved
     * solution at the trace's column wavelengths): what a later run can take as its soss_estimate.
     */
    public SossEstimate orderOneSpectrum() {
        double[] f = pairSolution.solve(typical.data());
        double[] cf = pairEngine.convolved(0, NormalEquations.zeroNaN(f));
        int[] b = pairEngine.bounds(0);
        double[] g = java.util.Arrays.copyOfRange(grid, b[0], b[1]);
        double[] w = orders.get(0).traceWavelength();
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            boolean inside = w[i] >= g[0] && w[i] <= g[g.length - 1];
            out[i] = inside ? io.sossstream.stats.Interp.interp(w[i], g, cf) : Double.NaN;
        }
        return new SossEstimate(w, out);
    }

    /** The shared wavelength grid of the orders 1+2 fit. */
    public double[] grid() {
        return grid.clone();
    }

    /** Tikhonov factor: engine 1 = orders 1+2, 2 = blue order 2, 3 = order 3 (NaN if not modelled). */
    public double tikfac(int engine) {
        if (engine == 1) {
            return tikfacPair;
        }
        int i = engine - 2;
        return i < singles.length ? singles[i].tikfac() : Double.NaN;
    }

    /** Orders extracted. */
    public int orderCount() {
        return boxWeights.length;
    }

    public AtocaOptions options() {
        return options;
    }

    /** The order-1 estimate used for the grid and the first Tikhonov guess. */
    public SossEstimate estimate() {
        return estimate;
    }

    /** Columns extracted for an order (its cut-off). */
    public int columns(int order) {
        return orders.get(order - 1).cutoff();
    }

    /** Output wavelengths of an order (trace λ at x = 0 … cutoff − 1). */
    public double[] wavelengths(int order) {
        return orders.get(order - 1).traceWavelength().clone();
    }

    /** The spectrum of the orders 1+2 fit for an integration (whole grid; NaN where unconstrained). */
    public double[] pairSpectrum(double[] data) {
        return pairSolution.solve(data);
    }

    /** Per-order models (rows × cols, NaN where the order is not modelled) of one integration's data. */
    public double[][] traceModels(double[] data) {
        int no = orderCount();
        double[][] models = new double[no][];
        double[] f = pairSolution.solve(data);
        for (int o = 0; o < 2; o++) {
            double[] cf = pairEngine.convolved(o, NormalEquations.zeroNaN(f));
            int[] idx = rebuildIndex[o];
            double[] fr = new double[idx.length];
            for (int i = 0; i < idx.length; i++) {
                fr[i] = cf[idx[i]];
            }
            models[o] = rebuild[o].orderModel(0, fr);
        }
        for (int s = 0; s < singles.length; s++) {
            SingleOrder so = singles[s];
            int o = so.order() - 1;
            double[] single;
            if (so.solution() == null) {
                single = new double[rows * cols];
                Arrays.fill(single, Double.NaN);
            } else {
                single = so.rebuild().model(NormalEquations.zeroNaN(so.solution().solve(data)), Double.NaN);
            }
            if (models[o] == null) {
                models[o] = single;
            } else {
                for (int p = 0; p < single.length; p++) {
                    if (!Double.isFinite(models[o][p])) {
                        models[o][p] = single[p];
                    }
                }
            }
        }
        return models;
    }

    /**
     * Extracts one integration: {@code sci} (NaN on bad pixels), {@code err}, {@code bad} (this integration's
     * unusable pixels).
     */
    public AtocaSpectra extract(double[] sci, double[] err, boolean[] bad) {
        int np = rows * cols;
        // Pixels the fit uses must be finite: an integration's extra bad pixels take the typical integration's value.
        double[] fitData = sci.clone();
        for (int p = 0; p < np; p++) {
            if (!Double.isFinite(fitData[p]) || bad[p]) {
                fitData[p] = typical.data()[p];
            }
        }
        double[][] models = traceModels(fitData);
        return DecontaminatedBox.extract(this, models, sci, err, bad, boxWeights);
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }
}
