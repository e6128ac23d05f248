package io.sossstream.atoca;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A sparse symmetric positive-definite matrix stored by its envelope (skyline) after a Reverse Cuthill–McKee
 * reordering, with an in-place square-root-free Cholesky factorisation A = L·D·Lᵀ and triangular solves.
 *
 * <p>Why: ATOCA's normal matrix BᵀB + α²DᵀD couples each grid point to its kernel neighbours and, through the
 * pixels where orders 1 and 2 overlap, to the grid points of the other order in the same detector column. In
 * wavelength order that second coupling makes it wide (bandwidth ~3800 of ~6400); ordering the unknowns by
 * RCM on that graph interleaves the two orders column by column and leaves a narrow envelope, so the Cholesky
 * factor is fill-free outside it and costs a fraction of a dense one. Row i stores columns first[i] … i.
 */
final class EnvelopeMatrix {
    final int n;
    /** perm[newIndex] = oldIndex; inverse[oldIndex] = newIndex. */
    final int[] perm;
    private final int[] inverse;
    final int[] first;
    private final int[] rowStart;
    double[] values;
    boolean factored;

    private EnvelopeMatrix(int n, int[] perm, int[] inverse, int[] first, int[] rowStart, double[] values) {
        this.n = n;
        this.perm = perm;
        this.inverse = inverse;
        this.first = first;
        this.rowStart = rowStart;
        this.values = values;
    }

