package io.sossstream.profile;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.sossstream.events.S3EventNotification;
import io.sossstream.pipeline.ProfileStep;
import io.sossstream.service.MessageHandling;
import io.sossstream.service.PipelineContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** soss.segments → {@link ProfileStep#onSegmentLanded} → soss.profile-ready. */
@ApplicationScoped
public class SegmentLandedConsumer {
    private final MessageHandling handling;
    private final PipelineContext context;
    private final MutinyEmitter<byte[]> profileReady;

    SegmentLandedConsumer(MessageHandling handling, PipelineContext context,
            @Channel("profile-ready-out") MutinyEmitter<byte[]> profileReady) {
        this.handling = handling;
        this.context = context;
        this.profileReady = profileReady;
    }

    @Incoming("segments-in")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        handling.handle("segment-landed", record, S3EventNotification::parse,
                e -> context.step(ProfileStep.class, ProfileStep::new).onSegmentLanded(e), profileReady);
    }
}
