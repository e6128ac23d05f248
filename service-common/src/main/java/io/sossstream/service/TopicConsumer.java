package io.sossstream.service;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Set;

/**
 * A service's consumer of some input topics. Its records parked after a retriable failure come back to it through
 * {@link RetryConsumer}, as the original record ({@link ParkedRecord#original()}).
 */
public interface TopicConsumer {
    /** The topics this consumer handles. */
    Set<String> topics();

    /** Handles one record of one of {@link #topics()} (as its {@code @Incoming} method does). */
    void consume(ConsumerRecord<String, byte[]> record);
}
