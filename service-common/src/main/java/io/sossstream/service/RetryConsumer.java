package io.sossstream.service;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * {@code soss.retry} → this service's parked records, each handed back when due to the consumer of its original
 * topic. Records parked by other services are skipped (every service reads the one retry topic). The wait for a
 * record's time happens on this channel only, so the input topics keep flowing meanwhile; records are parked in
 * the order they failed with delays of at most {@code soss.retry.max-delay}, so a record waits at most that long
 * behind another one.
 */
@ApplicationScoped
public class RetryConsumer {
    private static final Logger LOG = Logger.getLogger(RetryConsumer.class);

    private final Instance<TopicConsumer> consumers;
    private final String service;

    RetryConsumer(@Any Instance<TopicConsumer> consumers,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.consumers = consumers;
        this.service = service;
    }

    @Incoming("retry-in")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        Optional<ParkedRecord> parked = ParkedRecord.of(record);
        if (parked.isEmpty()) {
            LOG.warnf("event=retry-unreadable offset=%d key=%s: a soss.retry record without the retry headers",
                    record.offset(), record.key());
            return;
        }
        ParkedRecord p = parked.get();
        if (!p.service().equals(service)) {
            return;
        }
        Optional<TopicConsumer> target = consumers.stream().filter(c -> c.topics().contains(p.topic())).findFirst();
        if (target.isEmpty()) {
            LOG.errorf("event=retry-unroutable topic=%s key=%s: no consumer of that topic in %s", p.topic(), p.key(),
                    service);
            return;
        }
        long wait = p.notBefore() - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to retry " + p.key(), e);
            }
        }
        LOG.infof("event=retry topic=%s partition=%d offset=%d key=%s failures=%d", p.topic(), p.partition(),
                p.offset(), p.key(), p.failures());
        target.get().consume(p.original());
    }
}
