package io.sossstream.extract;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.Topics;
import io.sossstream.pipeline.ExtractStep;
import io.sossstream.service.MessageHandling;
import io.sossstream.service.PipelineContext;
import io.sossstream.service.TopicConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/** soss.segments → {@link ExtractStep#onSegmentLanded} → soss.segment-extracted. */
@ApplicationScoped
public class SegmentLandedConsumer implements TopicConsumer {
    private final MessageHandling handling;
    private final PipelineContext context;
    private final MutinyEmitter<byte[]> extracted;

    SegmentLandedConsumer(MessageHandling handling, PipelineContext context,
            @Channel("segment-extracted-out") MutinyEmitter<byte[]> extracted) {
        this.handling = handling;
        this.context = context;
        this.extracted = extracted;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.SEGMENTS);
    }

    @Override
    @Incoming("segments-in")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        handling.handle("segment-landed", record, S3EventNotification::parse,
                e -> context.step(ExtractStep.class, ExtractStep::new).onSegmentLanded(e), extracted);
    }
}