    /** A matrix as {@link AtocaModelFile} stored it: ordering, envelope rows and values (factored or not). */
    static EnvelopeMatrix restored(int[] perm, int[] first, double[] values, boolean factored) {
        int n = perm.length;
        int[] inverse = new int[n];
        int[] rowStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            inverse[perm[i]] = i;
            rowStart[i + 1] = rowStart[i] + i - first[i] + 1;
        }
        if (rowStart[n] != values.length) {
            throw new IllegalArgumentException("envelope of " + rowStart[n] + " entries, " + values.length + " values");
        }
        EnvelopeMatrix m = new EnvelopeMatrix(n, perm, inverse, first, rowStart, values);
        m.factored = factored;
        return m;
    }

    /** An empty matrix whose envelope holds the given structure, reordered by Reverse Cuthill–McKee. */
    static EnvelopeMatrix forStructure(Structure s) {
        int n = s.n;
        int[][] adj = s.adjacency();
        int[] perm = reverseCuthillMcKee(adj);
        int[] inverse = new int[n];
        for (int i = 0; i < n; i++) {
            inverse[perm[i]] = i;
        }
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            int f = i;
            for (int nb : adj[perm[i]]) {
                f = Math.min(f, inverse[nb]);
            }
            first[i] = f;
        }
        int[] rowStart = new int[n + 1];
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += i - first[i] + 1;
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("envelope too large: " + total);
            }
            rowStart[i + 1] = (int) total;
        }
        return new EnvelopeMatrix(n, perm, inverse, first, rowStart, new double[(int) total]);
    }

    /** Number of stored entries (the envelope size). */
    int envelopeSize() {
        return rowStart[n];
    }

    /** A copy with the same ordering and values (not factored). */
    EnvelopeMatrix copy() {
        if (factored) {
            throw new IllegalStateException("copy of a factored matrix");
        }
        return new EnvelopeMatrix(n, perm, inverse, first, rowStart, values.clone());
    }

    /** this + s·other (same structure object). */
    EnvelopeMatrix plusScaled(double s, EnvelopeMatrix other) {
        if (other.perm != perm) {
            throw new IllegalArgumentException("matrices of different structure");
        }
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += s * other.values[i];
        }
        return new EnvelopeMatrix(n, perm, inverse, first, rowStart, v);
    }

    /** A[i][j] += v and A[j][i] += v (original indices; i ≠ j adds once to the stored lower triangle). */
    void add(int i, int j, double v) {
        int a = inverse[i];
        int b = inverse[j];
        if (a < b) {
            int t = a;
            a = b;
            b = t;
        }
        if (b < first[a]) {
            throw new IllegalArgumentException("(" + i + ", " + j + ") is outside the envelope");
        }
        values[rowStart[a] + b - first[a]] += v;
    }

    /** y = A·x (original ordering; not for a factored matrix). */
    double[] times(double[] x) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int oi = perm[i];
            int base = rowStart[i] - first[i];
            double xi = x[oi];
            double s = values[base + i] * xi;
            for (int j = first[i]; j < i; j++) {
                double a = values[base + j];
                if (a != 0) {
                    int oj = perm[j];
                    s += a * x[oj];
                    y[oj] += a * xi;
                }
            }
            y[oi] += s;
        }
        return y;
    }

    /**
     * In-place square-root-free Cholesky A = L·D·Lᵀ (row-oriented, within the envelope; L unit lower triangular,
     * stored below the diagonal, D on it). Like the sparse LU jwst uses, it tolerates the tiny negative pivots
     * round-off produces in a nearly singular, weakly regularised normal matrix.
     *
     * @throws ArithmeticException if a pivot is zero or not finite (the matrix is singular)
     */
    void factor() {
        double[] v = values;
        double[] work = new double[n];
        for (int i = 0; i < n; i++) {
            int fi = first[i];
            int bi = rowStart[i] - fi;
            // work[j] = (L·D)[i][j] for j < i, by forward substitution within the envelope.
            for (int j = fi; j < i; j++) {
                int fj = first[j];
                int bj = rowStart[j] - fj;
                work[j] = v[bi + j] - dot(work, 0, v, bj, Math.max(fi, fj), j);
            }
            double d = v[bi + i];
            for (int j = fi; j < i; j++) {
                double l = work[j] / v[rowStart[j] - first[j] + j];
                d -= l * work[j];
                v[bi + j] = l;
            }
            if (d == 0 || !Double.isFinite(d)) {
                throw new ArithmeticException("zero or non-finite pivot " + d + " at row " + i + " of " + n);
            }
            v[bi + i] = d;
        }
        factored = true;
    }

    /** Σ_{k=from}^{to−1} a[k + ao]·b[k + bo], four partial sums (the JIT does not reorder FP reductions). */
    private static double dot(double[] a, int ao, double[] b, int bo, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = from;
        for (; k + 3 < to; k += 4) {
            s0 += a[ao + k] * b[bo + k];
            s1 += a[ao + k + 1] * b[bo + k + 1];
            s2 += a[ao + k + 2] * b[bo + k + 2];
            s3 += a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < to; k++) {
            s0 += a[ao + k] * b[bo + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** x with A·x = b (after {@link #factor}); original ordering. */
    double[] solve(double[] b) {
        if (!factored) {
            throw new IllegalStateException("solve before factor");
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = b[perm[i]];
        }
        // L·z = y
        for (int i = 0; i < n; i++) {
            int fi = first[i];
            int bi = rowStart[i] - fi;
            double s = y[i];
            for (int k = fi; k < i; k++) {
                s -= values[bi + k] * y[k];
            }
            y[i] = s;
        }
        // D·w = z, then Lᵀ·x = w (column sweep)
        for (int i = 0; i < n; i++) {
            y[i] /= values[rowStart[i] - first[i] + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            int fi = first[i];
            int bi = rowStart[i] - fi;
            double xi = y[i];
            for (int k = fi; k < i; k++) {
                y[k] -= values[bi + k] * xi;
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[perm[i]] = y[i];
        }
        return x;
    }

    /** Reverse Cuthill–McKee ordering of a graph (all components), starting each from a pseudo-peripheral node. */
    static int[] reverseCuthillMcKee(int[][] adj) {
        int n = adj.length;
        boolean[] placed = new boolean[n];
        int[] order = new int[n];
        int count = 0;
        Integer[] byDegree = new Integer[n];
        for (int i = 0; i < n; i++) {
            byDegree[i] = i;
        }
        Arrays.sort(byDegree, (a, b) -> Integer.compare(adj[a].length, adj[b].length));
        for (int seed : byDegree) {
            if (placed[seed]) {
                continue;
            }
            int start = pseudoPeripheral(adj, seed);
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            queue.add(start);
            placed[start] = true;
            while (!queue.isEmpty()) {
                int u = queue.poll();
                order[count++] = u;
                int[] nb = Arrays.stream(adj[u]).filter(w -> !placed[w]).boxed()
                        .sorted((a, b) -> adj[a].length != adj[b].length ? Integer.compare(adj[a].length, adj[b].length)
                                : Integer.compare(a, b))
                        .mapToInt(Integer::intValue).toArray();
                for (int w : nb) {
                    placed[w] = true;
                    queue.add(w);
                }
            }
        }
        int[] rev = new int[n];
        for (int i = 0; i < n; i++) {
            rev[i] = order[n - 1 - i];
        }
        return rev;
    }

    private static int pseudoPeripheral(int[][] adj, int start) {
        int node = start;
        int ecc = -1;
        for (int iter = 0; iter < 5; iter++) {
            int[] level = bfsLevels(adj, node);
            int maxLevel = 0;
            for (int l : level) {
                maxLevel = Math.max(maxLevel, l);
            }
            if (maxLevel <= ecc) {
                break;
            }
            ecc = maxLevel;
            int best = node;
            for (int i = 0; i < level.length; i++) {
                if (level[i] == maxLevel && (best == node || adj[i].length < adj[best].length)) {
                    best = i;
                }
            }
            node = best;
        }
        return node;
    }

    private static int[] bfsLevels(int[][] adj, int s) {
        int[] level = new int[adj.length];
        Arrays.fill(level, -1);
        level[s] = 0;
        int[] queue = new int[adj.length];
        int head = 0;
        int tail = 0;
        queue[tail++] = s;
        while (head < tail) {
            int u = queue[head++];
            for (int w : adj[u]) {
                if (level[w] < 0) {
                    level[w] = level[u] + 1;
                    queue[tail++] = w;
                }
            }
        }
        return level;
    }

    /** The non-zero structure of a symmetric matrix, collected as cliques (index sets fully coupled). */
    static final class Structure {
        final int n;
        private final long[][] bits;

        Structure(int n) {
            this.n = n;
            bits = new long[n][(n + 63) >>> 6];
        }

        /** All pairs of {@code members[0..count)} are coupled. */
        void addClique(int[] members, int count) {
            for (int a = 0; a < count; a++) {
                long[] row = bits[members[a]];
                for (int b = 0; b < count; b++) {
                    int m = members[b];
                    row[m >>> 6] |= 1L << (m & 63);
                }
            }
        }

        void addPair(int i, int j) {
            bits[i][j >>> 6] |= 1L << (j & 63);
            bits[j][i >>> 6] |= 1L << (i & 63);
            bits[i][i >>> 6] |= 1L << (i & 63);
            bits[j][j >>> 6] |= 1L << (j & 63);
        }

        int[][] adjacency() {
            int[][] adj = new int[n][];
            int[] buf = new int[n];
            for (int i = 0; i < n; i++) {
                int c = 0;
                long[] row = bits[i];
                for (int w = 0; w < row.length; w++) {
                    long word = row[w];
                    while (word != 0) {
                        int bit = Long.numberOfTrailingZeros(word);
                        int j = (w << 6) + bit;
                        if (j != i) {
                            buf[c++] = j;
                        }
                        word &= word - 1;
                    }
                }
                adj[i] = Arrays.copyOf(buf, c);
            }
            return adj;
        }
    }
}
