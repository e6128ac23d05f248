package io.sossstream.service;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.sossstream.events.DeadLetterHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * Writes one {@code soss.dead-letter} record per failure given up on: the record's key and value, with headers
 * ({@link DeadLetterHeaders}) naming the service, its step, the object, the observation, the cause and the reason,
 * and the original coordinates (for a parked record, those before it was parked), so that a redrive can re-publish
 * it where it came from. The record's own headers come first (as the connector's dead-letter queue copies them:
 * a redrive's origin header survives a second failure); the retry bookkeeping is left out.
 */
@ApplicationScoped
public class DeadLetters {
    /** What was given up on, and why. */
    record Letter(ConsumerRecord<String, byte[]> record, String stage, String cause, String reason, String object,
                  String observation) {
    }

    private final MutinyEmitter<byte[]> out;
    private final String service;

    DeadLetters(@Channel("dead-letter-out") MutinyEmitter<byte[]> out,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.out = out;
        this.service = service;
    }

    /** Publishes the dead letter and waits for the broker's acknowledgement. */
    void send(Letter l) {
        ConsumerRecord<String, byte[]> r = l.record();
        RecordHeaders h = new RecordHeaders(ParkedRecord.carried(r.headers()).toArray());
        put(h, DeadLetterHeaders.REASON, l.reason());
        put(h, DeadLetterHeaders.TOPIC, r.topic());
        put(h, DeadLetterHeaders.PARTITION, Integer.toString(r.partition()));
        put(h, DeadLetterHeaders.OFFSET, Long.toString(r.offset()));
        put(h, DeadLetterHeaders.SERVICE, service);
        put(h, DeadLetterHeaders.STAGE, l.stage());
        put(h, DeadLetterHeaders.OBJECT, l.object());
        put(h, DeadLetterHeaders.OBSERVATION, l.observation());
        put(h, DeadLetterHeaders.CAUSE, l.cause());
        byte[] value = r.value() == null ? new byte[0] : r.value();
        out.sendMessageAndAwait(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(r.key()).withHeaders(h).build()));
    }

    private static void put(RecordHeaders h, String name, String value) {
        if (value != null) {
            h.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
