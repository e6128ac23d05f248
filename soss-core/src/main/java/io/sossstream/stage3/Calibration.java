package io.sossstream.stage3;

import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthSolution;
import io.sossstream.segment.Subarray;

/**
 * The observation's wavelength calibration as calibration-service stores it ({@code calibration.json}) and the
 * formatter applies it: the reference SPECTRACE solution plus one shift for both orders. Keeping only the shift
 * (not arrays) makes the batch and the stream apply bit-identical wavelengths.
 *
 * @param status                {@code REFINED} or {@code REFERENCE_KEPT}
 * @param message               human-readable status for logs and the header
 * @param shiftMicrons          Δλ added to both orders (0 when kept)
 * @param shiftPixels           measured trace shift in pixels (NaN when kept)
 * @param uncertaintyPixels     1σ of the shift (NaN when kept)
 * @param predictedOffsetPixels pupil-wheel (PWCPOS) prediction of the trace's x offset (NaN if unknown)
 * @param model                 description of the stellar model used (null when kept)
 * @param pwcpos                pupil-wheel position of the reference segment (degrees; NaN if unknown), which
 *                              also sets the flux-calibration trace offset
 */
public record Calibration(String status, String message, double shiftMicrons, double shiftPixels,
                          double uncertaintyPixels, double predictedOffsetPixels, String model, double pwcpos) {

    /** The wavelengths of both orders for a subarray. */
    public WavelengthSolution solution(Subarray subarray) {
        return WavelengthSolution.fromSpecTrace(SpecTrace.load(subarray)).shifted(shiftMicrons);
    }
}
