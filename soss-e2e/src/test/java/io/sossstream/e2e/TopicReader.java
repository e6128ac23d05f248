package io.sossstream.e2e;

import io.sossstream.events.EventCodec;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.localstack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads a topic from the beginning with a fresh consumer group (it sees every record, commits nothing). */
final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    TopicReader(LocalStack stack, String topic) {
        Properties p = stack.kafkaClientProperties();
        p.put("group.id", "e2e-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls until a record matches or {@code timeout} passes. */
    Optional<ConsumerRecord<String, byte[]>> await(Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : seen) {
            if (match.test(r)) {
                return Optional.of(r);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                seen.add(r);
                if (match.test(r)) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    /** Everything that arrives within {@code quiet} of the last poll (e.g. the whole dead-letter topic). */
    List<ConsumerRecord<String, byte[]>> drain(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                seen.add(r);
            }
        }
        return List.copyOf(seen);
    }

    /** Waits for the observation's spectra-ready event. */
    static SpectraReady awaitSpectraReady(TopicReader reader, String observationId, Duration timeout) {
        return reader.await(r -> observationId.equals(r.key()), timeout)
                .map(r -> EventCodec.fromJson(SpectraReady.class, r.value(),
                        EventCodec.source(r.topic(), r.partition(), r.offset())))
                .orElseThrow(() -> new AssertionError("no " + Topics.SPECTRA_READY + " for " + observationId
                        + " within " + timeout.toSeconds() + " s"));
    }

    /** The {@code dead-letter-reason} header of a dead-letter record ("" when absent). */
    static String reason(ConsumerRecord<String, byte[]> r) {
        var h = r.headers().lastHeader("dead-letter-reason");
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
