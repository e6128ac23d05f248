package io.sossstream.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.sossstream.error.BadInputException;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service must do, tested on the running Quarkus application with its channels in memory (a module's
 * test subclasses this with its channels and its step's input and output): a message in gives the expected
 * message out, keyed by observation id; a retriable failure (an input object not there yet) is retried with
 * backoff and then succeeds; a bad input is refused (nacked) with the reason, which the Kafka connector's
 * dead-letter strategy puts in the {@code dead-letter-reason} header ({@code soss-e2e} DeadLetterTest does that on
 * a real broker).
 */
public abstract class ServiceContract {
    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "soss.s3.endpoint")
    String endpoint;

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
        connector.sink(outgoing).clear();
    }

    @Test
    void aMessageInGivesTheExpectedMessageOut() {
        forgetOutputs(observation);
        send(input(observation), new AtomicReference<>());
        List<byte[]> out = awaitOutputs();
        checkOutputs(observation, out);
        for (Message<?> m : sink().received()) {
            assertEquals(observation.observationId,
                    m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey(), "keyed by observation");
        }
    }

    @Test
    void aRetriableFailureIsRetriedWithBackoffThenSucceeds() {
        forgetOutputs(observation);
        String key = neededObject(observation);
        String bucket = neededBucket(observation);
        byte[] saved = observation.store.get(bucket, key).orElseThrow();
        observation.store.delete(bucket, key);
        double before = retries();
        send(input(observation), new AtomicReference<>());
        await(() -> retries() >= before + 1, "a retry");
        assertTrue(sink().received().isEmpty(), "nothing out while the input is missing");
        observation.store.put(bucket, key, saved, "application/octet-stream");
        checkOutputs(observation, awaitOutputs());
    }

    @Test
    void aBadInputIsRefusedWithTheReason() {
        double deadLetters = registry.find("soss.dead.letters").counters().stream().mapToDouble(Counter::count).sum();
        AtomicReference<Throwable> nacked = new AtomicReference<>();
        long offset = send("{\"not\": \"an event\"".getBytes(StandardCharsets.UTF_8), nacked);
        await(() -> nacked.get() != null, "the record to be refused");
        BadInputException reason = assertInstanceOf(BadInputException.class, nacked.get());
        assertTrue(reason.getMessage().contains(topic + "/0/" + offset), reason.getMessage());
        assertEquals(deadLetters + 1,
                registry.find("soss.dead.letters").counters().stream().mapToDouble(Counter::count).sum());
        assertTrue(sink().received().isEmpty(), "a bad input gives no output");
    }

    private long send(byte[] value, AtomicReference<Throwable> nacked) {
        long offset = OFFSET.incrementAndGet();
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, offset, observation.observationId, value);
        connector.source(incoming).send(Message.of(record).withNack(t -> {
            nacked.set(t);
            return CompletableFuture.completedFuture(null);
        }));
        return offset;
    }

    private InMemorySink<byte[]> sink() {
        return connector.sink(outgoing);
    }

    private List<byte[]> awaitOutputs() {
        await(() -> sink().received().size() >= expectedOutputs(), expectedOutputs() + " message(s) on " + outgoing);
        return sink().received().stream().map(Message::getPayload).toList();
    }

    private double retries() {
        return registry.find("soss.retries").counters().stream().mapToDouble(Counter::count).sum();
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
