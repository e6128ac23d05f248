package io.sossstream.atoca;

import java.util.Arrays;
import java.util.logging.Logger;

/**
 * The weighted least-squares problem of an {@link ExtractionEngine} with fixed pixel errors σ:
 * minimise ‖B·f − d/σ‖² + α²‖D·f‖², with B = Σ_n diag(P_n/σ)·R_n the model matrix and D the first-derivative
 * operator on the grid, (D·f)_k = (f_{k+1} − f_k)/(g_{k+1} − g_k) (Tikhonov regularisation).
 *
 * <p>BᵀB and DᵀD are assembled once, restricted to the grid points some used pixel sees (jwst solves only for
 * the non-zero entries of the right-hand side; the others are NaN). A {@link Solution} factorises
 * BᵀB + α²DᵀD once (Cholesky, {@link EnvelopeMatrix}); each data set then costs a right-hand side Bᵀ(d/σ) and
 * two triangular solves. If the factorisation fails (not positive definite), the solve falls back to conjugate
 * gradients on the same system, and if that fails too the spectrum is NaN, with a logged reason (jwst:
 * spsolve → lsqr).
 */
public final class NormalEquations {
    private static final Logger LOG = Logger.getLogger(NormalEquations.class.getName());

    final ExtractionEngine engine;
    final double[] sigma;
    /** Grid index → local unknown index, −1 when no used pixel sees it. */
    final int[] local;
    private final int[] gridIndex;
    private final EnvelopeMatrix gram;        // BᵀB (null once restored: only its factor is kept)
    private final EnvelopeMatrix derivative;  // DᵀD (likewise)
    private final double[][] pixelWeight;     // [order][pixel] = P/σ² where the order models the pixel, else 0

    /**
     * The system as {@link AtocaModelFile} stored it: enough to form right-hand sides and solve with a stored
     * {@link Solution}; it cannot be factorised again (BᵀB and DᵀD are not kept). The pixel weights are derived
     * again from the engine and σ.
     */
    NormalEquations(ExtractionEngine engine, double[] sigma, int[] local) {
        this.engine = engine;
        this.sigma = sigma;
        this.local = local;
        this.pixelWeight = pixelWeights(engine, sigma);
        int m = 0;
        for (int l : local) {
            m = Math.max(m, l + 1);
        }
        gridIndex = new int[m];
        for (int k = 0; k < local.length; k++) {
            if (local[k] >= 0) {
                gridIndex[local[k]] = k;
            }
        }
        gram = null;
        derivative = null;
    }

    public NormalEquations(ExtractionEngine engine, double[] sigma) {
        this.engine = engine;
        this.sigma = sigma;
        int n = engine.grid.length;
        int no = engine.orders();
        int cols = engine.cols;
        int rows = engine.rows;
        local = new int[n];
        Arrays.fill(local, -1);
        // Solve for the grid points some used pixel with a non-zero profile sees (a non-zero column of B).
        for (int o = 0; o < no; o++) {
            SparseRows r = engine.response[o];
            double[] prof = engine.profiles[o];
            for (int x = 0; x < cols; x++) {
                if (!engine.usable(o, x)) {
                    continue;
                }
                boolean seen = false;
                for (int y = 0; y < rows && !seen; y++) {
                    int pix = y * cols + x;
                    seen = !engine.masked(pix) && prof[pix] != 0;
                }
                if (!seen) {
                    continue;
                }
                for (int p = r.rowStart[x]; p < r.rowStart[x + 1]; p++) {
                    if (r.values[p] != 0) {
                        local[r.colIndex[p]] = 0;
                    }
                }
            }
        }
        int m = 0;
        for (int k = 0; k < n; k++) {
            if (local[k] == 0) {
                local[k] = m++;
            }
        }
        gridIndex = new int[m];
        for (int k = 0; k < n; k++) {
            if (local[k] >= 0) {
                gridIndex[local[k]] = k;
            }
        }
        pixelWeight = pixelWeights(engine, sigma);
        // Structure: per column, the union of the orders' supports is one clique; D couples neighbours.
        EnvelopeMatrix.Structure st = new EnvelopeMatrix.Structure(m);
        int[] members = new int[n];
        boolean[] in = new boolean[m];
        for (int x = 0; x < cols; x++) {
            int c = 0;
            for (int o = 0; o < no; o++) {
                if (!columnUsed(o, x)) {
                    continue;
                }
                SparseRows r = engine.response[o];
                for (int p = r.rowStart[x]; p < r.rowStart[x + 1]; p++) {
                    int l = local[r.colIndex[p]];
                    if (l >= 0 && !in[l]) {
                        in[l] = true;
                        members[c++] = l;
                    }
                }
            }
            st.addClique(members, c);
            for (int i = 0; i < c; i++) {
                in[members[i]] = false;
            }
        }
        for (int l = 0; l + 1 < m; l++) {
            if (gridIndex[l + 1] == gridIndex[l] + 1) {
                st.addPair(l, l + 1);
            }
        }
        for (int l = 0; l < m; l++) {
            st.addPair(l, l);
        }
        gram = EnvelopeMatrix.forStructure(st);
        derivative = gram.copy();
        assembleGram(no, rows, cols);
        assembleDerivative(m);
    }

