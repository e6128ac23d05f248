package io.sossstream.service;

import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.sossstream.error.BadInputException;
import io.sossstream.error.RetriableException;
import io.sossstream.events.EventCodec;
import io.sossstream.events.PipelineEvent;
import io.sossstream.events.SpectraReady;
import io.sossstream.pipeline.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The one way every service handles an incoming record: parse the bytes in our code (so that malformed JSON is
 * bad input, not a deserializer crash), run the step, publish the outcome's events keyed by observation id and
 * wait for the broker's acknowledgement. Only then does the method return and SmallRye acknowledge the incoming
 * record: outputs are durably stored and announced before the input is marked consumed (at-least-once; the steps
 * are idempotent).
 *
 * <p>Failures: {@link RetriableException} (and a failed publish) is retried with exponential backoff
 * ({@code soss.retry.max-retries}, default 5, delays {@code soss.retry.initial-delay-ms} 1 s doubling up to
 * {@code soss.retry.max-delay-ms} 16 s). {@link BadInputException}, exhausted retries and unexpected errors are
 * rethrown: the channel's {@code dead-letter-queue} failure strategy then sends the record to
 * {@code soss.dead-letter} with the exception message (which names the object key or event and the problem) in the
 * {@code dead-letter-reason} header.
 */
@ApplicationScoped
public class MessageHandling {
    private static final Logger LOG = Logger.getLogger(MessageHandling.class);

    /** Turns a record's bytes into an event; throws {@link BadInputException} when they are not one. */
    @FunctionalInterface
    public interface Parser<E> {
        E parse(byte[] value, String source);
    }

    /** Runs a step on an event. */
    @FunctionalInterface
    public interface Handler<E> {
        Outcome handle(E event);
    }

    private final PipelineMetrics metrics;
    private final String service;
    private final int maxRetries;
    private final long initialDelayMs;
    private final long maxDelayMs;

    MessageHandling(PipelineMetrics metrics, @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "soss.retry.max-retries", defaultValue = "5") int maxRetries,
            @ConfigProperty(name = "soss.retry.initial-delay-ms", defaultValue = "1000") long initialDelayMs,
            @ConfigProperty(name = "soss.retry.max-delay-ms", defaultValue = "16000") long maxDelayMs) {
        this.metrics = metrics;
        this.service = service;
        this.maxRetries = maxRetries;
        this.initialDelayMs = initialDelayMs;
        this.maxDelayMs = maxDelayMs;
    }

    /**
     * Handles one record of {@code step} (a short name, the {@code step} tag of {@code soss.processing.seconds}).
     *
     * @param out where the outcome's events go (keyed by observation id); null when the step publishes nothing
     * @throws RuntimeException when the record must go to the dead-letter topic
     */
    public <E> void handle(String step, ConsumerRecord<String, byte[]> record, Parser<E> parser, Handler<E> handler,
            MutinyEmitter<byte[]> out) {
        String source = EventCodec.source(record.topic(), record.partition(), record.offset());
        MDC.put("service", service);
        MDC.put("step", step);
        MDC.put("source", source);
        if (record.key() != null) {
            MDC.put("recordKey", record.key());
        }
        // The start of every record is logged: where a crash interrupted work, and that redelivery resumed it.
        LOG.infof("event=start step=%s source=%s key=%s", step, source, record.key());
        Timer.Sample sample = Timer.start();
        try {
            E event = parser.parse(record.value(), source);
            if (event instanceof PipelineEvent pe) {
                MDC.put("observationId", pe.observationId());
            }
            Outcome outcome = withRetries(step, source, () -> {
                Outcome o = handler.handle(event);
                publish(o, out);
                return o;
            });
            metrics.processed().increment();
            LOG.infof("event=handled step=%s source=%s key=%s published=%d summary=\"%s\"", step, source,
                    record.key(), outcome.events().size(), outcome.summary());
        } catch (BadInputException e) {
            deadLetter(PipelineMetrics.BAD_INPUT, step, source, e);
            throw e;
        } catch (RetriesExhausted e) {
            deadLetter(PipelineMetrics.RETRIES_EXHAUSTED, step, source, e);
            throw e;
        } catch (RuntimeException e) {
            deadLetter(PipelineMetrics.INTERNAL, step, source, e);
            throw e;
        } finally {
            sample.stop(metrics.processing(step));
            MDC.remove("observationId");
            MDC.remove("recordKey");
            MDC.remove("source");
            MDC.remove("step");
        }
    }

    private void deadLetter(String reason, String step, String source, RuntimeException e) {
        metrics.failed(reason).increment();
        metrics.deadLetters().increment();
        LOG.errorf("event=dead-letter step=%s source=%s reason=%s error=\"%s\"", step, source, reason,
                e.getMessage());
        if (PipelineMetrics.INTERNAL.equals(reason)) {
            LOG.error("unexpected failure", e);
        }
    }

    /** Publishes every event of the outcome and waits for each acknowledgement. */
    private void publish(Outcome outcome, MutinyEmitter<byte[]> out) {
        for (PipelineEvent ev : outcome.events()) {
            if (out == null) {
                throw new IllegalStateException("step has no outgoing channel for " + ev.getClass().getSimpleName());
            }
            MDC.put("observationId", ev.observationId());
            Message<byte[]> msg = Message.of(EventCodec.toJson(ev)).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(ev.messageKey()).build());
            try {
                out.sendMessageAndAwait(msg);
            } catch (RuntimeException e) {
                throw new RetriableException("cannot publish " + ev.getClass().getSimpleName() + " of "
                        + ev.observationId() + ": " + e.getMessage(), e);
            }
            if (ev instanceof SpectraReady sr && sr.landedAt() >= 0) {
                metrics.endToEnd(sr.landedAt(), sr.completedAt());
            }
        }
    }

    /** Thrown when a retriable failure persists through every retry. */
    static final class RetriesExhausted extends RuntimeException {
        RetriesExhausted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private <T> T withRetries(String step, String source, java.util.function.Supplier<T> work) {
        long delay = initialDelayMs;
        for (int attempt = 0; ; attempt++) {
            try {
                return work.get();
            } catch (RetriableException e) {
                if (attempt >= maxRetries) {
                    throw new RetriesExhausted(source + ": still failing after " + (maxRetries + 1) + " attempts: "
                            + e.getMessage(), e);
                }
                metrics.retries(step).increment();
                LOG.warnf("event=retry step=%s source=%s attempt=%d delayMs=%d error=\"%s\"", step, source,
                        attempt + 1, delay, e.getMessage());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new RetriableException("interrupted while retrying " + source, ie);
                }
                delay = Math.min(maxDelayMs, delay * 2);
            }
        }
    }
}
