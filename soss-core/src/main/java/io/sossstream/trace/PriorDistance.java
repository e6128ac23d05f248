package io.sossstream.trace;

import io.sossstream.stats.NanStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far the measured traces lie from their {@link TracePrior}: median and maximum |y − y_prior| per order over
 * the light-sensitive columns (4…2043; order 3 only where it is measured, x &lt; 700, its fit being an
 * extrapolation beyond) where both exist and the prior is on the subarray. An order-1 or order-2
 * trace further than {@value #MEDIAN_LIMIT_PX} px (median) or {@value #MAX_LIMIT_PX} px (anywhere) from its prior is
 * flagged: those priors are good to about a pixel (SPECTRACE sat −0.9…+0.1 px from the measured order 1 of a real
 * A-star frame and 0.9 px (median) from the published WASP-39 orders 1 and 2; PASTASOSS is closer still), so a
 * larger departure means the centroider followed something else (another order, a contaminant) or the prior does
 * not describe this observation; either way a person should look. SPECTRACE's order 3 is a coarser prior (the
 * published WASP-39 order 3 lies 1.47 px (median) from it over x &lt; 700), so order 3 is flagged only beyond
 * {@value #ORDER3_MEDIAN_LIMIT_PX} / {@value #ORDER3_MAX_LIMIT_PX} px.
 *
 * @param priorSource where the prior came from
 * @param median      median |Δy| of orders 1–3 (NaN if no overlap)
 * @param max         maximum |Δy| of orders 1–3
 * @param columns     columns compared, per order
 */
public record PriorDistance(String priorSource, double[] median, double[] max, int[] columns) {
    public static final double MEDIAN_LIMIT_PX = 1.5;
    public static final double MAX_LIMIT_PX = 4.0;
    public static final double ORDER3_MEDIAN_LIMIT_PX = 2.5;
    public static final double ORDER3_MAX_LIMIT_PX = 5.0;
    static final int FIRST_COLUMN = 4;
    static final int LAST_COLUMN = 2043;

    /** Compares measured centroids with the prior, on a subarray of {@code rows} rows. */
    public static PriorDistance between(TraceCentroids measured, TracePrior prior, int rows) {
        double[] med = new double[3];
        double[] max = new double[3];
        int[] n = new int[3];
        for (int order = 1; order <= 3; order++) {
            double[] m = measured.order(order);
            double[] p = prior.order(order);
            double[] d = new double[LAST_COLUMN - FIRST_COLUMN + 1];
            int k = 0;
            double worst = Double.NaN;
            int last = order == 3 ? SossCentroids.ORDER3_MEASURED_UNTIL - 1 : LAST_COLUMN;
            for (int x = FIRST_COLUMN; x <= last; x++) {
                if (Double.isFinite(m[x]) && Double.isFinite(p[x]) && p[x] >= 0 && p[x] <= rows - 1) {
                    d[k] = Math.abs(m[x] - p[x]);
                    worst = Double.isNaN(worst) ? d[k] : Math.max(worst, d[k]);
                    k++;
                }
            }
            med[order - 1] = k == 0 ? Double.NaN : NanStats.medianInPlace(d, k);
            max[order - 1] = worst;
            n[order - 1] = k;
        }
        return new PriorDistance(prior.source(), med, max, n);
    }

    /** Whether an order departs from its prior beyond the limits. */
    public boolean flagged(int order) {
        return median[order - 1] > medianLimit(order) || max[order - 1] > maxLimit(order);
    }

    /** Flagging limit on the median distance of an order (px). */
    public static double medianLimit(int order) {
        return order == 3 ? ORDER3_MEDIAN_LIMIT_PX : MEDIAN_LIMIT_PX;
    }

    /** Flagging limit on the largest distance of an order (px). */
    public static double maxLimit(int order) {
        return order == 3 ? ORDER3_MAX_LIMIT_PX : MAX_LIMIT_PX;
    }

    /** Whether any order is flagged. */
    public boolean flagged() {
        return flagged(1) || flagged(2) || flagged(3);
    }

    /** One line per order for the log and the centroids CSV header. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("Trace prior: " + priorSource);
        for (int order = 1; order <= 3; order++) {
            out.add(String.format(Locale.ROOT, "Order %d from prior: median %.3f px, max %.3f px over %d columns%s",
                    order, median[order - 1], max[order - 1], columns[order - 1],
                    flagged(order) ? String.format(Locale.ROOT, " FLAGGED (limits %.1f / %.1f px)", medianLimit(order),
                            maxLimit(order)) : ""));
        }
        return out;
    }

    /** Short form for a FITS card, e.g. "o1 0.12/0.40 o2 0.30/1.10 o3 0.50/1.90 px". */
    public String compact() {
        StringBuilder sb = new StringBuilder();
        for (int order = 1; order <= 3; order++) {
            sb.append(String.format(Locale.ROOT, "o%d %.2f/%.2f ", order, median[order - 1], max[order - 1]));
        }
        return sb.append("px").toString();
    }
}
