package io.sossstream.redrive;

import io.sossstream.pipeline.Failure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One record of {@code soss.dead-letter} as the redrive sees it: the original record (key, value, topic) and where
 * it first came from. The services' failure strategies (SmallRye's dead-letter queue, after its delayed-retry
 * topics) copy the failed record's own headers and add {@code dead-letter-topic/-partition/-offset}, and, for a
 * record that went through a retry topic, {@code delayed-retry-topic/-partition/-offset} naming the record before
 * its first retry.
 *
 * @param topic       the pipeline topic to re-publish to
 * @param key         the original key
 * @param value       the original value
 * @param origin      {@code <topic>/<partition>/<offset>} of the first record this failure goes back to; a redriven
 *                    record carries it in {@link #ORIGIN_HEADER}, so that a record dead-lettered again after a
 *                    redrive keeps its origin and is re-published once, not once per failure
 * @param observation the observation the record belongs to: header {@code dead-letter-observation}, else from its
 *                    key when that names one
 * @param reason      the {@code dead-letter-reason} header
 * @param offset      offset of the dead letter itself (later = more recent)
 */
public record DeadLetter(String topic, String key, byte[] value, String origin, Optional<String> observation,
                         String reason, long offset) {
    /** Header of a re-published record: the origin of the failure it redrives. */
    public static final String ORIGIN_HEADER = "soss-redrive-origin";

    /** The dead letter of a {@code soss.dead-letter} record; empty when it names no original topic. */
    public static Optional<DeadLetter> of(ConsumerRecord<String, byte[]> r) {
        Headers h = r.headers();
        String retried = text(h, "delayed-retry-topic");
        String topic = retried != null ? retried : text(h, "dead-letter-topic");
        if (topic == null) {
            return Optional.empty();
        }
        String coordinates = retried != null
                ? retried + "/" + text(h, "delayed-retry-partition") + "/" + text(h, "delayed-retry-offset")
                : topic + "/" + text(h, "dead-letter-partition") + "/" + text(h, "dead-letter-offset");
        String origin = text(h, ORIGIN_HEADER);
        String reason = text(h, "dead-letter-reason");
        // the services name the observation in a header; a dead letter of SmallRye's own strategy only by its key
        String named = text(h, "dead-letter-observation");
        Optional<String> observation = named != null ? Optional.of(named) : Failure.observationOf(r.key());
        return Optional.of(new DeadLetter(topic, r.key(), r.value(), origin != null ? origin : coordinates,
                observation, reason == null ? "no reason given" : reason, r.offset()));
    }

    /** The last value of header {@code name} as UTF-8 text, null when absent. */
    private static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
