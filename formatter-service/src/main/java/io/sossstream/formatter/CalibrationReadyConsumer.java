package io.sossstream.formatter;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.sossstream.events.CalibrationReady;
import io.sossstream.events.EventCodec;
import io.sossstream.pipeline.FormatStep;
import io.sossstream.service.BacklogGauges;
import io.sossstream.service.MessageHandling;
import io.sossstream.service.PipelineContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** soss.calibration-ready → {@link FormatStep#onCalibrationReady} → soss.spectra-ready. */
@ApplicationScoped
public class CalibrationReadyConsumer {
    private final MessageHandling handling;
    private final PipelineContext context;
    private final BacklogGauges backlog;
    private final MutinyEmitter<byte[]> spectraReady;

    CalibrationReadyConsumer(MessageHandling handling, PipelineContext context, BacklogGauges backlog,
            @Channel("spectra-ready-out") MutinyEmitter<byte[]> spectraReady) {
        this.handling = handling;
        this.context = context;
        this.backlog = backlog;
        this.spectraReady = spectraReady;
    }

    @Incoming("calibration-ready-in")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            handling.handle("calibration-ready", record,
                    (v, s) -> EventCodec.fromJson(CalibrationReady.class, v, s),
                    e -> context.step(FormatStep.class, FormatStep::new).onCalibrationReady(e), spectraReady);
        } finally {
            backlog.refreshQuietly();
        }
    }
}
