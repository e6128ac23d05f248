package io.sossstream.reference;

import io.sossstream.segment.Subarray;

/**
 * The SOSS WAVEMAP of a subarray, λ(x, y) in µm for orders 1–3, built from SPECTRACE instead of read from CRDS:
 * the SOSS traces have no tilt in the reference solution, so λ is constant down a column and equals
 * {@code np.interp(x, X, WAVELENGTH)} of that order's SPECTRACE table, NaN where x is outside the table's X range
 * (the order is off the detector). Built from {@code spectrace_0022} this reproduces CRDS's
 * {@code jwst_niriss_wavemap_0020} (SUBSTRIP96) exactly; the SUBSTRIP256 file is the same rule on {@code _0023}.
 *
 * <p>Like the reference file, the map covers the detector plus {@link #PADDING} native pixels on every side,
 * oversampling 1: padded column j is detector column x = j − PADDING, padded row k is detector row y = k − PADDING.
 */
public final class WavelengthMap {
    /** Padding of the jwst WAVEMAP/SPECPROFILE reference files (native pixels on each side). */
    public static final int PADDING = 20;

    private final Subarray subarray;
    /** Per order (index order − 1): λ of padded column j, j = 0 … 2048 + 2·PADDING − 1. */
    private final double[][] columns;

    private WavelengthMap(Subarray subarray, double[][] columns) {
        this.subarray = subarray;
        this.columns = columns;
    }

    /** The packaged SPECTRACE's wavelength map for a subarray (FULL uses the SUBSTRIP256 table, as its rows). */
    public static WavelengthMap load(Subarray subarray) {
        return fromSpecTrace(SpecTrace.load(subarray));
    }

    /** The wavelength map implied by a SPECTRACE table. */
    public static WavelengthMap fromSpecTrace(SpecTrace trace) {
        int n = paddedColumns();
        double[][] columns = new double[SpecTrace.ORDERS][n];
        for (int order = 1; order <= SpecTrace.ORDERS; order++) {
            for (int j = 0; j < n; j++) {
                int x = j - PADDING;
                boolean onTable = x >= trace.minX(order) && x <= trace.maxX(order);
                columns[order - 1][j] = onTable ? trace.wavelengthAt(order, x) : Double.NaN;
            }
        }
        return new WavelengthMap(trace.subarray(), columns);
    }

    public Subarray subarray() {
        return subarray;
    }

    /** Columns of the padded map: 2048 + 2·{@link #PADDING}. */
    public static int paddedColumns() {
        return Subarray.COLUMNS + 2 * PADDING;
    }

    /** Rows of the padded map: subarray rows + 2·{@link #PADDING}. */
    public int paddedRows() {
        return subarray.rows() + 2 * PADDING;
    }

    /** λ (µm) of an order (1–3) at detector column x, −PADDING ≤ x &lt; 2048 + PADDING; NaN off the order's trace. */
    public double wavelength(int order, int x) {
        return columns[order - 1][x + PADDING];
    }

    /** λ (µm) of an order at the 2048 detector columns (no padding); NaN where the order is off the detector. */
    public double[] detectorColumns(int order) {
        double[] out = new double[Subarray.COLUMNS];
        System.arraycopy(columns[order - 1], PADDING, out, 0, out.length);
        return out;
    }

    /**
     * The padded float32 image of an order as the WAVEMAP reference file stores it: row-major
     * ({@code k * paddedColumns() + j}), {@link #paddedRows()} × {@link #paddedColumns()}.
     */
    public float[] paddedImage(int order) {
        int nx = paddedColumns();
        int ny = paddedRows();
        float[] image = new float[ny * nx];
        double[] col = columns[order - 1];
        for (int k = 0; k < ny; k++) {
            for (int j = 0; j < nx; j++) {
                image[k * nx + j] = (float) col[j];
            }
        }
        return image;
    }
}
