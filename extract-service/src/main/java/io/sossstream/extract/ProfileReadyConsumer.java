package io.sossstream.extract;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.sossstream.events.EventCodec;
import io.sossstream.events.ProfileReady;
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

/**
 * soss.profile-ready → {@link ExtractStep#onProfileReady} (extracts the segments that
 * landed before the profile existed) → soss.segment-extracted.
 */
@ApplicationScoped
public class ProfileReadyConsumer implements TopicConsumer {
    private final MessageHandling handling;
    private final PipelineContext context;
    private final MutinyEmitter<byte[]> extracted;

    ProfileReadyConsumer(MessageHandling handling, PipelineContext context,
            @Channel("segment-extracted-out") MutinyEmitter<byte[]> extracted) {
        this.handling = handling;
        this.context = context;
        this.extracted = extracted;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.PROFILE_READY);
    }

    @Override
    @Incoming("profile-ready-in")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        handling.handle("profile-ready", record, (v, s) -> EventCodec.fromJson(ProfileReady.class, v, s),
                e -> context.step(ExtractStep.class, ExtractStep::new).onProfileReady(e), extracted);
    }
}
