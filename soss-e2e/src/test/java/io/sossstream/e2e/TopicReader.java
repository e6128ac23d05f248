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

    /**
     * Waits for the observation's spectra-ready event; fails at once when one of its records (a raw segment of
     * its folder, or an event keyed by its id) lands in the dead-letter topic, quoting the reason.
     */
    static SpectraReady awaitSpectraReady(LocalStack stack, TopicReader ready, SimulatedObservation obs,
            Duration timeout) {
        try (TopicReader dead = new TopicReader(stack, Topics.DEAD_LETTER)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<ConsumerRecord<String, byte[]>> r = ready.await(x -> obs.observationId().equals(x.key()),
                        Duration.ofSeconds(2));
                if (r.isPresent()) {
                    return EventCodec.fromJson(SpectraReady.class, r.get().value(),
                            EventCodec.source(r.get().topic(), r.get().partition(), r.get().offset()));
                }
                Optional<ConsumerRecord<String, byte[]>> d = dead.await(x -> ofObservation(x, obs), Duration.ZERO);
                if (d.isEmpty()) {
                    d = dead.await(x -> ofObservation(x, obs), Duration.ofMillis(500));
                }
                if (d.isPresent()) {
                    throw new AssertionError("a record of " + obs.observationId() + " was dead-lettered: key "
                            + d.get().key() + ", reason: " + reason(d.get()));
                }
            }
        }
        throw new AssertionError("no " + Topics.SPECTRA_READY + " for " + obs.observationId() + " within "
                + timeout.toSeconds() + " s");
    }

    /** Whether a dead-letter record belongs to the observation. */
    static boolean ofObservation(ConsumerRecord<String, byte[]> r, SimulatedObservation obs) {
        return r.key() != null && (r.key().contains("/" + obs.folder() + "/") || r.key().equals(obs.observationId()));
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
