package io.sossstream.specprofile;

import io.sossstream.error.BadInputException;
import io.sossstream.reference.WavelengthMap;
import io.sossstream.segment.Subarray;
import io.sossstream.trace.RobustPolyfit;
import io.sossstream.trace.TraceCentroids;

/**
 * The APPLESOSS empirical spatial profile of orders 1–3 (Radica et al. 2022; exoTEDRF's {@code specprofilestep}),
 * spec §2: built from the observation's deep stack and trace centroids, at padding 20 and oversampling 1, in the
 * layout of jwst's SPECPROFILE reference file.
 *
 * <p>Differences from APPLESOSS v2.1.0, all on purpose: no numpy &lt; 2 side effect that turns row 0 of the frame
 * into NaN before the superprofile; SUBSTRIP96 gives order 1 and normalised flat placeholders for orders 2 and 3
 * (APPLESOSS crashes); NaN left in a profile (from NaN pixels in a trace core) becomes 0, as APPLESOSS already does
 * for orders 2 and 3, because ATOCA cannot model NaN; the wings are fitted on the finite rows of the
 * superprofile; a frame from which an order cannot be built is a {@link BadInputException} naming the problem.
 */
public final class EmpiricalProfile {
    /** Native pixels of padding on each side (exoTEDRF's {@code pad=20}). */
    public static final int PADDING = WavelengthMap.PADDING;
    public static final int OVERSAMPLING = 1;
    /** Order 2 is read from the data from this column on; bluer, it is blended with order 1. */
    static final int ORDER2_FIRST_DATA_COLUMN = 750;
    /** Reference columns replaced at each side before anything is measured (4 reference pixels + 1). */
    private static final int EDGE = 5;
    private static final int[] CENTROID_DEGREE = {11, 5, 3};

    private EmpiricalProfile() {
    }

    /** {@link #build(double[], Subarray, TraceCentroids, WavelengthMap, Provenance, String)} with the packaged map. */
    public static SpecProfile build(double[] frame, Subarray subarray, TraceCentroids centroids,
                                    Provenance provenance, String source) {
        return build(frame, subarray, centroids, WavelengthMap.load(subarray), provenance, source);
    }

    /**
     * @param frame      the deep stack, row-major ({@code y * 2048 + x}), subarray rows × 2048, DN/s
     * @param centroids  trace centres of orders 1–3 (orders 2–3 unused for SUBSTRIP96); NaN tails, as exoTEDRF's
     *                   centroids CSV has past the detector edge, are extended by the polynomial degree APPLESOSS
     *                   fits them with (11, 5, 3)
     * @param map        λ(x) of each order
     * @param source     names the frame in errors (file names of the deep stack's inputs)
     * @throws BadInputException if the frame cannot give a profile (FULL, entirely NaN columns, order 1 too close
     *                           to the detector edge, no order-2/3 centroids for SUBSTRIP256)
     */
    public static SpecProfile build(double[] frame, Subarray subarray, TraceCentroids centroids, WavelengthMap map,
                                    Provenance provenance, String source) {
        if (subarray == Subarray.FULL) {
            throw new BadInputException(source, "the empirical profile is built for SUBSTRIP256 and SUBSTRIP96, not FULL");
        }
        int dimy = subarray.rows();
        int width = Subarray.COLUMNS;
        if (frame.length != dimy * width) {
            throw new BadInputException(source, "deep stack has " + frame.length + " pixels, a " + subarray
                    + " frame has " + dimy + " × " + width);
        }
        double[][] clear = new double[dimy][width];
        for (int y = 0; y < dimy; y++) {
            System.arraycopy(frame, y * width, clear[y], 0, width);
        }
        checkColumns(clear, source);
        double[] y1 = wholeTrace(centroids, 1, source);
        checkOrderOne(y1, dimy, centroids.source(), source);

        clear = SpectralPadding.replaceReferenceColumns(clear, y1);
        TraceWings wings = TraceWings.measure(clear, y1, source);

        // order 1 (step 6): every column read from the data, rows padded with the edge rows
        OrderReconstruction.Order o1 = new OrderReconstruction.Order(dimy, wings.length(), width);
        OrderReconstruction.fromData(clear, y1, wings, o1, 0);
        double[][] profile1 = finish(padRows(o1.image(), PADDING, PADDING), y1);
        double[][] profile2;
        double[][] profile3;
        if (subarray == Subarray.SUBSTRIP96) {
            // orders 2 and 3 are not on SUBSTRIP96: flat columns of unit sum, as the jwst layout needs three orders
            profile2 = flat(profile1.length, profile1[0].length);
            profile3 = flat(profile1.length, profile1[0].length);
        } else {
            double[] y2 = wholeTrace(centroids, 2, source);
            double[] y3 = wholeTrace(centroids, 3, source);
            double[] lambda2 = columnWavelengths(map, 2);
            OrderReconstruction.Order o2 = orderTwo(clear, o1, y2, wings, columnWavelengths(map, 1), lambda2);
            double[][] o3 = orderThree(y3, columnWavelengths(map, 3), lambda2, o2.rect());
            profile2 = finish(padRows(o2.image(), PADDING, 0), y2);
            profile3 = finish(padRows(o3, PADDING, 0), y3);
        }
        float[][] images = {toFloat(profile1), toFloat(profile2), toFloat(profile3)};
        return new SpecProfile(subarray, PADDING, OVERSAMPLING, images, provenance);
    }

