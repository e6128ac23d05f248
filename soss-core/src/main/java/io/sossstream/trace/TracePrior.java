package io.sossstream.trace;

import io.sossstream.reference.Pastasoss;
import io.sossstream.reference.PastasossTrace;
import io.sossstream.reference.PastasossWavelength;
import io.sossstream.reference.SpecTrace;
import io.sossstream.segment.Subarray;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where the traces are expected before looking: the PASTASOSS trace models of orders 1 and 2 rotated to the
 * segment's PWCPOS; SPECTRACE where PASTASOSS does not apply (PWCPOS unknown or outside the models' calibrated
 * range, and always for order 3, which PASTASOSS does not model). Rows are those of the subarray; NaN where an
 * order has no prior.
 *
 * @param rows the expected centre rows, as centroids whose source says where they come from, e.g.
 *             {@code "pastasoss PWCPOS=245.7900 (orders 1-2), spectrace_0023 (order 3)"}
 */
public record TracePrior(TraceCentroids rows) {

    /** Expected y per column of one order (1, 2 or 3). */
    public double[] order(int order) {
        return rows.order(order);
    }

    /** Where the prior comes from. */
    public String source() {
        return rows.source();
    }

    /**
     * The prior of a subarray at a PWCPOS (degrees, NaN if unknown). PASTASOSS is used inside the PWCPOS range of
     * its order-1 calibration ({@link PastasossWavelength#covers(double)}), SPECTRACE outside it.
     */
    public static TracePrior of(Subarray subarray, double pwcpos) {
        SpecTrace spectrace = SpecTrace.load(subarray);
        String specName = SpecTrace.fileName(subarray).replace("jwst_niriss_", "").replace(".fits", "");
        double[] o3 = fromSpecTrace(spectrace, 3, subarray);
        if (PastasossWavelength.load(1).covers(pwcpos)) {
            return new TracePrior(new TraceCentroids(PastasossTrace.load(1).rowsAtColumns(pwcpos, subarray),
                    PastasossTrace.load(2).rowsAtColumns(pwcpos, subarray), o3,
                    String.format(Locale.ROOT, "pastasoss PWCPOS=%.4f (orders 1-2), %s (order 3)", pwcpos, specName)));
        }
        return new TracePrior(new TraceCentroids(fromSpecTrace(spectrace, 1, subarray),
                fromSpecTrace(spectrace, 2, subarray), o3, specName + (Double.isNaN(pwcpos) ? " (PWCPOS unknown)"
                        : String.format(Locale.ROOT, " (PWCPOS=%.4f outside pastasoss range)", pwcpos))));
    }

    /** SPECTRACE Y at the columns its X covers (NaN elsewhere); FULL rows are shifted from SUBSTRIP256's. */
    static double[] fromSpecTrace(SpecTrace t, int order, Subarray subarray) {
        double extra = subarray == Subarray.FULL ? Pastasoss.rowOffsetFrom256(Subarray.FULL) : 0;
        double[] y = new double[Subarray.COLUMNS];
        Arrays.fill(y, Double.NaN);
        for (int x = 0; x < y.length; x++) {
            if (x >= t.minX(order) && x <= t.maxX(order)) {
                y[x] = t.yAt(order, x) + extra;
            }
        }
        return y;
    }
}
