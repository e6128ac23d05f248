package io.sossstream.stage3;

import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthSolution;
import io.sossstream.segment.Subarray;

/**
 * The observation's wavelength calibration as calibration-service stores it ({@code calibration.json}) and the
 * formatter applies it: a reference solution (SPECTRACE, or PASTASOSS at the segment's PWCPOS) plus one shift for
 * both orders. Keeping only the shift (not arrays) makes the batch and the stream apply bit-identical wavelengths.
 *
 * @param status                {@code REFINED}, {@code REFERENCE_KEPT} (no model) or {@code KEPT_*} (a measured
 *                              shift was rejected, see {@code message})
 * @param message               human-readable status with the deciding figures, for logs and the header
 * @param shiftMicrons          Δλ added to both orders (0 when kept)
 * @param shiftPixels           measured trace shift in pixels, also when rejected (NaN without a model)
 * @param uncertaintyPixels     1σ of the measured shift (NaN without a model)
 * @param predictedOffsetPixels prior on the shift (PWCPOS prediction for SPECTRACE, 0 for PASTASOSS; NaN if unknown)
 * @param model                 description of the stellar model used (null without a model)
 * @param pwcpos                pupil-wheel position of the reference segment (degrees; NaN if unknown), which
 *                              also sets the flux-calibration trace offset and the PASTASOSS solution
 * @param method                how the shift was measured (null without a model)
 * @param measuredMicrons       measured Δλ, also when rejected (NaN without a model)
 * @param peakCorrelation       normalised CCF peak (NaN without a model)
 * @param secondPeakRatio       highest other CCF maximum over the main peak (NaN without a model)
 * @param solution              reference solution: {@link #SPECTRACE} or {@link #PASTASOSS}
 */
public record Calibration(String status, String message, double shiftMicrons, double shiftPixels,
                          double uncertaintyPixels, double predictedOffsetPixels, String model, double pwcpos,
                          String method, double measuredMicrons, double peakCorrelation, double secondPeakRatio,
                          String solution) {
    public static final String SPECTRACE = "SPECTRACE";
    public static final String PASTASOSS = "PASTASOSS";

    /** The wavelengths of both orders for a subarray: the reference solution plus the applied shift. */
    public WavelengthSolution solution(Subarray subarray) {
        return reference(subarray, PASTASOSS.equals(solution), pwcpos, "calibration").shifted(shiftMicrons);
    }

    /**
     * The reference solution: SPECTRACE's λ(x), or the PASTASOSS wavelength models at {@code pwcpos}.
     *
     * @param source names what PWCPOS came from, for the error when it is outside the PASTASOSS range
     */
    public static WavelengthSolution reference(Subarray subarray, boolean pastasoss, double pwcpos, String source) {
        SpecTrace trace = SpecTrace.load(subarray);
        return pastasoss ? WavelengthSolution.fromPastasoss(trace, pwcpos, source) : WavelengthSolution.fromSpecTrace(trace);
    }
}