    /**
     * Step 7: from x = 750 on, order 2 is read from the data minus order 1; bluer, where it is blended with order 1,
     * it is order 1's shape at the same wavelength; past the top of the detector, its last readable column moved
     * along the trace. Detector rows 0…dimy+19 (the padding above the detector included).
     */
    private static OrderReconstruction.Order orderTwo(double[][] clear, OrderReconstruction.Order o1, double[] y2,
                                                      TraceWings wings, double[] lambda1, double[] lambda2) {
        int dimy = clear.length;
        int width = clear[0].length;
        int rows = dimy + PADDING;
        double[][] residual = new double[dimy][width];
        for (int y = 0; y < dimy; y++) {
            for (int x = 0; x < width; x++) {
                residual[y][x] = clear[y][x] - o1.image()[y][x];
            }
        }
        OrderReconstruction.Order o2 = new OrderReconstruction.Order(rows, wings.length(), width);
        int lastData = OrderReconstruction.fromData(residual, y2, wings, o2, ORDER2_FIRST_DATA_COLUMN);
        for (int x = 0; x < ORDER2_FIRST_DATA_COLUMN; x++) {
            SpectralPadding.setColumn(o2.image(), x,
                    OrderReconstruction.interpolated(lambda2[x], y2[x], lambda1, o1.rect(), rows));
        }
        int stop = OrderReconstruction.stopColumn(y2, rows, TraceWings.CORE_ABOVE);
        if (lastData < width) {
            OrderReconstruction.continued(o2.image(), y2, lastData, stop);
        }
        zeroFrom(o2.image(), stop);
        return o2;
    }

    /** Step 8: order 3 is never readable on its own: order 2's shape at the same wavelength, until it leaves. */
    private static double[][] orderThree(double[] y3, double[] lambda3, double[] lambda2, double[][] rect2) {
        int width = y3.length;
        int rows = Subarray.SUBSTRIP256.rows() + PADDING;
        double[][] o3 = new double[rows][width];
        int stop = OrderReconstruction.stopColumn(y3, rows, TraceWings.CORE_ABOVE);
        for (int x = 0; x < stop; x++) {
            SpectralPadding.setColumn(o3, x, OrderReconstruction.interpolated(lambda3[x], y3[x], lambda2, rect2, rows));
        }
        return o3;
    }

