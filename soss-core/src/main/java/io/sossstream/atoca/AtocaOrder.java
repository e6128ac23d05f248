package io.sossstream.atoca;

import io.sossstream.error.BadInputException;
import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthMap;
import io.sossstream.segment.Subarray;
import io.sossstream.specprofile.SpecProfile;

import java.util.ArrayList;
import java.util.List;

/**
 * What ATOCA knows of one spectral order before seeing data: its trace (x, y, λ for the columns the order is
 * extracted on), the wavelength of every detector column (NaN off the order), the spatial profile on the detector
 * (rows × 2048) and the throughput.
 *
 * @param order            1, 2 or 3
 * @param traceY           trace centre row at x = 0 … cutoff − 1 (jwst's box aperture centres)
 * @param traceWavelength  λ (µm) at x = 0 … cutoff − 1 (the output wavelengths)
 * @param columnWavelength λ of the 2048 detector columns, NaN off the order (the wavelength map)
 * @param profile          spatial profile, rows × 2048 row-major
 */
public record AtocaOrder(int order, double[] traceY, double[] traceWavelength, double[] columnWavelength,
                         double[] profile, Throughput throughput) {

    /** Columns on which jwst extracts each order on SUBSTRIP256 (pastasoss CUTOFFS). */
    static final int[] CUTOFFS = {2048, 1783, 1134};

    public int cutoff() {
        return traceY.length;
    }

    /** Orders 1–3 (or 1–2) from SPECTRACE, its wavelength map and a SPECPROFILE. */
    public static List<AtocaOrder> of(SpecTrace trace, WavelengthMap map, SpecProfile profile, int orders, String source) {
        if (profile.subarray() != Subarray.SUBSTRIP256 || trace.subarray() == Subarray.SUBSTRIP96) {
            throw new BadInputException(source, "ATOCA is implemented for SUBSTRIP256 only, not " + profile.subarray());
        }
        List<AtocaOrder> out = new ArrayList<>();
        for (int order = 1; order <= orders; order++) {
            int cut = CUTOFFS[order - 1];
            double[] y = new double[cut];
            double[] w = new double[cut];
            // jwst interpolates the trace table with a not-a-knot cubic spline (CubicSpline); its pixel-edge
            // grids come from these wavelengths and the pixels' edges from the linear wavelength map.
            BSplineCurve lam = BSplineCurve.interpolate(trace.x(order), trace.wavelength(order), true);
            BSplineCurve row = BSplineCurve.interpolate(trace.x(order), trace.y(order), true);
            for (int x = 0; x < cut; x++) {
                y[x] = row.value(x);
                w[x] = lam.value(x);
            }
            out.add(new AtocaOrder(order, y, w, map.detectorColumns(order), profile.detectorProfile(order),
                    Throughput.of(trace, order)));
        }
        return out;
    }
}