    /** P/σ² of every pixel an order models, 0 elsewhere. */
    private static double[][] pixelWeights(ExtractionEngine engine, double[] sigma) {
        int np = engine.rows * engine.cols;
        double[][] w = new double[engine.orders()][np];
        for (int o = 0; o < w.length; o++) {
            double[] prof = engine.profiles[o];
            for (int pix = 0; pix < np; pix++) {
                int x = pix % engine.cols;
                if (!engine.masked(pix) && engine.usable(o, x)) {
                    double s = sigma[pix];
                    w[o][pix] = prof[pix] / (s * s);
                }
            }
        }
        return w;
    }

    private boolean columnUsed(int o, int x) {
        if (!engine.usable(o, x)) {
            return false;
        }
        for (int y = 0; y < engine.rows; y++) {
            if (!engine.masked(y * engine.cols + x)) {
                return true;
            }
        }
        return false;
    }

    private void assembleGram(int no, int rows, int cols) {
        double[][] g = new double[no][no];
        for (int x = 0; x < cols; x++) {
            for (double[] row : g) {
                Arrays.fill(row, 0);
            }
            for (int y = 0; y < rows; y++) {
                int pix = y * cols + x;
                if (engine.masked(pix)) {
                    continue;
                }
                double s2 = sigma[pix] * sigma[pix];
                for (int o = 0; o < no; o++) {
                    double wo = pixelWeight[o][pix];
                    if (wo == 0) {
                        continue;
                    }
                    for (int q = 0; q < no; q++) {
                        g[o][q] += wo * pixelWeight[q][pix] * s2;  // P_o P_q / σ²
                    }
                }
            }
            for (int o = 0; o < no; o++) {
                for (int q = 0; q < no; q++) {
                    if (g[o][q] != 0) {
                        addOuter(engine.response[o], engine.response[q], x, g[o][q], o == q);
                    }
                }
            }
        }
    }

    /** gram += s · r_x·qᵀ_x (both triangles through the symmetric add; the o == q case adds each pair once). */
    private void addOuter(SparseRows r, SparseRows q, int x, double s, boolean same) {
        for (int a = r.rowStart[x]; a < r.rowStart[x + 1]; a++) {
            int la = local[r.colIndex[a]];
            if (la < 0) {
                continue;
            }
            double va = s * r.values[a];
            for (int b = q.rowStart[x]; b < q.rowStart[x + 1]; b++) {
                int lb = local[q.colIndex[b]];
                if (lb < 0) {
                    continue;
                }
                if (same) {
                    if (lb < la) {
                        continue;
                    }
                    gram.add(la, lb, va * q.values[b]);
                } else {
                    // Off-diagonal order pair (o, q) and (q, o) both visit this product: add half of each ordered
                    // pair's contribution to the symmetric entry... the (q, o) visit adds the transposed product.
                    if (la == lb) {
                        gram.add(la, lb, va * q.values[b]);
                    } else {
                        gram.add(la, lb, 0.5 * va * q.values[b]);
                    }
                }
            }
        }
    }

    private void assembleDerivative(int m) {
        for (int l = 0; l < m; l++) {
            int k = gridIndex[l];
            double d = 0;
            if (k > 0) {
                double h = engine.grid[k] - engine.grid[k - 1];
                d += 1 / (h * h);
            }
            if (k + 1 < engine.grid.length) {
                double h = engine.grid[k + 1] - engine.grid[k];
                d += 1 / (h * h);
                if (l + 1 < m && gridIndex[l + 1] == k + 1) {
                    derivative.add(l, l + 1, -1 / (h * h));
                }
            }
            derivative.add(l, l, d);
        }
    }

    /** Unknowns solved for (grid points seen by the data). */
    public int unknowns() {
        return gridIndex.length;
    }

    /** Stored entries of the normal matrix's envelope. */
    public int envelopeSize() {
        return gram == null ? -1 : gram.envelopeSize();
    }

