package io.sossstream.specprofile;

import io.sossstream.stats.NanStats;

import java.util.ArrayList;
import java.util.List;

/**
 * APPLESOSS {@code smooth_outlier_columns} (spec §2 step 10.3): columns where the profile jumps (a seam between
 * the data and the interpolated part, a bad column) are replaced by the mean of their neighbours. A jump is a
 * column-to-column difference whose median over the rows exceeds {@value #THRESHOLD} standard deviations of all
 * such medians; runs of flagged differences are repaired by their length: 1 → that column, 2 → the second one,
 * 3–4 → the whole run from the columns bracketing it, 5 or more → left alone (a real feature).
 */
final class OutlierColumns {
    static final double THRESHOLD = 2.0;

    private OutlierColumns() {
    }

    /** A repaired copy of {@code frame}; neighbours are always read from the unrepaired frame. */
    static double[][] smooth(double[][] frame) {
        int rows = frame.length;
        int cols = frame[0].length;
        double[] jump = new double[cols - 1];
        double[] diff = new double[rows];
        for (int k = 0; k < cols - 1; k++) {
            for (int r = 0; r < rows; r++) {
                diff[r] = frame[r][k + 1] - frame[r][k];
            }
            jump[k] = NanStats.nanmedian(diff);
        }
        double limit = THRESHOLD * NanStats.nanstd(jump);
        List<int[]> runs = new ArrayList<>();
        for (int k = 0; k < jump.length; k++) {
            if (Math.abs(jump[k]) > limit) {
                if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == k - 1) {
                    runs.get(runs.size() - 1)[1] = k;
                } else {
                    runs.add(new int[] {k, k});
                }
            }
        }
        double[][] out = SpectralPadding.copy(frame);
        for (int[] run : runs) {
            int a = run[0];
            int b = run[1];
            int n = b - a + 1;
            if (n == 1) {
                replace(frame, out, a, a, a - 1, a + 1);
            } else if (n == 2) {
                replace(frame, out, b, b, b - 1, b + 1);
            } else if (n <= 4) {
                replace(frame, out, a, b, a - 1, b + 1);
            }
        }
        return out;
    }

    /** Columns [from, to] ← mean of columns left and right of the unrepaired frame (numpy: −1 is the last). */
    private static void replace(double[][] frame, double[][] out, int from, int to, int left, int right) {
        int cols = frame[0].length;
        if (right >= cols) {
            return;
        }
        int l = left < 0 ? left + cols : left;
        for (int c = from; c <= to; c++) {
            for (int r = 0; r < frame.length; r++) {
                out[r][c] = 0.5 * (frame[r][l] + frame[r][right]);
            }
        }
    }
}
