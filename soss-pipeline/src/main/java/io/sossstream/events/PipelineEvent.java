package io.sossstream.events;

/**
 * A pipeline event published by one of the services. Versioned JSON: {@code schemaVersion} is written first and
 * must equal {@link #SCHEMA_VERSION}; unknown fields are ignored so additive changes need no new version.
 */
public interface PipelineEvent {
    /** The JSON schema version this code writes and reads. */
    int SCHEMA_VERSION = 1;

    int schemaVersion();

    String observationId();

    /** Kafka message key: the observation id, so that one observation stays on one partition, in order. */
    default String messageKey() {
        return observationId();
    }

    /** Validation shared by the records' compact constructors (Jackson turns the exception into bad input). */
    static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }

    static void checkVersion(int schemaVersion) {
        check(schemaVersion == SCHEMA_VERSION,
                "unsupported schemaVersion " + schemaVersion + " (this code reads " + SCHEMA_VERSION + ")");
    }

    static void checkText(String value, String name) {
        check(value != null && !value.isBlank(), name + " is missing or blank");
    }
}
