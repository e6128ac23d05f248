package io.sossstream.formatter;

import io.smallrye.common.annotation.Blocking;
import io.sossstream.events.DeadLetterHeaders;
import io.sossstream.pipeline.DeadLetterStep;
import io.sossstream.pipeline.Failure;
import io.sossstream.service.BacklogGauges;
import io.sossstream.service.PipelineContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * soss.dead-letter → {@link DeadLetterStep}: records each dead letter under its observation, so that the status
 * page shows the observation as failed with what failed where. The headers are {@link DeadLetterHeaders}' (service,
 * stage, object, observation, reason, original coordinates); a dead letter written by the connector's fallback
 * has only the reason and coordinates, and without those the dead letter's own coordinates stand in. This channel never
 * dead-letters itself (failure strategy {@code ignore}): a dead letter that cannot be recorded is logged.
 */
@ApplicationScoped
public class DeadLetterConsumer {
    private static final Logger LOG = Logger.getLogger(DeadLetterConsumer.class);

    private final PipelineContext context;
    private final BacklogGauges backlog;

    DeadLetterConsumer(PipelineContext context, BacklogGauges backlog) {
        this.context = context;
        this.backlog = backlog;
    }

    @Incoming("dead-letter-in")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        String topic = header(record, DeadLetterHeaders.TOPIC, record.topic());
        int partition = Integer.parseInt(header(record, DeadLetterHeaders.PARTITION,
                Integer.toString(record.partition())));
        long offset = Long.parseLong(header(record, DeadLetterHeaders.OFFSET, Long.toString(record.offset())));
        var failure = Failure.of(topic, partition, offset, record.key(), header(record, DeadLetterHeaders.REASON, null),
                record.timestamp(), header(record, DeadLetterHeaders.OBSERVATION, null),
                header(record, DeadLetterHeaders.SERVICE, null), header(record, DeadLetterHeaders.STAGE, null),
                header(record, DeadLetterHeaders.OBJECT, record.key()));
        if (failure.isEmpty()) {
            LOG.warnf("event=dead-letter-unattributed topic=%s partition=%d offset=%d key=%s", topic, partition, offset,
                    record.key());
            return;
        }
        try {
            LOG.infof("event=dead-letter-recorded summary=\"%s\"", context.step(DeadLetterStep.class,
                    c -> new DeadLetterStep(c.store(), c.layout())).onDeadLetter(failure.get()).summary());
        } catch (RuntimeException e) {
            LOG.errorf("event=dead-letter-not-recorded observationId=%s error=\"%s\"", failure.get().observationId(),
                    e.getMessage());
        } finally {
            backlog.refreshQuietly();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name, String fallback) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? fallback : new String(h.value(), StandardCharsets.UTF_8);
    }
}
