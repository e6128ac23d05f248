package io.sossstream.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * How long a retriable failure (store or broker unreachable, object not yet visible) is retried: the record is
 * parked on {@code soss.retry} after each failure, to be tried again after {@code soss.retry.initial-delay}
 * (default 5 s), doubling up to {@code soss.retry.max-delay} (default 1 min), for as long as the next attempt
 * falls within {@code soss.retry.horizon} (default 15 min) of the first failure; then it is dead-lettered. The
 * horizon outlasts ordinary outages (a store or broker restart, a node drain). Checked at start-up: a service with
 * an inconsistent policy does not start.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // a bad policy stops the service at start-up, not at the first failure
public class RetryPolicy {
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration horizon;

    RetryPolicy(@ConfigProperty(name = "soss.retry.initial-delay", defaultValue = "5s") Duration initialDelay,
            @ConfigProperty(name = "soss.retry.max-delay", defaultValue = "1m") Duration maxDelay,
            @ConfigProperty(name = "soss.retry.horizon", defaultValue = "15m") Duration horizon) {
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.horizon = horizon;
        check(!initialDelay.isNegative() && !initialDelay.isZero(), "soss.retry.initial-delay must be positive, is "
                + initialDelay);
        check(maxDelay.compareTo(initialDelay) >= 0, "soss.retry.max-delay (" + maxDelay
                + ") must not be shorter than soss.retry.initial-delay (" + initialDelay + ")");
        check(horizon.compareTo(initialDelay) >= 0, "soss.retry.horizon (" + horizon
                + ") must not be shorter than soss.retry.initial-delay (" + initialDelay + ")");
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("retry policy: " + problem);
        }
    }

    /** The wait before attempt {@code failures + 1}, after {@code failures} (≥ 1) consecutive failures. */
    public Duration delayAfter(int failures) {
        Duration d = initialDelay;
        for (int i = 1; i < failures && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    /** Whether an attempt at {@code attemptAtMillis} is still within the horizon of the first failure. */
    public boolean withinHorizon(long firstFailureMillis, long attemptAtMillis) {
        return attemptAtMillis - firstFailureMillis <= horizon.toMillis();
    }

    public Duration horizon() {
        return horizon;
    }

    @Override
    public String toString() {
        return "initial-delay " + initialDelay + ", max-delay " + maxDelay + ", horizon " + horizon;
    }
}
