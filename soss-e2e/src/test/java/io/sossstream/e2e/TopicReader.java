package io.sossstream.e2e;

import io.sossstream.events.EventCodec;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.localstack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
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

    /**
     * How many records of the observation ({@link #ofObservation}) each topic holds now, from its first offset to
     * its end: partitions assigned directly (no consumer group to join), read until every partition's position
     * reaches the end offset taken at the start.
     */
    static Map<String, Long> countsOf(LocalStack stack, SimulatedObservation obs, List<String> topics) {
        Properties p = stack.kafkaClientProperties();
        p.put("enable.auto.commit", "false");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : topics) {
                c.partitionsFor(t).forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            Map<String, Long> counts = new TreeMap<>();
            topics.forEach(t -> counts.put(t, 0L));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topics + " to their end offsets " + end);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) && ofObservation(r, obs)) {
                        counts.merge(r.topic(), 1L, Long::sum);
                    }
                }
            }
            return counts;
        }
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
