package io.sossstream.reference;

import io.sossstream.error.BadInputException;
import io.sossstream.segment.Subarray;

import java.util.Locale;

/**
 * Wavelength (µm) of every detector column for orders 1 and 2, in detector order (x = 0 is red for order 1).
 * Columns where an order's trace is not on the detector are NaN. {@link #shifted(double)} applies a
 * refinement (exoTEDRF adds the same Δλ to both orders).
 *
 * @param orderOne     λ₁(x), length 2048
 * @param orderTwo     λ₂(x), length 2048, NaN beyond the order-2 trace
 * @param shiftMicrons Δλ already added to the reference solution (0 for the reference itself)
 */
public record WavelengthSolution(double[] orderOne, double[] orderTwo, double shiftMicrons) {

    /** The reference solution from SPECTRACE: λ(x) interpolated against X, NaN outside the table's X range. */
    public static WavelengthSolution fromSpecTrace(SpecTrace trace) {
        double[] w1 = new double[Subarray.COLUMNS];
        double[] w2 = new double[Subarray.COLUMNS];
        for (int x = 0; x < Subarray.COLUMNS; x++) {
            w1[x] = inside(trace, 1, x) ? trace.wavelengthAt(1, x) : Double.NaN;
            w2[x] = inside(trace, 2, x) ? trace.wavelengthAt(2, x) : Double.NaN;
        }
        return new WavelengthSolution(w1, w2, 0.0);
    }

    /**
     * The PASTASOSS solution at a pupil-wheel position: each order's wavelength model evaluated at the columns where
     * SPECTRACE has that order on the detector (NaN elsewhere, as {@link #fromSpecTrace}).
     *
     * @param source names the file PWCPOS came from
     * @throws BadInputException if PWCPOS is unknown or outside the models' calibrated range
     */
    public static WavelengthSolution fromPastasoss(SpecTrace trace, double pwcpos, String source) {
        PastasossWavelength m1 = PastasossWavelength.load(1);
        PastasossWavelength m2 = PastasossWavelength.load(2);
        if (!m1.covers(pwcpos)) {
            throw new BadInputException(source, String.format(Locale.ROOT,
                    "PWCPOS %s is outside the PASTASOSS wavelength model's valid range %s",
                    Double.isNaN(pwcpos) ? "(missing)" : String.format(Locale.ROOT, "%.4f°", pwcpos), m1.rangeText()));
        }
        double[] w1 = new double[Subarray.COLUMNS];
        double[] w2 = new double[Subarray.COLUMNS];
        for (int x = 0; x < Subarray.COLUMNS; x++) {
            w1[x] = inside(trace, 1, x) ? m1.wavelength(x, pwcpos) : Double.NaN;
            w2[x] = inside(trace, 2, x) ? m2.wavelength(x, pwcpos) : Double.NaN;
        }
        return new WavelengthSolution(w1, w2, 0.0);
    }

    private static boolean inside(SpecTrace trace, int order, int x) {
        return x >= trace.minX(order) && x <= trace.maxX(order);
    }

    /** Wavelengths of an order (1 or 2). */
    public double[] order(int order) {
        return order == 1 ? orderOne : orderTwo;
    }

    /** A copy with {@code deltaMicrons} added to both orders. */
    public WavelengthSolution shifted(double deltaMicrons) {
        double[] w1 = orderOne.clone();
        double[] w2 = orderTwo.clone();
        for (int i = 0; i < w1.length; i++) {
            w1[i] += deltaMicrons;
            w2[i] += deltaMicrons;
        }
        return new WavelengthSolution(w1, w2, shiftMicrons + deltaMicrons);
    }
}