    /** Step 10: spectral padding, unit column sums, outlier columns smoothed, negatives (and NaN) to 0. */
    private static double[][] finish(double[][] order, double[] yc) {
        double[][] padded = SpectralPadding.padColumns(order, yc, PADDING);
        int rows = padded.length;
        int cols = padded[0].length;
        for (int c = 0; c < cols; c++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                double v = padded[r][c];
                sum += Double.isNaN(v) ? 0 : v;
            }
            for (int r = 0; r < rows; r++) {
                double v = padded[r][c] / sum;
                padded[r][c] = Double.isFinite(v) ? v : 0;
            }
        }
        double[][] smoothed = OutlierColumns.smooth(padded);
        for (double[] row : smoothed) {
            for (int c = 0; c < cols; c++) {
                if (!(row[c] >= 0)) {
                    row[c] = 0;
                }
            }
        }
        return smoothed;
    }

    /** Rows added above and below, copies of the edge rows ({@code np.pad(mode='edge')}). */
    static double[][] padRows(double[][] image, int below, int above) {
        int rows = image.length;
        double[][] out = new double[rows + below + above][];
        for (int k = 0; k < out.length; k++) {
            int src = Math.max(0, Math.min(rows - 1, k - below));
            out[k] = image[src].clone();
        }
        return out;
    }

    private static double[][] flat(int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            java.util.Arrays.fill(row, 1.0 / rows);
        }
        return out;
    }

    private static void zeroFrom(double[][] image, int column) {
        for (double[] row : image) {
            java.util.Arrays.fill(row, Math.min(column, row.length), row.length, 0.0);
        }
    }

    /**
     * λ of each detector column as APPLESOSS's {@code get_wave_solution} reads it: the float32 WAVEMAP column
     * averaged over the detector rows by numpy in float32 (rows summed one after the other, then divided). The
     * rounding of that sum matters: it makes some order-2/3 wavelengths tie exactly with an order-1/2 column,
     * which changes which two columns {@code interp_profile} blends there.
     */
    static double[] columnWavelengths(WavelengthMap map, int order) {
        int rows = map.subarray().rows();
        double[] out = new double[Subarray.COLUMNS];
        for (int x = 0; x < out.length; x++) {
            float v = (float) map.wavelength(order, x);
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                sum += v;
            }
            out[x] = sum / rows;
        }
        return out;
    }

    private static float[] toFloat(double[][] image) {
        int cols = image[0].length;
        float[] out = new float[image.length * cols];
        for (int r = 0; r < image.length; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) image[r][c];
            }
        }
        return out;
    }

    /** The order's centroid at every column: finite values kept, NaN ones from a polynomial fit of the finite ones. */
    static double[] wholeTrace(TraceCentroids centroids, int order, String source) {
        double[] y = centroids.order(order).clone();
        int n = y.length;
        double[] x = new double[n];
        int finite = 0;
        for (int i = 0; i < n; i++) {
            x[i] = i;
            finite += Double.isFinite(y[i]) ? 1 : 0;
        }
        if (finite == n) {
            return y;
        }
        int degree = CENTROID_DEGREE[order - 1];
        if (finite <= 2 * degree) {
            throw new BadInputException(centroids.source(), "order-" + order + " centroids have " + finite
                    + " finite values; the profile of " + source + " needs them across the detector");
        }
        var p = RobustPolyfit.leastSquares(x, y, degree, RobustPolyfit.COLUMN_CENTRE, RobustPolyfit.COLUMN_CENTRE);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(y[i])) {
                y[i] = p.value(i);
            }
        }
        return y;
    }

    /** A column with no finite pixel has no profile to read (reference columns 0–4, 2043–2047 are replaced). */
    private static void checkColumns(double[][] clear, String source) {
        int width = clear[0].length;
        int firstBad = -1;
        int count = 0;
        for (int x = EDGE; x < width - EDGE; x++) {
            boolean any = false;
            for (double[] row : clear) {
                if (!Double.isNaN(row[x])) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                firstBad = firstBad < 0 ? x : firstBad;
                count++;
            }
        }
        if (count > 0) {
            throw new BadInputException(source, count + " detector column(s) of the deep stack are entirely NaN"
                    + " (first: x = " + firstBad + "); the spatial profile cannot be read there");
        }
    }

    /** Every order-1 column is read from the data: its core, rows y−15…y+16, must be on the detector. */
    private static void checkOrderOne(double[] y1, int dimy, String centroidSource, String source) {
        for (int x = 0; x < y1.length; x++) {
            long c = (long) Math.rint(10 * y1[x]);
            if (c < 10L * TraceWings.CORE_BELOW || c / 10.0 + TraceWings.CORE_ABOVE > dimy) {
                throw new BadInputException(source, "order-1 trace (" + centroidSource + ") is at y = "
                        + y1[x] + " at x = " + x + ", off the " + dimy + "-row detector or within 16 rows of"
                        + " its edge; the profile core cannot be read");
            }
        }
    }
}
