package io.sossstream.pipeline;

import io.sossstream.error.BadInputException;
import io.sossstream.segment.SegmentLayout;
import io.sossstream.storage.ObjectLayout;

import java.util.Optional;

/**
 * A record the pipeline gave up on (topic {@code soss.dead-letter}): which observation, which record and why.
 * Stored as {@code observations/<obs>/failures/<topic>-<partition>-<offset>.json} ({@link DeadLetterStep}), so that
 * the status page shows the observation as failed, with what failed where.
 *
 * @param schemaVersion 2 (version 1 records, without service, stage and object, are still read)
 * @param observationId the observation the failed record belongs to
 * @param topic         topic of the failed record
 * @param partition     its partition
 * @param offset        its offset
 * @param recordKey     its key (observation id, or {@code <bucket>/<key>} of a raw segment)
 * @param reason        why it failed (the {@code dead-letter-reason} header: names the object or event and the
 *                      problem)
 * @param failedAt      when the dead letter was recorded, epoch milliseconds
 * @param service       the service that gave up on the record (null when the dead letter does not say)
 * @param stage         the step of that service, e.g. {@code segment-landed} (null when not said)
 * @param objectKey     the object or event the reason is about, e.g. {@code raw/<folder>/<file>.fits}
 */
public record Failure(int schemaVersion, String observationId, String topic, int partition, long offset,
                      String recordKey, String reason, long failedAt, String service, String stage,
                      String objectKey) {
    public static final int SCHEMA_VERSION = 2;

    /**
     * The failure of a dead-lettered record; empty when neither {@code observation} nor the record's key names an
     * observation.
     *
     * @param observation the observation the dead letter names (its {@code dead-letter-observation} header), or
     *                    null to derive it from the key
     */
    public static Optional<Failure> of(String topic, int partition, long offset, String recordKey, String reason,
            long failedAt, String observation, String service, String stage, String objectKey) {
        Optional<String> obs = observation != null ? valid(observation) : observationOf(recordKey);
        return obs.map(o -> new Failure(SCHEMA_VERSION, o, topic, partition, offset, recordKey,
                reason == null ? "no reason given" : reason, failedAt, service, stage, objectKey));
    }

    /**
     * The observation of a failed record, from its key: the pipeline's events are keyed by observation id; S3
     * notifications (topic {@code soss.segments}) by {@code <bucket>/<key>} of the raw object, whose file name names
     * the observation as a segment's FILENAME does. Empty for keys that cannot name one.
     */
    public static Optional<String> observationOf(String recordKey) {
        if (recordKey == null || recordKey.isBlank()) {
            return Optional.empty();
        }
        return valid(recordKey.contains("/") ? SegmentLayout.observationId(recordKey) : recordKey);
    }

    private static Optional<String> valid(String obs) {
        try {
            ObjectLayout.defaults().observationPrefix(obs);
            return Optional.of(obs);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public byte[] toJson() {
        return PipelineJson.write(this);
    }

    /** Parses a stored failure; {@code source} names the object in errors. */
    public static Failure fromJson(byte[] json, String source) {
        Failure f = PipelineJson.read(json, Failure.class, source);
        if (f.schemaVersion < 1 || f.schemaVersion > SCHEMA_VERSION || f.observationId == null || f.topic == null) {
            throw new BadInputException(source, "not a schemaVersion 1.." + SCHEMA_VERSION + " failure record");
        }
        return f;
    }
}
