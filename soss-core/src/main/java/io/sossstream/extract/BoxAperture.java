package io.sossstream.extract;

import io.sossstream.trace.TraceCentroids;

/**
 * A box extraction aperture of one order: full width W (pixels) centred on the trace centre c(x) of every detector
 * column, with fractional edge pixels.
 *
 * <p>Pixel row r covers the continuous interval [r, r+1) of the y coordinate. The aperture of column x is
 * [lo, up) ∩ [0, dimy) with lo = c − W/2, up = c + W/2; every row is weighted by its overlap with that interval.
 * This class precomputes, once per aperture, the whole rows [{@link #wholeStart}, {@link #wholeEnd}) (weight 1) and
 * the two partial rows with their weights. It is the single place where the edge rule lives: {@link BoxExtractor}
 * and {@link WidthOptimizer} both read it.
 *
 * <p>Relation to exoTEDRF {@code do_box_extraction} (whole rows ceil(lo)…floor(up)−1, plus
 * (up mod 1)·D[floor(up)] and (1 − lo mod 1)·D[ceil(lo)−1]): the weights are computed with the same
 * floating-point operations, so for an aperture inside the detector with non-integer lo the numbers are identical.
 * Two deliberate differences, where exoTEDRF is wrong:
 * <ul>
 *   <li>an integer lo adds no extra row (row lo−1 has zero overlap); exoTEDRF adds the whole row lo−1 (width W+1);</li>
 *   <li>an aperture reaching a detector edge is clipped to [0, dimy) and keeps its partial pixel on the other side;
 *       exoTEDRF drops both partial pixels whenever up ≥ dimy−1 or lo ≤ 0.</li>
 * </ul>
 * Also handled: both edges inside the same pixel (W &lt; 1: weight up − lo). Columns whose centre is NaN, or whose
 * aperture lies entirely off the detector, are not extracted.
 */
public final class BoxAperture {
    private final double[] centres;
    private final double width;
    private final int dimy;
    private final boolean[] extracted;
    private final int[] wholeStart;
    private final int[] wholeEnd;
    private final int[] lowerRow;
    private final double[] lowerWeight;
    private final int[] upperRow;
    private final double[] upperWeight;

    private BoxAperture(double[] centres, double width, int dimy) {
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("aperture width must be positive and finite, not " + width);
        }
        if (dimy < 1) {
            throw new IllegalArgumentException("detector rows must be positive, not " + dimy);
        }
        int n = centres.length;
        this.centres = centres.clone();
        this.width = width;
        this.dimy = dimy;
        extracted = new boolean[n];
        wholeStart = new int[n];
        wholeEnd = new int[n];
        lowerRow = new int[n];
        lowerWeight = new double[n];
        upperRow = new int[n];
        upperWeight = new double[n];
        for (int x = 0; x < n; x++) {
            computeColumn(x);
        }
    }

    /** An aperture of full width {@code width} around {@code centres[x]} (NaN = column not extracted). */
    public static BoxAperture of(double[] centres, double width, int dimy) {
        return new BoxAperture(centres, width, dimy);
    }

    /** The aperture of an order (1 or 2) as exoTEDRF extracts it; see {@link #extractedCentres}. */
    public static BoxAperture forOrder(TraceCentroids centroids, int order, double width, int dimy) {
        return of(extractedCentres(centroids, order), width, dimy);
    }

    /**
     * The centres exoTEDRF extracts for an order. Order 1: every column with a finite centroid. Order 2: exoTEDRF
     * extracts only columns 0…N−1, N = number of finite order-2 centroids (it compacts the finite values, which
     * equals the finite prefix for centroids that are finite from x = 0 up to where the trace leaves the
     * detector, the edgetrigger case). Here column x in [0, N) uses its own centroid (a NaN hole stays
     * unextracted instead of shifting the later centroids), columns ≥ N are NaN.
     */
    public static double[] extractedCentres(TraceCentroids centroids, int order) {
        double[] c = centroids.order(order).clone();
        if (order == 2) {
            int finite = 0;
            for (double v : c) {
                if (Double.isFinite(v)) {
                    finite++;
                }
            }
            for (int x = finite; x < c.length; x++) {
                c[x] = Double.NaN;
            }
        }
        return c;
    }

    private void computeColumn(int x) {
        double c = centres[x];
        if (!Double.isFinite(c)) {
            return;
        }
        double lo = Math.max(c - width / 2, 0);
        double up = Math.min(c + width / 2, dimy);
        lowerRow[x] = -1;
        upperRow[x] = -1;
        if (!(up > lo)) {
            return;                                  // entirely off the detector: nothing to extract
        }
        extracted[x] = true;
        int start = (int) Math.ceil(lo);
        int end = (int) Math.floor(up);
        if (start > end) {                           // both edges inside pixel floor(lo)
            upperRow[x] = (int) Math.floor(lo);
            upperWeight[x] = up - lo;
            return;
        }
        wholeStart[x] = start;
        wholeEnd[x] = end;
        double upFrac = up % 1;                      // exoTEDRF: edge_up % 1
        if (upFrac > 0) {
            upperRow[x] = end;
            upperWeight[x] = upFrac;
        }
        double loFrac = lo % 1;                      // exoTEDRF: 1 - edge_low % 1 (zero overlap if lo is integer)
        if (loFrac > 0) {
            lowerRow[x] = start - 1;
            lowerWeight[x] = 1 - loFrac;
        }
    }

    /** Number of detector columns (length of the centre array). */
    public int columns() {
        return centres.length;
    }

    /** Full width W (pixels). */
    public double width() {
        return width;
    }

    /** Detector rows the aperture is clipped to. */
    public int dimy() {
        return dimy;
    }

    /** Trace centre of column x (NaN = not extracted). */
    public double centre(int x) {
        return centres[x];
    }

    /**
     * Whether column x is extracted (finite centre, aperture at least partly on the detector). Unextracted columns
     * hold NaN; exoTEDRF writes 0 there, which a light-curve fitter would read as data.
     */
    public boolean isExtracted(int x) {
        return extracted[x];
    }

    /** First whole row (weight 1) of column x. */
    public int wholeStart(int x) {
        return wholeStart[x];
    }

    /** End (exclusive) of the whole rows of column x; equal to {@link #wholeStart} when there are none. */
    public int wholeEnd(int x) {
        return wholeEnd[x];
    }

    /** Partial row below the whole rows, or −1 if none (integer lo or clipped at row 0). */
    public int lowerRow(int x) {
        return lowerRow[x];
    }

    /** Weight of {@link #lowerRow} in (0, 1). */
    public double lowerWeight(int x) {
        return lowerWeight[x];
    }

    /** Partial row above the whole rows, or −1 if none (integer up or clipped at dimy). */
    public int upperRow(int x) {
        return upperRow[x];
    }

    /** Weight of {@link #upperRow} in (0, 1]. */
    public double upperWeight(int x) {
        return upperWeight[x];
    }
}
