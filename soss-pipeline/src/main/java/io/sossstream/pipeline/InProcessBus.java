package io.sossstream.pipeline;

import io.sossstream.events.CalibrationReady;
import io.sossstream.events.EventCodec;
import io.sossstream.events.PipelineEvent;
import io.sossstream.events.ProfileReady;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The four steps wired by an in-process queue in place of Kafka, for the batch run (and the tests of the stream):
 * the same subscriptions as the services' channels, every message encoded to its JSON and decoded again as the
 * services do, handled one at a time in arrival order. Failures propagate to the caller (no retries, no dead
 * letters: the batch run reports them).
 */
public final class InProcessBus {
    /** A message on a topic. */
    public record Message(String topic, byte[] value) {
    }

    private final ProfileStep profile;
    private final ExtractStep extract;
    private final CalibrationStep calibration;
    private final FormatStep format;
    private final Deque<Message> queue = new ArrayDeque<>();
    private final List<SpectraReady> spectraReady = new ArrayList<>();
    private final List<PipelineEvent> published = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    /** The four steps, each with its own work folder under the context's (as four services have). */
    public InProcessBus(StepContext context) {
        this.profile = new ProfileStep(context.inFolder(context.workDir().resolve("profile")));
        this.extract = new ExtractStep(context.inFolder(context.workDir().resolve("extract")));
        this.calibration = new CalibrationStep(context.inFolder(context.workDir().resolve("calibration")));
        this.format = new FormatStep(context.inFolder(context.workDir().resolve("format")));
    }

    /** Queues a landed segment (topic {@code soss.segments}). */
    public void send(S3EventNotification event) {
        queue.add(new Message(Topics.SEGMENTS, event.toJson()));
    }

    /** Handles messages until the queue is empty. */
    public void drain() {
        while (!queue.isEmpty()) {
            Message m = queue.poll();
            for (Outcome o : handle(m)) {
                log.add(m.topic() + ": " + o.summary());
                o.events().forEach(this::publish);
            }
        }
    }

    /** The steps subscribed to the message's topic, in the services' order; their outcomes. */
    public List<Outcome> handle(Message m) {
        String source = m.topic();
        return switch (m.topic()) {
            case Topics.SEGMENTS -> {
                S3EventNotification e = S3EventNotification.parse(m.value(), source);
                yield List.of(profile.onSegmentLanded(e), extract.onSegmentLanded(e));
            }
            case Topics.PROFILE_READY -> List.of(extract.onProfileReady(
                    EventCodec.fromJson(ProfileReady.class, m.value(), source)));
            case Topics.SEGMENT_EXTRACTED -> {
                SegmentExtracted e = EventCodec.fromJson(SegmentExtracted.class, m.value(), source);
                yield List.of(calibration.onSegmentExtracted(e), format.onSegmentExtracted(e));
            }
            case Topics.CALIBRATION_READY -> List.of(format.onCalibrationReady(
                    EventCodec.fromJson(CalibrationReady.class, m.value(), source)));
            case Topics.SPECTRA_READY -> {
                spectraReady.add(EventCodec.fromJson(SpectraReady.class, m.value(), source));
                yield List.of();
            }
            default -> throw new IllegalStateException("no step subscribes to " + m.topic());
        };
    }

    private void publish(PipelineEvent e) {
        published.add(e);
        queue.add(new Message(Topics.of(e), EventCodec.toJson(e)));
    }

    /** Queued messages not handled yet (a test may reorder or duplicate them). */
    public Deque<Message> queue() {
        return queue;
    }

    /** Every event the steps published, in order. */
    public List<PipelineEvent> published() {
        return published;
    }

    /** The spectra-ready events received. */
    public List<SpectraReady> spectraReady() {
        return spectraReady;
    }

    /** One line per handled outcome: {@code <topic>: <summary>}. */
    public List<String> log() {
        return log;
    }

    public ProfileStep profile() {
        return profile;
    }

    public ExtractStep extract() {
        return extract;
    }

    public CalibrationStep calibration() {
        return calibration;
    }

    public FormatStep format() {
        return format;
    }
}