    /** Bᵀ(d/σ) on the solved unknowns. NaN data must be masked in the engine. */
    double[] rightHandSide(double[] data) {
        int no = engine.orders();
        int cols = engine.cols;
        int rows = engine.rows;
        double[] rhs = new double[gridIndex.length];
        double[] colSum = new double[cols];
        for (int o = 0; o < no; o++) {
            Arrays.fill(colSum, 0);
            double[] w = pixelWeight[o];
            for (int pix = 0; pix < rows * cols; pix++) {
                if (w[pix] != 0) {
                    colSum[pix % cols] += w[pix] * data[pix];
                }
            }
            SparseRows r = engine.response[o];
            for (int x = 0; x < cols; x++) {
                double s = colSum[x];
                if (s == 0) {
                    continue;
                }
                for (int p = r.rowStart[x]; p < r.rowStart[x + 1]; p++) {
                    int l = local[r.colIndex[p]];
                    if (l >= 0) {
                        rhs[l] += s * r.values[p];
                    }
                }
            }
        }
        return rhs;
    }

    /** Factorises BᵀB + α²DᵀD (α = 0: no regularisation). */
    public Solution factor(double alpha) {
        if (gram == null) {
            throw new IllegalStateException("a restored system keeps only its factor; it cannot be factorised again");
        }
        EnvelopeMatrix a = alpha == 0 ? gram.copy() : gram.plusScaled(alpha * alpha, derivative);
        return new Solution(alpha, a);
    }

    /** Spectrum on the whole grid from local unknowns (NaN where not solved). */
    double[] onGrid(double[] x) {
        double[] f = new double[engine.grid.length];
        Arrays.fill(f, Double.NaN);
        for (int l = 0; l < x.length; l++) {
            f[gridIndex[l]] = x[l];
        }
        return f;
    }

    /** Normalised residuals (model − d)/σ of the used pixels. */
    public double[] residuals(double[] f, double[] data) {
        double[] model = engine.model(zeroNaN(f), Double.NaN);
        int used = engine.usedPixels();
        double[] out = new double[used];
        int c = 0;
        for (int pix = 0; pix < model.length; pix++) {
            if (!engine.masked(pix)) {
                out[c++] = (model[pix] - data[pix]) / sigma[pix];
            }
        }
        return out;
    }

    /** Σ over neighbouring solved grid points of ((f_{k+1} − f_k)/(g_{k+1} − g_k))². */
    public double regularisationNorm(double[] f) {
        double s = 0;
        for (int k = 0; k + 1 < f.length; k++) {
            double d = (f[k + 1] - f[k]) / (engine.grid[k + 1] - engine.grid[k]);
            if (Double.isFinite(d)) {
                s += d * d;
            }
        }
        return s;
    }

    static double[] zeroNaN(double[] f) {
        double[] g = f.clone();
        for (int i = 0; i < g.length; i++) {
            if (!Double.isFinite(g[i])) {
                g[i] = 0;
            }
        }
        return g;
    }

    /** A factorised system for one α: solve it for any data. */
    public final class Solution {
        final double alpha;
        final EnvelopeMatrix matrix;   // factor, or the unfactored matrix when the factorisation failed
        final boolean direct;
        final String failure;

        /** A solution as {@link AtocaModelFile} stored it. */
        Solution(double alpha, EnvelopeMatrix matrix, boolean direct, String failure) {
            this.alpha = alpha;
            this.matrix = matrix;
            this.direct = direct;
            this.failure = failure;
        }

        private Solution(double alpha, EnvelopeMatrix a) {
            this.alpha = alpha;
            EnvelopeMatrix unfactored = a.copy();
            String why = null;
            boolean ok;
            try {
                a.factor();
                ok = true;
            } catch (ArithmeticException e) {
                ok = false;
                why = e.getMessage();
                LOG.warning("ATOCA direct solve failed (α = " + alpha + ", " + why + "); falling back to conjugate gradients");
            }
            direct = ok;
            failure = why;
            matrix = ok ? a : unfactored;
        }

        /** The system this solves. */
        NormalEquations outer() {
            return NormalEquations.this;
        }

        public double alpha() {
            return alpha;
        }

        /** Whether the direct (Cholesky) solve is used. */
        public boolean direct() {
            return direct;
        }

        /** The spectrum on the whole grid for data d (NaN where not solved, or everywhere if no solver worked). */
        public double[] solve(double[] data) {
            return solveRhs(rightHandSide(data));
        }

        double[] solveRhs(double[] rhs) {
            double[] x;
            if (direct) {
                x = matrix.solve(rhs);
            } else {
                x = ConjugateGradient.solve(matrix, rhs, 1e-10, Math.min(20 * rhs.length, 2000));
                if (x == null) {
                    LOG.warning("ATOCA solve failed for α = " + alpha + " (" + failure
                            + "; conjugate gradients did not converge): spectrum set to NaN");
                    x = new double[rhs.length];
                    Arrays.fill(x, Double.NaN);
                }
            }
            return onGrid(x);
        }
    }
}
