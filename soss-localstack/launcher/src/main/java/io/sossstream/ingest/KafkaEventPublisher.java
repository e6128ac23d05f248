package io.sossstream.ingest;

import io.sossstream.error.RetriableException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link EventPublisher} on a Kafka producer: acks=all, idempotent, each publish waits for the broker's ack. */
public final class KafkaEventPublisher implements EventPublisher {
    private final KafkaProducer<String, byte[]> producer;

    public KafkaEventPublisher(String bootstrapServers) {
        this(bootstrapServers, new Properties());
    }

    /**
     * @param client further client settings (e.g. {@code security.protocol}, {@code sasl.*} for a cluster that
     *               authenticates its clients), applied before ours
     */
    public KafkaEventPublisher(String bootstrapServers, Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(String topic, String key, byte[] value) {
        publish(topic, key, value, Map.of());
    }

    /** Publishes with record headers (UTF-8 text values) and waits for the broker's acknowledgement. */
    public void publish(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while publishing " + key + " to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new RetriableException("cannot publish " + key + " to " + topic + ": " + cause, cause);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new RetriableException("cannot publish " + key + " to " + topic + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
