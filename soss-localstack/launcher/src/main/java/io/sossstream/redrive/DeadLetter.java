package io.sossstream.redrive;

import io.sossstream.events.DeadLetterHeaders;
import io.sossstream.pipeline.Failure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One record of {@code soss.dead-letter} as the redrive sees it: the original record (key, value, topic) and where
 * it first came from. The services write the original key and value with the original coordinates in
 * {@link DeadLetterHeaders} (for a record parked on the retry topic, those before it was parked) after the record's
 * own headers, as SmallRye's dead-letter strategy does too.
 *
 * @param topic       the pipeline topic to re-publish to
 * @param key         the original key
 * @param value       the original value
 * @param origin      {@code <topic>/<partition>/<offset>} of the first record this failure goes back to; a redriven
 *                    record carries it in {@link #ORIGIN_HEADER}, so that a record dead-lettered again after a
 *                    redrive keeps its origin and is re-published once, not once per failure
 * @param observation the observation the record belongs to: header {@link DeadLetterHeaders#OBSERVATION}, else from
 *                    its key when that names one
 * @param reason      the {@link DeadLetterHeaders#REASON} header
 * @param offset      offset of the dead letter itself (later = more recent)
 */
public record DeadLetter(String topic, String key, byte[] value, String origin, Optional<String> observation,
                         String reason, long offset) {
    /** Header of a re-published record: the origin of the failure it redrives. */
    public static final String ORIGIN_HEADER = "soss-redrive-origin";

    /** The dead letter of a {@code soss.dead-letter} record; empty when it names no original topic. */
    public static Optional<DeadLetter> of(ConsumerRecord<String, byte[]> r) {
        Headers h = r.headers();
        String topic = text(h, DeadLetterHeaders.TOPIC);
        if (topic == null) {
            return Optional.empty();
        }
        String coordinates = topic + "/" + text(h, DeadLetterHeaders.PARTITION) + "/"
                + text(h, DeadLetterHeaders.OFFSET);
        String origin = text(h, ORIGIN_HEADER);
        String reason = text(h, DeadLetterHeaders.REASON);
        // the services name the observation in a header; a dead letter of SmallRye's own strategy only by its key
        String named = text(h, DeadLetterHeaders.OBSERVATION);
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
