package io.sossstream.formatter;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.sossstream.events.CalibrationReady;
import io.sossstream.events.EventCodec;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.events.Topics;
import io.sossstream.pipeline.FormatStep;
import io.sossstream.pipeline.Outcome;
import io.sossstream.service.BacklogGauges;
import io.sossstream.service.MessageHandling;
import io.sossstream.service.PipelineContext;
import io.sossstream.service.TopicConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;
import java.util.function.BiFunction;

/**
 * formatter-service's two inputs, whichever comes last completes the observation: soss.segment-extracted →
 * {@link FormatStep#onSegmentExtracted}, soss.calibration-ready → {@link FormatStep#onCalibrationReady}; both →
 * soss.spectra-ready, the backlog gauge refreshed after each record.
 */
@ApplicationScoped
public class FormatterConsumers implements TopicConsumer {
    private final MessageHandling handling;
    private final PipelineContext context;
    private final BacklogGauges backlog;
    private final MutinyEmitter<byte[]> spectraReady;

    FormatterConsumers(MessageHandling handling, PipelineContext context, BacklogGauges backlog,
            @Channel("spectra-ready-out") MutinyEmitter<byte[]> spectraReady) {
        this.handling = handling;
        this.context = context;
        this.backlog = backlog;
        this.spectraReady = spectraReady;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.SEGMENT_EXTRACTED, Topics.CALIBRATION_READY);
    }

    /** A parked record of either topic, handed back by the retry consumer. */
    @Override
    public void consume(ConsumerRecord<String, byte[]> record) {
        if (Topics.CALIBRATION_READY.equals(record.topic())) {
            calibrationReady(record);
        } else {
            segmentExtracted(record);
        }
    }

    @Incoming("segment-extracted-in")
    @Blocking
    public void segmentExtracted(ConsumerRecord<String, byte[]> record) {
        format("segment-extracted", record, SegmentExtracted.class, FormatStep::onSegmentExtracted);
    }

    @Incoming("calibration-ready-in")
    @Blocking
    public void calibrationReady(ConsumerRecord<String, byte[]> record) {
        format("calibration-ready", record, CalibrationReady.class, FormatStep::onCalibrationReady);
    }

    private <E> void format(String step, ConsumerRecord<String, byte[]> record, Class<E> type,
                            BiFunction<FormatStep, E, Outcome> handler) {
        try {
            handling.handle(step, record, (v, s) -> EventCodec.fromJson(type, v, s),
                    e -> handler.apply(context.step(FormatStep.class, FormatStep::new), e), spectraReady);
        } finally {
            backlog.refreshQuietly();
        }
    }
}
