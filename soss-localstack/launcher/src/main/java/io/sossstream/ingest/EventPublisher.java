package io.sossstream.ingest;

/** Publishes one record and returns once it is durably stored (or throws). */
public interface EventPublisher extends AutoCloseable {
    void publish(String topic, String key, byte[] value);

    @Override
    default void close() {
    }
}
