package io.sossstream.fits;

/**
 * One row of the INT_TIMES table of a stage-2 segment (jwst {@code int_times} schema). Times are MJD-style
 * (BJD − 2400000.5 for the TDB columns).
 */
public record IntegrationTimes(
        int integrationNumber,
        double startMjdUtc,
        double midMjdUtc,
        double endMjdUtc,
        double startBjdTdb,
        double midBjdTdb,
        double endBjdTdb) {
}
