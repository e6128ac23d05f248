package io.sossstream.events;

/**
 * Kafka topic names of the pipeline, in processing order. Every topic but {@link #SEGMENTS} is keyed by the
 * observation id so that one observation's events stay in order on one partition; {@link #SEGMENTS} carries
 * MinIO's bucket notification, keyed {@code <bucket>/<object key>}.
 */
public final class Topics {
    /** A raw segment landed in the raw bucket: {@link S3EventNotification} (MinIO's own JSON). */
    public static final String SEGMENTS = "soss.segments";
    /** An observation's spatial profile is stored: {@link ProfileReady}. */
    public static final String PROFILE_READY = "soss.profile-ready";
    /** One segment's spectra are stored: {@link SegmentExtracted}. */
    public static final String SEGMENT_EXTRACTED = "soss.segment-extracted";
    /** An observation's wavelength calibration is stored: {@link CalibrationReady}. */
    public static final String CALIBRATION_READY = "soss.calibration-ready";
    /** An observation's final products are stored: {@link SpectraReady}. */
    public static final String SPECTRA_READY = "soss.spectra-ready";
    /** Records that can never be processed (bad input), with the reason in headers. */
    public static final String DEAD_LETTER = "soss.dead-letter";
    /**
     * Records parked after a retriable failure (store or broker unreachable), each with the service that retries
     * it and when (headers), so that the input partition moves on meanwhile. Key = the original record's key.
     */
    public static final String RETRY = "soss.retry";

    /** All topics, for creating them. */
    public static final java.util.List<String> ALL = java.util.List.of(
            SEGMENTS, PROFILE_READY, SEGMENT_EXTRACTED, CALIBRATION_READY, SPECTRA_READY, DEAD_LETTER, RETRY);

    private Topics() {
    }

    /** The topic an event is published on. */
    public static String of(PipelineEvent e) {
        if (e instanceof ProfileReady) {
            return PROFILE_READY;
        } else if (e instanceof SegmentExtracted) {
            return SEGMENT_EXTRACTED;
        } else if (e instanceof CalibrationReady) {
            return CALIBRATION_READY;
        } else if (e instanceof SpectraReady) {
            return SPECTRA_READY;
        }
        throw new IllegalArgumentException("no topic for " + e.getClass().getSimpleName());
    }
}
