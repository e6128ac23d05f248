package io.sossstream.events;

/**
 * Headers of a {@link Topics#DEAD_LETTER} record (value and key: those of the record given up on). The first four
 * are SmallRye's own names, so that a dead letter written by the connector's {@code dead-letter-queue} failure
 * strategy (the fallback when a service could not write its own) reads the same.
 */
public final class DeadLetterHeaders {
    /** Why the record was given up on; names the object or event and the problem. */
    public static final String REASON = "dead-letter-reason";
    /** Coordinates of the record given up on (for a parked record: of the original). */
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** The service that gave up ({@code quarkus.application.name}). */
    public static final String SERVICE = "dead-letter-service";
    /** Its step, e.g. {@code segment-landed}. */
    public static final String STAGE = "dead-letter-stage";
    /** The object or event the reason is about, e.g. {@code raw/<folder>/<file>.fits}. */
    public static final String OBJECT = "dead-letter-object";
    /** The observation of the record (absent when it names none). */
    public static final String OBSERVATION = "dead-letter-observation";
    /** {@code bad-input}, {@code retries-exhausted} or {@code internal}. */
    public static final String CAUSE = "dead-letter-cause";

    private DeadLetterHeaders() {
    }
}
