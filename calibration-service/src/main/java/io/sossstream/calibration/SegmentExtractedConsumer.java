package io.sossstream.calibration;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.sossstream.events.EventCodec;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.events.Topics;
import io.sossstream.pipeline.CalibrationStep;
import io.sossstream.service.MessageHandling;
import io.sossstream.service.PipelineContext;
import io.sossstream.service.TopicConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/** soss.segment-extracted → {@link CalibrationStep#onSegmentExtracted} → soss.calibration-ready. */
@ApplicationScoped
public class SegmentExtractedConsumer implements TopicConsumer {
    private final MessageHandling handling;
    private final PipelineContext context;
    private final MutinyEmitter<byte[]> calibrationReady;

    SegmentExtractedConsumer(MessageHandling handling, PipelineContext context,
            @Channel("calibration-ready-out") MutinyEmitter<byte[]> calibrationReady) {
        this.handling = handling;
        this.context = context;
        this.calibrationReady = calibrationReady;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.SEGMENT_EXTRACTED);
    }

    @Override
    @Incoming("segment-extracted-in")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        handling.handle("segment-extracted", record, (v, s) -> EventCodec.fromJson(SegmentExtracted.class, v, s),
                e -> context.step(CalibrationStep.class, CalibrationStep::new).onSegmentExtracted(e), calibrationReady);
    }
}
