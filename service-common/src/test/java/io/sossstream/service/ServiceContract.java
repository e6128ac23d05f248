package io.sossstream.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.sossstream.events.Topics;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service must do, tested on the running Quarkus application with its channels in memory (a module's
 * test subclasses this with its channels and its step's input and output): a message in gives the expected
 * message out, keyed by observation id; the same message again gives nothing new (already announced); a
 * retriable failure (an input object not there yet) parks the record on the retry channel and the partition moves
 * on, and the parked record succeeds when handed back; a bad input gives exactly one dead letter with headers
 * naming service, stage, object and reason ({@code soss-e2e} does all of that on a real broker).
 */
public abstract class ServiceContract {
    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "soss.s3.endpoint")
    String endpoint;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    protected StoredObservation observation;
    private static final AtomicLong OFFSET = new AtomicLong();

    private final String incoming;
    private final String topic;
    private final String outgoing;

    /**
     * @param incoming the incoming channel under test
     * @param topic    its topic (named in a bad input's reason)
     * @param outgoing the outgoing channel
     */
    protected ServiceContract(String incoming, String topic, String outgoing) {
        this.incoming = incoming;
        this.topic = topic;
        this.outgoing = outgoing;
    }

    /** Removes the outputs of the step under test, so that it computes them again. */
    protected abstract void forgetOutputs(StoredObservation o);

    /** The step's input event as the record value. */
    protected abstract byte[] input(StoredObservation o);

    /** Checks what came out (all of it, once {@link #expectedOutputs} messages arrived). */
    protected abstract void checkOutputs(StoredObservation o, List<byte[]> values);

    /** How many messages the input gives. */
    protected int expectedOutputs() {
        return 1;
    }

    /** An object the step reads (a key of {@link #neededBucket}): while it is missing the step fails retriably. */
    protected abstract String neededObject(StoredObservation o);

    /** The bucket of {@link #neededObject}: the work bucket unless a step reads a raw segment. */
    protected String neededBucket(StoredObservation o) {
        return o.layout.workBucket();
    }

    @BeforeEach
    void observation() {
        observation = StoredObservation.in(endpoint);
        observation.forgetAnnouncements();
        connector.sink(outgoing).clear();
        connector.sink("retry-out").clear();
        connector.sink("dead-letter-out").clear();
    }

    @Test
    void aMessageInGivesTheExpectedMessageOut() {
        forgetOutputs(observation);
        double before = processed();
        send(incoming, record(input(observation)));
        List<byte[]> out = awaitOutputs();
        checkOutputs(observation, out);
        awaitHandled(before + 1);
        for (Message<?> m : sink().received()) {
            assertEquals(observation.observationId,
                    m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey(), "keyed by observation");
        }
    }

    @Test
    void theSameMessageAgainAnnouncesNothingNew() {
        forgetOutputs(observation);
        double before = processed();
        send(incoming, record(input(observation)));
        checkOutputs(observation, awaitOutputs());
        awaitHandled(before + 1);
        send(incoming, record(input(observation)));
        awaitHandled(before + 2);
        assertEquals(expectedOutputs(), sink().received().size(), "outputs exist and were announced: nothing new");
    }

    @Test
    void aRetriableFailureParksTheRecordAndItSucceedsWhenHandedBack() {
        forgetOutputs(observation);
        String key = neededObject(observation);
        String bucket = neededBucket(observation);
        byte[] saved = observation.store.get(bucket, key).orElseThrow();
        observation.store.delete(bucket, key);
        double before = processed();
        ConsumerRecord<String, byte[]> original = record(input(observation));
        send(incoming, original);
        await(() -> !connector.sink("retry-out").received().isEmpty(), "the record parked on retry-out");
        InMemorySink<byte[]> retries = connector.sink("retry-out");
        Message<byte[]> parked = retries.received().get(0);
        OutgoingKafkaRecordMetadata<?> meta = parked.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals(original.key(), meta.getKey(), "parked under the original key");
        assertArrayEquals(original.value(), parked.getPayload(), "with the original value");
        assertEquals(service, header(meta, "retry-service"));
        assertEquals(topic, header(meta, "retry-topic"));
        assertEquals(Long.toString(original.offset()), header(meta, "retry-offset"));
        assertEquals("1", header(meta, "retry-failures"));
        assertTrue(sink().received().isEmpty(), "nothing out while the input is missing");
        assertTrue(connector.sink("dead-letter-out").received().isEmpty(), "a retriable failure is not a dead letter");

        observation.store.put(bucket, key, saved, "application/octet-stream");
        RecordHeaders headers = new RecordHeaders();
        meta.getHeaders().forEach(headers::add);
        send("retry-in", new ConsumerRecord<>(Topics.RETRY, 0, OFFSET.incrementAndGet(), ConsumerRecord.NO_TIMESTAMP,
                TimestampType.NO_TIMESTAMP_TYPE, ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE,
                original.key(), parked.getPayload(), headers, Optional.empty()));
        checkOutputs(observation, awaitOutputs());
        awaitHandled(before + 1);
    }

    @Test
    void aBadInputGivesOneDeadLetterNamingServiceStageAndObject() {
        double deadLetters = registry.find("soss.dead.letters").tag("reason", "bad-input").counters().stream()
                .mapToDouble(Counter::count).sum();
        ConsumerRecord<String, byte[]> bad = record("{\"not\": \"an event\"".getBytes(StandardCharsets.UTF_8));
        send(incoming, bad);
        await(() -> !connector.sink("dead-letter-out").received().isEmpty(), "the dead letter");
        double handledBefore = processed();
        assertEquals(1, connector.sink("dead-letter-out").received().size(), "one dead letter");
        InMemorySink<byte[]> letters = connector.sink("dead-letter-out");
        Message<byte[]> letter = letters.received().get(0);
        OutgoingKafkaRecordMetadata<?> meta = letter.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        String reason = header(meta, "dead-letter-reason");
        assertTrue(reason.contains(topic + "/0/" + bad.offset()), reason);
        assertEquals(service, header(meta, "dead-letter-service"));
        assertTrue(header(meta, "dead-letter-stage") != null && !header(meta, "dead-letter-stage").isBlank());
        assertEquals("event " + topic + "/0/" + bad.offset(), header(meta, "dead-letter-object"),
                "the object of malformed JSON is the event itself");
        assertEquals(observation.observationId, header(meta, "dead-letter-observation"), "from the record's key");
        assertEquals("bad-input", header(meta, "dead-letter-cause"));
        assertEquals(topic, header(meta, "dead-letter-topic"));
        assertArrayEquals(bad.value(), letter.getPayload(), "the record as it came");
        assertEquals(deadLetters + 1, registry.find("soss.dead.letters").tag("reason", "bad-input").counters()
                .stream().mapToDouble(Counter::count).sum());
        assertTrue(sink().received().isEmpty(), "a bad input gives no output");
        assertTrue(connector.sink("retry-out").received().isEmpty(), "bad input is not retried");
        assertEquals(handledBefore, processed(), "not counted as processed");
    }

    private ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>(topic, 0, OFFSET.incrementAndGet(), observation.observationId, value);
    }

    private void send(String channel, ConsumerRecord<String, byte[]> record) {
        connector.source(channel).send(Message.of(record).withNack(t -> {
            throw new AssertionError("the service nacked " + record.topic() + "/" + record.offset()
                    + ": it must park or dead-letter it itself", t);
        }));
    }

    private static String header(OutgoingKafkaRecordMetadata<?> meta, String name) {
        Header h = meta.getHeaders().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private InMemorySink<byte[]> sink() {
        return connector.sink(outgoing);
    }

    private List<byte[]> awaitOutputs() {
        await(() -> sink().received().size() >= expectedOutputs(), expectedOutputs() + " message(s) on " + outgoing);
        return sink().received().stream().map(Message::getPayload).toList();
    }

    /**
     * Waits until the service counted {@code count} handled messages: an output reaches the sink before its
     * announcement marker is written, and a marker written after the next test's {@code forgetAnnouncements}
     * would make that test's message look repeated.
     */
    private void awaitHandled(double count) {
        await(() -> processed() >= count, "the message(s) to be handled completely (" + count + ")");
    }

    private double processed() {
        return registry.find("soss.segments.processed").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Waits for a condition the service reaches asynchronously (a bound, not a timing assertion). */
    static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited 120 s for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
