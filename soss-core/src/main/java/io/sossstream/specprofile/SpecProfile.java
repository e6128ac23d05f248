package io.sossstream.specprofile;

import io.sossstream.segment.Subarray;

/**
 * The SOSS spatial profile of orders 1–3 (jwst's SPECPROFILE reference, APPLESOSS's empirical profile): for each
 * order an image of the detector plus {@link #padding()} native pixels on every side, oversampled
 * {@link #oversampling()} times, each column normalised to unit sum. ATOCA models the frame as these profiles
 * times the orders' spectra.
 *
 * <p>Padded pixel (k, j) of an order (oversampled grid) covers detector pixel
 * (y, x) = (⌊k / os⌋ − padding, ⌊j / os⌋ − padding). Immutable: accessors return copies.
 */
public final class SpecProfile {
    public static final int ORDERS = 3;

    private final Subarray subarray;
    private final int padding;
    private final int oversampling;
    /** Per order (index order − 1): the padded image, row-major ({@code k * paddedColumns() + j}). */
    private final float[][] images;
    private final Provenance provenance;

    /**
     * @param images the three padded order images, row-major, each
     *               (rows + 2·padding)·os × (2048 + 2·padding)·os; copied
     */
    public SpecProfile(Subarray subarray, int padding, int oversampling, float[][] images, Provenance provenance) {
        if (padding < 0 || oversampling < 1) {
            throw new IllegalArgumentException("padding " + padding + " / oversampling " + oversampling);
        }
        if (images.length != ORDERS) {
            throw new IllegalArgumentException(images.length + " order images, need " + ORDERS);
        }
        this.subarray = subarray;
        this.padding = padding;
        this.oversampling = oversampling;
        this.provenance = provenance;
        this.images = new float[ORDERS][];
        int n = paddedRows() * paddedColumns();
        for (int o = 0; o < ORDERS; o++) {
            if (images[o].length != n) {
                throw new IllegalArgumentException("order " + (o + 1) + " image has " + images[o].length
                        + " pixels, not " + paddedRows() + " × " + paddedColumns());
            }
            this.images[o] = images[o].clone();
        }
    }

    public Subarray subarray() {
        return subarray;
    }

    /** Native pixels of padding on each side of the detector. */
    public int padding() {
        return padding;
    }

    public int oversampling() {
        return oversampling;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** Rows of each padded image: (subarray rows + 2·padding)·oversampling. */
    public int paddedRows() {
        return (subarray.rows() + 2 * padding) * oversampling;
    }

    /** Columns of each padded image: (2048 + 2·padding)·oversampling. */
    public int paddedColumns() {
        return (Subarray.COLUMNS + 2 * padding) * oversampling;
    }

    /** A copy of an order's (1–3) padded image, row-major, as the reference file stores it. */
    public float[] paddedImage(int order) {
        return images[index(order)].clone();
    }

    /** One pixel of an order's padded image. */
    public float paddedValue(int order, int k, int j) {
        return images[index(order)][k * paddedColumns() + j];
    }

    /**
     * The profile of an order on the detector: subarray rows × 2048, row-major ({@code y * 2048 + x}), padding cut
     * off; with oversampling > 1, the mean of each native pixel's os × os samples.
     */
    public double[] detectorProfile(int order) {
        float[] img = images[index(order)];
        int rows = subarray.rows();
        int cols = Subarray.COLUMNS;
        int os = oversampling;
        int width = paddedColumns();
        double[] out = new double[rows * cols];
        double norm = 1.0 / (os * os);
        for (int y = 0; y < rows; y++) {
            int k0 = (y + padding) * os;
            for (int x = 0; x < cols; x++) {
                int j0 = (x + padding) * os;
                double s = 0;
                for (int a = 0; a < os; a++) {
                    for (int b = 0; b < os; b++) {
                        s += img[(k0 + a) * width + j0 + b];
                    }
                }
                out[y * cols + x] = s * norm;
            }
        }
        return out;
    }

    private static int index(int order) {
        if (order < 1 || order > ORDERS) {
            throw new IllegalArgumentException("SOSS order must be 1, 2 or 3, not " + order);
        }
        return order - 1;
    }
}
