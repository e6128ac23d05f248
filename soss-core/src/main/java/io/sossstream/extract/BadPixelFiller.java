package io.sossstream.extract;

import io.sossstream.segment.Frame;
import io.sossstream.segment.PixelWindow;
import io.sossstream.stack.DeepStack;
import io.sossstream.trace.TraceCentroids;

/**
 * Replaces missing pixels (DO_NOT_USE, NaN, inf) of an integration with the deep stack scaled to that integration,
 * so that one bad pixel does not blank a whole column of the spectrum for the whole time series.
 *
 * <p>exoTEDRF's box sum propagates NaN, and its stage 2 (BadPixStep) interpolates bad pixels before stage 3.
 * soss-stream reads calints-like files that may still carry DO_NOT_USE pixels, so it repairs them here, in the
 * spirit of jwst's {@code soss_bad_pix='model'}: in a column with missing pixels, each one becomes
 * {@code model(y, x) · s(x)}, where the model is the deep stack and {@code s(x) = Σ D / Σ model} over the column's
 * valid pixels within ±{@value #BAND} rows of the order-1 trace (where the flux is). Its error is the same relative
 * error as that band's sum. Deep-stack pixels that are themselves NaN (a pixel bad in every integration) are bridged
 * from the neighbouring columns, along which the trace moves by far less than a pixel. Frames without missing pixels
 * are untouched, so extraction stays identical to exoTEDRF there.
 */
public final class BadPixelFiller {
    /** Half-height (rows) of the band around the order-1 trace used to scale the model. */
    public static final int BAND = 20;
    private static final int MIN_VALID = 5;

    private final int rows;
    private final int cols;
    private final float[] model;
    private final int[] bandLo;
    private final int[] bandHi;
    /** Rows [fillLo[x], fillHi[x]) of column x that are repaired (what the frames' reader reads). */
    private final int[] fillLo;
    private final int[] fillHi;

    /** A repair of whole frames. */
    public BadPixelFiller(DeepStack deepStack, TraceCentroids centroids) {
        this(deepStack, centroids, null);
    }

    /**
     * A repair of frames read through {@code window} (null: whole frames), which holds the band around the order-1
     * trace: only the rows of each column between the window's first and last pixel are repaired (and their model
     * bridged). Pixels outside the window are never read, so a consumer of the window sees what a whole-frame repair
     * gives it.
     */
    public BadPixelFiller(DeepStack deepStack, TraceCentroids centroids, PixelWindow window) {
        rows = deepStack.rows();
        cols = deepStack.cols();
        bandLo = new int[cols];
        bandHi = new int[cols];
        band(centroids, rows, cols, bandLo, bandHi);
        fillLo = new int[cols];
        fillHi = new int[cols];
        if (window == null) {
            java.util.Arrays.fill(fillHi, rows);
        } else {
            window.columnSpans(fillLo, fillHi);
        }
        model = bridged(deepStack.pixels(), rows, cols, fillLo, fillHi);
    }

    /**
     * Rows [lo[x], hi[x]) of the band around the order-1 trace that scales the model in column x: ±{@value #BAND}
     * rows around the centroid, the whole column where it has none. A reader of frames to be repaired must read it.
     */
    public static void band(TraceCentroids centroids, int rows, int cols, int[] lo, int[] hi) {
        for (int x = 0; x < cols; x++) {
            double c = centroids.orderOne()[x];
            if (Double.isFinite(c)) {
                lo[x] = Math.max(0, (int) Math.floor(c - BAND));
                hi[x] = Math.min(rows, (int) Math.ceil(c + BAND) + 1);
            } else {
                lo[x] = 0;
                hi[x] = rows;
            }
        }
    }

    /** Repairs {@code frame} in place; returns the number of pixels filled. */
    public int fill(Frame frame) {
        float[] sci = frame.sci;
        if (frame.missing == 0) {
            return 0;
        }
        boolean[] missing = frame.missing > 0 ? frame.missingColumn : null;
        for (int i = 0; missing == null && i < sci.length; i++) {
            if (!Float.isFinite(sci[i])) {
                missing = new boolean[cols];
                for (int k = i; k < sci.length; k++) {
                    if (!Float.isFinite(sci[k])) {
                        missing[k % cols] = true;
                    }
                }
            }
        }
        if (missing == null) {
            return 0;
        }
        int filled = 0;
        for (int x = 0; x < cols; x++) {
            if (missing[x]) {
                filled += fillColumn(frame, x);
            }
        }
        frame.missing = -1; // what is left is unknown now: a later call rescans
        return filled;
    }

    private int fillColumn(Frame frame, int x) {
        float[] sci = frame.sci;
        float[] err = frame.err;
        double data = 0;
        double ref = 0;
        double var = 0;
        int valid = 0;
        for (int y = bandLo[x]; y < bandHi[x]; y++) {
            int i = y * cols + x;
            if (Float.isFinite(sci[i]) && Float.isFinite(model[i])) {
                data += sci[i];
                ref += model[i];
                if (Float.isFinite(err[i])) {
                    var += (double) err[i] * err[i];
                }
                valid++;
            }
        }
        if (valid < MIN_VALID || !(ref > 0) || !(data > 0)) {
            return 0; // nothing to scale by: the column stays missing
        }
        double scale = data / ref;
        double relErr = Math.sqrt(var) / data;
        int n = 0;
        for (int y = fillLo[x], i = y * cols + x; y < fillHi[x]; y++, i += cols) {
            if (!Float.isFinite(sci[i]) && Float.isFinite(model[i])) {
                sci[i] = (float) (model[i] * scale);
                err[i] = (float) Math.abs(sci[i] * relErr);
                n++;
            }
        }
        return n;
    }

    /**
     * The deep stack with NaN pixels replaced by the mean of their nearest finite neighbours along x, in rows
     * [lo[x], hi[x]) of each column x (the others are left as they are: never read).
     */
    private static float[] bridged(float[] deep, int rows, int cols, int[] lo, int[] hi) {
        float[] out = deep.clone();
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int i = y * cols + x;
                if (Float.isFinite(out[i]) || y < lo[x] || y >= hi[x]) {
                    continue;
                }
                float left = Float.NaN;
                float right = Float.NaN;
                for (int k = x - 1; k >= 0 && k >= x - 3; k--) {
                    if (Float.isFinite(deep[y * cols + k])) {
                        left = deep[y * cols + k];
                        break;
                    }
                }
                for (int k = x + 1; k < cols && k <= x + 3; k++) {
                    if (Float.isFinite(deep[y * cols + k])) {
                        right = deep[y * cols + k];
                        break;
                    }
                }
                out[i] = Float.isFinite(left) && Float.isFinite(right) ? 0.5f * (left + right)
                        : Float.isFinite(left) ? left : right;
            }
        }
        return out;
    }
}
