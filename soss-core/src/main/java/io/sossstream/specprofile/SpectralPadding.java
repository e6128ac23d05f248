package io.sossstream.specprofile;

import io.sossstream.stats.Interp;
import io.sossstream.trace.Polynomial;
import io.sossstream.trace.RobustPolyfit;

/**
 * APPLESOSS's {@code pad_spectral_axis}: columns beyond the usable detector are filled with a reference column
 * shifted in y to follow the trace, whose path is extrapolated by a degree-5 polynomial fitted to the centroids.
 * Used twice: to replace the reference-pixel columns of the frame (spec §2 step 2) and to pad each order's profile
 * by {@link EmpiricalProfile#PADDING} columns on either side (step 10).
 */
final class SpectralPadding {
    private static final int TRACE_DEGREE = 5;

    private SpectralPadding() {
    }

    /**
     * Step 2: detector columns 0–4 become copies of column 5 and columns 2043–2047 copies of column 2042, each
     * shifted by the order-1 trace (the outermost 4 columns on each side are reference pixels without light).
     *
     * @param frame rows × 2048
     * @param y1    order-1 centroids at every column
     */
    static double[][] replaceReferenceColumns(double[][] frame, double[] y1) {
        int first = 5;
        int last = frame[0].length - 1 - first; // 2042
        int n = last - first + 1;
        double[] xc = new double[n];
        double[] yc = new double[n];
        for (int j = 0; j < n; j++) {
            xc[j] = first + j;
            yc[j] = y1[first + j];
        }
        Polynomial trace = fit(xc, yc);
        double[][] out = copy(frame);
        for (int c = 0; c < frame[0].length; c++) {
            if (c < first) {
                setColumn(out, c, shifted(frame, first, y1[first], trace.value(c)));
            } else if (c > last) {
                setColumn(out, c, shifted(frame, last, y1[last], trace.value(c)));
            }
        }
        return out;
    }

    /**
     * Step 10.1: {@code pad} columns on each side; padded column j is detector column x = j − pad. The left
     * padding is detector column 6 and everything from detector column 2043 on is column 2042, shifted along the
     * extrapolated trace.
     *
     * @param profile rows × 2048
     * @param yc      the order's centroids at every column
     */
    static double[][] padColumns(double[][] profile, double[] yc, int pad) {
        int rows = profile.length;
        int width = profile[0].length;
        double[] xc = new double[width];
        for (int x = 0; x < width; x++) {
            xc[x] = x;
        }
        Polynomial trace = fit(xc, yc);
        int refLeft = 6;
        int refRight = width - 6;
        double[][] out = new double[rows][width + 2 * pad];
        for (int k = 0; k < rows; k++) {
            System.arraycopy(profile[k], 0, out[k], pad, width);
        }
        for (int c = 0; c < width + 2 * pad; c++) {
            if (c < pad) {
                setColumn(out, c, shifted(profile, refLeft, yc[refLeft], trace.value(c - pad)));
            } else if (c >= refRight + pad + 1) {
                setColumn(out, c, shifted(profile, refRight, yc[refRight], trace.value(c - pad)));
            }
        }
        return out;
    }

    private static Polynomial fit(double[] xc, double[] yc) {
        return RobustPolyfit.leastSquares(xc, yc, TRACE_DEGREE, RobustPolyfit.COLUMN_CENTRE,
                RobustPolyfit.COLUMN_CENTRE);
    }

    /** {@code np.interp(y, y − yRef + yNew, frame[:, ref])}: the reference column moved from yRef to yNew. */
    static double[] shifted(double[][] frame, int ref, double yRef, double yNew) {
        int rows = frame.length;
        double[] xp = new double[rows];
        double[] fp = new double[rows];
        for (int k = 0; k < rows; k++) {
            xp[k] = k - yRef + yNew;
            fp[k] = frame[k][ref];
        }
        double[] out = new double[rows];
        for (int k = 0; k < rows; k++) {
            out[k] = Interp.interp(k, xp, fp);
        }
        return out;
    }

    static void setColumn(double[][] image, int c, double[] values) {
        for (int k = 0; k < values.length; k++) {
            image[k][c] = values[k];
        }
    }

    static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int k = 0; k < a.length; k++) {
            out[k] = a[k].clone();
        }
        return out;
    }
}
