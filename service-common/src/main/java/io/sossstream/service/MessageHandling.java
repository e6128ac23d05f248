package io.sossstream.service;

import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.sossstream.error.BadInputException;
import io.sossstream.error.RetriableException;
import io.sossstream.error.SossException;
import io.sossstream.events.EventCodec;
import io.sossstream.events.PipelineEvent;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.pipeline.Announcements;
import io.sossstream.pipeline.Failure;
import io.sossstream.pipeline.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;

/**
 * The one way every service handles an incoming record: parse the bytes in our code (so that malformed JSON is
 * bad input, not a deserializer crash), run the step, publish the outcome's events keyed by observation id and
 * wait for the broker's acknowledgement. Only then does the method return and SmallRye acknowledge the incoming
 * record: outputs are durably stored and announced before the input is marked consumed (at-least-once; the steps
 * are idempotent).
 *
 * <p>Announcements: an event whose identity was already published ({@link Announcements}) is not published again,
 * so a repeated input re-announces nothing and the end-to-end latency is recorded once per observation.
 *
 * <p>Failures, by {@link SossException#isRetriable()}: a retriable one (store or broker unreachable, object not
 * yet visible) parks the record on {@code soss.retry} to be tried again later ({@link RetryPolicy}), so that the
 * partition moves on; past the retry horizon it is dead-lettered. Bad input and unexpected errors are
 * dead-lettered at once ({@link DeadLetters}: one record per failure, naming service, stage, object and
 * observation). The record is then acknowledged. Only when neither parking nor dead-lettering reaches the broker
 * does the method throw, and the channel's {@code dead-letter-queue} failure strategy tries once more.
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
    private final RetryPolicy policy;
    private final DeadLetters deadLetters;
    private final MutinyEmitter<byte[]> retry;
    private final Announcements announcements;
    private final String service;

    MessageHandling(PipelineMetrics metrics, RetryPolicy policy, DeadLetters deadLetters,
            @Channel("retry-out") MutinyEmitter<byte[]> retry, PipelineContext context,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.metrics = metrics;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.announcements = new Announcements(context.store(), context.layout());
        this.service = service;
    }

    /**
     * Handles one record of {@code step} (a short name, the {@code step} tag of {@code soss.processing.seconds} and
     * the stage of its dead letters).
     *
     * @param out where the outcome's events go (keyed by observation id); null when the step publishes nothing
     * @throws RuntimeException only when the record could neither be parked nor dead-lettered
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
        E event = null;
        try {
            event = parser.parse(record.value(), source);
            if (event instanceof PipelineEvent pe) {
                MDC.put("observationId", pe.observationId());
            }
            Outcome outcome = handler.handle(event);
            int published = publish(outcome, out);
            metrics.processed().increment();
            LOG.infof("event=handled step=%s source=%s key=%s published=%d summary=\"%s\"", step, source,
                    record.key(), published, outcome.summary());
        } catch (RuntimeException e) {
            boolean retriable = e instanceof SossException s && s.isRetriable();
            if (retriable) {
                retryLater(step, source, record, event, e);
            } else {
                deadLetter(e instanceof BadInputException ? PipelineMetrics.BAD_INPUT : PipelineMetrics.INTERNAL,
                        step, source, record, event, e);
            }
        } finally {
            sample.stop(metrics.processing(step));
            MDC.remove("observationId");
            MDC.remove("recordKey");
            MDC.remove("source");
            MDC.remove("step");
        }
    }

    /**
     * Publishes every event of the outcome not yet announced and waits for each acknowledgement, then marks it
     * announced.
     *
     * @return how many events were published
     */
    private int publish(Outcome outcome, MutinyEmitter<byte[]> out) {
        int published = 0;
        for (PipelineEvent ev : outcome.events()) {
            if (out == null) {
                throw new IllegalStateException("step has no outgoing channel for " + ev.getClass().getSimpleName());
            }
            String topic = Topics.of(ev);
            if (announcements.announced(ev)) {
                metrics.announcements(topic, PipelineMetrics.REPEATED).increment();
                continue;
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
            announcements.markAnnounced(ev);
            metrics.announcements(topic, PipelineMetrics.FIRST).increment();
            published++;
            if (ev instanceof SpectraReady sr && sr.landedAt() >= 0) {
                metrics.endToEnd(sr.landedAt(), sr.completedAt());
            }
        }
        return published;
    }

    /** Parks the record for a later attempt, or dead-letters it when that attempt would be past the horizon. */
    private void retryLater(String step, String source, ConsumerRecord<String, byte[]> record, Object event,
            RuntimeException e) {
        ParkedRecord.History history = ParkedRecord.history(record);
        long now = System.currentTimeMillis();
        int failures = history.failures() + 1;
        long first = failures == 1 ? now : history.firstFailure();
        Duration delay = policy.delayAfter(failures);
        if (!policy.withinHorizon(first, now + delay.toMillis())) {
            deadLetter(PipelineMetrics.RETRIES_EXHAUSTED, step, source, record, event, new RetriableException(
                    source + ": still failing after " + failures + " attempts over "
                            + Duration.ofMillis(now - first).toSeconds() + " s (soss.retry.horizon "
                            + policy.horizon() + "): " + e.getMessage(), e));
            return;
        }
        ParkedRecord parked = new ParkedRecord(service, record.topic(), record.partition(), record.offset(), failures,
                first, now + delay.toMillis(), String.valueOf(e.getMessage()), record.key(), record.value(),
                ParkedRecord.carried(record.headers()));
        metrics.retries(step).increment();
        LOG.warnf("event=retry-parked step=%s source=%s failures=%d retryInMs=%d error=\"%s\"", step, source,
                failures, delay.toMillis(), e.getMessage());
        untilBrokerTakesIt(source, first, () -> retry.sendMessageAndAwait(Message.of(
                record.value() == null ? new byte[0] : record.value()).addMetadata(OutgoingKafkaRecordMetadata
                .<String>builder().withKey(record.key()).withHeaders(parked.headers()).build())));
    }

    private void deadLetter(String cause, String step, String source, ConsumerRecord<String, byte[]> record,
            Object event, RuntimeException e) {
        metrics.failed(cause).increment();
        metrics.deadLetters(cause).increment();
        String object = e instanceof BadInputException b ? b.source() : objectOf(record, event);
        String observation = event instanceof PipelineEvent pe ? pe.observationId()
                : Failure.observationOf(record.key()).orElse(null);
        LOG.errorf("event=dead-letter step=%s source=%s cause=%s object=%s error=\"%s\"", step, source, cause,
                object, e.getMessage());
        if (PipelineMetrics.INTERNAL.equals(cause)) {
            LOG.error("unexpected failure", e);
        }
        String reason = String.valueOf(e.getMessage());
        untilBrokerTakesIt(source, System.currentTimeMillis(), () -> deadLetters.send(new DeadLetters.Letter(record,
                step, cause, reason, object, observation)));
    }

    /** The object a record is about: the landed object of an S3 notification, else the record's key. */
    private static String objectOf(ConsumerRecord<String, byte[]> record, Object event) {
        return event instanceof S3EventNotification n ? n.messageKey() : record.key();
    }

    /**
     * Sends to the broker, trying again in place (the broker is the way out, so the partition waits) until
     * {@code soss.retry.horizon} after {@code since}; then throws, for the channel's failure strategy.
     */
    private void untilBrokerTakesIt(String source, long since, Runnable send) {
        for (int failures = 1; ; failures++) {
            try {
                send.run();
                return;
            } catch (RuntimeException e) {
                Duration delay = policy.delayAfter(failures);
                if (!policy.withinHorizon(since, System.currentTimeMillis() + delay.toMillis())) {
                    throw new RetriableException(source + ": the broker did not take the record within "
                            + policy.horizon() + ": " + e.getMessage(), e);
                }
                LOG.warnf("event=broker-unreachable source=%s failures=%d retryInMs=%d error=\"%s\"", source,
                        failures, delay.toMillis(), e.getMessage());
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new RetriableException("interrupted while sending " + source, ie);
                }
            }
        }
    }
}
