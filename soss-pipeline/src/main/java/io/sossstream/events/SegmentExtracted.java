package io.sossstream.events;

/**
 * One segment's extracted spectra are durably stored. Topic {@link Topics#SEGMENT_EXTRACTED}, key = observation id.
 *
 * @param schemaVersion {@link PipelineEvent#SCHEMA_VERSION}
 * @param observationId observation the segment belongs to
 * @param segmentNumber EXSEGNUM (1-based)
 * @param segmentTotal  EXSEGTOT
 * @param spectraKey    key of the per-segment spectra in the work bucket
 * @param rawBucket     bucket of the raw segment
 * @param rawKey        key of the raw segment (decoded)
 * @param integrations  integrations in this segment
 * @param landedAt      when the raw segment landed (from its S3 event), epoch milliseconds; end-to-end latency
 *                      is measured from it
 */
public record SegmentExtracted(
        int schemaVersion,
        String observationId,
        int segmentNumber,
        int segmentTotal,
        String spectraKey,
        String rawBucket,
        String rawKey,
        int integrations,
        long landedAt) implements PipelineEvent {

    public SegmentExtracted {
        PipelineEvent.checkVersion(schemaVersion);
        PipelineEvent.checkText(observationId, "observationId");
        PipelineEvent.check(segmentNumber >= 1 && segmentNumber <= segmentTotal,
                "segmentNumber " + segmentNumber + " outside 1.." + segmentTotal);
        PipelineEvent.checkText(spectraKey, "spectraKey");
        PipelineEvent.checkText(rawBucket, "rawBucket");
        PipelineEvent.checkText(rawKey, "rawKey");
        PipelineEvent.check(integrations > 0, "integrations must be positive");
    }

    /** Current schema version. */
    public SegmentExtracted(String observationId, int segmentNumber, int segmentTotal, String spectraKey,
            String rawBucket, String rawKey, int integrations, long landedAt) {
        this(SCHEMA_VERSION, observationId, segmentNumber, segmentTotal, spectraKey, rawBucket, rawKey,
                integrations, landedAt);
    }
}
