package io.sossstream.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retry policy: doubling delays capped at the maximum, the horizon, and a bad policy refused at load. */
class RetryPolicyTest {
    private static final RetryPolicy DEFAULTS = new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1),
            Duration.ofMinutes(15));

    @Test
    void delaysDoubleFromTheInitialDelayUpToTheMaximum() {
        long[] expected = {5, 10, 20, 40, 60, 60, 60};
        for (int failures = 1; failures <= expected.length; failures++) {
            assertEquals(Duration.ofSeconds(expected[failures - 1]), DEFAULTS.delayAfter(failures), "after " + failures);
        }
        assertEquals(Duration.ofMinutes(1), DEFAULTS.delayAfter(10_000), "no overflow after many failures");
    }

    @Test
    void anAttemptIsWithinTheHorizonUpToFifteenMinutesAfterTheFirstFailure() {
        long first = 1_000_000L;
        assertTrue(DEFAULTS.withinHorizon(first, first + Duration.ofMinutes(15).toMillis()));
        assertFalse(DEFAULTS.withinHorizon(first, first + Duration.ofMinutes(15).toMillis() + 1));
        // a 90 s outage is retried through: 5+10+20+40+60 s of waits reach 135 s, well inside the horizon
        long waited = 0;
        for (int f = 1; f <= 5; f++) {
            waited += DEFAULTS.delayAfter(f).toMillis();
        }
        assertEquals(135_000, waited);
        assertTrue(DEFAULTS.withinHorizon(first, first + waited));
    }

    @Test
    void anInconsistentPolicyIsRefusedNamingTheSetting() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(15)));
        assertTrue(zero.getMessage().contains("soss.retry.initial-delay"), zero.getMessage());
        IllegalArgumentException max = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(15)));
        assertTrue(max.getMessage().contains("soss.retry.max-delay"), max.getMessage());
        IllegalArgumentException horizon = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofSeconds(1)));
        assertTrue(horizon.getMessage().contains("soss.retry.horizon"), horizon.getMessage());
    }
}
