package io.sossstream.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * The pipeline's own meters (Prometheus at {@code /q/metrics}; dashboards are built on these exact names):
 * <ul>
 * <li>{@code soss.segments.processed} counter (service): messages handled successfully;</li>
 * <li>{@code soss.segments.failed} counter (service, reason = bad-input | retries-exhausted | internal): messages
 * given up on;</li>
 * <li>{@code soss.processing.seconds} timer with histogram (service, step);</li>
 * <li>{@code soss.dead.letters} counter (service, reason as above): records written to the dead-letter topic,
 * one per failure;</li>
 * <li>{@code soss.retries} counter (service, step): records parked for a later attempt after a retriable
 * failure;</li>
 * <li>{@code soss.announcements} counter (service, topic, kind = first | repeated): events published for the
 * first time (each observation's or segment's once), and repeated announcements suppressed;</li>
 * <li>{@code soss.end.to.end.latency.seconds} timer (service): first segment landed → spectra-ready, once per
 * observation.</li>
 * </ul>
 * {@code soss.integrations.per.second} is in {@link ThroughputGauge}, {@code soss.backlog.segments} and
 * {@code soss.observations.failed} in {@link BacklogGauges}.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // register the meters before the first message, so dashboards show zeros
public class PipelineMetrics {
    public static final String BAD_INPUT = "bad-input";
    public static final String RETRIES_EXHAUSTED = "retries-exhausted";
    public static final String INTERNAL = "internal";
    /** {@code kind} of {@code soss.announcements}: an event published for the first time. */
    public static final String FIRST = "first";
    /** {@code kind} of {@code soss.announcements}: a re-announcement not published (already announced). */
    public static final String REPEATED = "repeated";

    private final MeterRegistry registry;
    private final String service;

    PipelineMetrics(MeterRegistry registry, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.registry = registry;
        this.service = service;
        // registered up front so that dashboards show zeros rather than gaps
        processed();
        failed(BAD_INPUT);
        failed(RETRIES_EXHAUSTED);
        failed(INTERNAL);
        deadLetters(BAD_INPUT);
        deadLetters(RETRIES_EXHAUSTED);
        deadLetters(INTERNAL);
    }

    Counter processed() {
        return Counter.builder("soss.segments.processed").description("messages handled successfully")
                .tag("service", service).register(registry);
    }

    Counter failed(String reason) {
        return Counter.builder("soss.segments.failed").description("messages that failed for good")
                .tag("service", service).tag("reason", reason).register(registry);
    }

    /** {@code soss.retries} (service, step): records parked for a later attempt after a retriable failure. */
    Counter retries(String step) {
        return Counter.builder("soss.retries").description("records parked for a later attempt")
                .tag("service", service).tag("step", step).register(registry);
    }

    Counter deadLetters(String reason) {
        return Counter.builder("soss.dead.letters").description("records sent to the dead-letter topic")
                .tag("service", service).tag("reason", reason).register(registry);
    }

    /** {@code soss.announcements} (service, topic, kind): first publications and suppressed repeats. */
    Counter announcements(String topic, String kind) {
        return Counter.builder("soss.announcements").description("events published (first) or not re-published "
                + "(repeated)").tag("service", service).tag("topic", topic).tag("kind", kind).register(registry);
    }

    Timer processing(String step) {
        return Timer.builder("soss.processing.seconds").description("time to handle one message")
                .tag("service", service).tag("step", step).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry);
    }

    /** Records one observation's latency from the first segment landing to its spectra being ready. */
    public void endToEnd(long landedAtMillis, long completedAtMillis) {
        Timer.builder("soss.end.to.end.latency.seconds").description("first segment landed -> spectra-ready")
                .tag("service", service).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(6))
                .register(registry).record(Duration.ofMillis(Math.max(0, completedAtMillis - landedAtMillis)));
    }
}
