package io.sossstream.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sossstream.pipeline.ObservationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gauge {@code soss.backlog.segments} (tag observation): segments registered in the store but not yet extracted;
 * gauge {@code soss.observations.failed}: observations in state {@code failed} (a record of theirs dead-lettered,
 * no product).
 * Refreshed from {@link ObservationStatus} by whoever calls {@link #refresh} (the formatter, after each message and
 * on each status request), so that only one service scans the store.
 */
@ApplicationScoped
public class BacklogGauges {
    private static final Logger LOG = Logger.getLogger(BacklogGauges.class);

    private final MeterRegistry registry;
    private final PipelineContext context;
    private final Map<String, AtomicInteger> backlog = new ConcurrentHashMap<>();
    private final AtomicInteger failed = new AtomicInteger();

    BacklogGauges(MeterRegistry registry, PipelineContext context) {
        this.registry = registry;
        this.context = context;
        Gauge.builder("soss.observations.failed", failed, AtomicInteger::get)
                .description("observations with a dead-lettered record and no product").register(registry);
    }

    /** Lists the observations and updates the gauges; returns the list (empty when the store cannot be read). */
    public List<ObservationStatus.ObservationView> refresh() {
        try {
            List<ObservationStatus.ObservationView> views = ObservationStatus.list(context.store(), context.layout());
            for (ObservationStatus.ObservationView v : views) {
                int waiting = (int) v.segments().stream().filter(s -> !s.extracted()).count();
                backlog.computeIfAbsent(v.observationId(), id -> {
                    AtomicInteger n = new AtomicInteger();
                    Gauge.builder("soss.backlog.segments", n, AtomicInteger::get)
                            .description("segments registered but not yet extracted").tag("observation", id)
                            .register(registry);
                    return n;
                }).set(waiting);
            }
            failed.set((int) views.stream().filter(v -> "failed".equals(v.state())).count());
            return views;
        } catch (RuntimeException e) {
            LOG.debugf("event=backlog-not-refreshed error=\"%s\"", e.getMessage());
            throw e;
        }
    }

    /** {@link #refresh()} that never throws (metrics must not fail a message). */
    public void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // logged at debug in refresh
        }
    }
}
