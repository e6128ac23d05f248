package io.sossstream.events;

/**
 * An observation's wavelength calibration is durably stored. Topic {@link Topics#CALIBRATION_READY},
 * key = observation id.
 *
 * @param schemaVersion  {@link PipelineEvent#SCHEMA_VERSION}
 * @param observationId  observation
 * @param calibrationKey key of {@code calibration.json} in the work bucket
 * @param shiftPixels    fitted shift of the trace relative to the reference solution, pixels (0 when not fitted)
 * @param status         {@link Status#FITTED} or {@link Status#REFERENCE} (reference solution kept, flagged)
 */
public record CalibrationReady(
        int schemaVersion,
        String observationId,
        String calibrationKey,
        double shiftPixels,
        Status status) implements PipelineEvent {

    /** How the wavelength solution was obtained. */
    public enum Status {
        /** Shift fitted against a stellar model. */
        FITTED,
        /** No stellar parameters configured (or fit impossible): the reference solution is kept, flagged. */
        REFERENCE
    }

    public CalibrationReady {
        PipelineEvent.checkVersion(schemaVersion);
        PipelineEvent.checkText(observationId, "observationId");
        PipelineEvent.checkText(calibrationKey, "calibrationKey");
        PipelineEvent.check(status != null, "status is missing");
        PipelineEvent.check(Double.isFinite(shiftPixels), "shiftPixels is not finite");
    }

    /** Current schema version. */
    public CalibrationReady(String observationId, String calibrationKey, double shiftPixels, Status status) {
        this(SCHEMA_VERSION, observationId, calibrationKey, shiftPixels, status);
    }
}
