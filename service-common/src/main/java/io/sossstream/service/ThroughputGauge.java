package io.sossstream.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sossstream.ProgressListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gauge {@code soss.integrations.per.second} (tag service): integrations per second of the task in progress,
 * from the steps' progress callbacks ({@code done} integrations since the task started). Reads 0 when idle.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // register the meters before the first message, so dashboards show zeros
public class ThroughputGauge implements ProgressListener {
    /** Idle after this long without progress. */
    private static final long IDLE_NANOS = 10_000_000_000L;

    private String task = "";
    private long taskStart;
    private long lastUpdate;
    private double rate;

    ThroughputGauge(MeterRegistry registry, @ConfigProperty(name = "quarkus.application.name") String service) {
        Gauge.builder("soss.integrations.per.second", this, ThroughputGauge::current)
                .description("integrations per second of the step in progress").tag("service", service)
                .register(registry);
    }

    @Override
    public synchronized void progress(String task, long done, long total) {
        long now = System.nanoTime();
        if (!task.equals(this.task) || done == 0) {
            this.task = task;
            taskStart = now;
        } else if (now > taskStart) {
            rate = done / ((now - taskStart) / 1e9);
        }
        lastUpdate = now;
    }

    synchronized double current() {
        return System.nanoTime() - lastUpdate > IDLE_NANOS ? 0 : rate;
    }
}
