package io.sossstream.profile;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.Topics;
import io.sossstream.pipeline.ProfileStep;
import io.sossstream.service.MessageHandling;
import io.sossstream.service.PipelineContext;
import io.sossstream.service.TopicConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * soss.segments → {@link ProfileStep#onSegmentLanded} → soss.profile-ready. profile-service owns the refusal of a
 * bad segment (its dead letter); extract-service, reading the same event, skips it.
 */
@ApplicationScoped
public class SegmentLandedConsumer implements TopicConsumer {
    private final MessageHandling handling;
    private final PipelineContext context;
    private final MutinyEmitter<byte[]> profileReady;

    SegmentLandedConsumer(MessageHandling handling, PipelineContext context,
            @Channel("profile-ready-out") MutinyEmitter<byte[]> profileReady) {
        this.handling = handling;
        this.context = context;
        this.profileReady = profileReady;
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
                e -> context.step(ProfileStep.class, ProfileStep::new).onSegmentLanded(e), profileReady);
    }
}
