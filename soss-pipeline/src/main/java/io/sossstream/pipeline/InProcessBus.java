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
 * services do (except on a {@link #direct} bus, the batch run's), handled one at a time in arrival order. Failures propagate to the caller (no retries, no dead
 * letters: the batch run reports them).
 */
public final class InProcessBus {
    /**
     * A message on a topic: its JSON, or (on a {@link #direct} bus) the event object itself, never encoded.
     */
    public record Message(String topic, byte[] value, Object event) {
        public Message(String topic, byte[] value) {
            this(topic, value, null);
        }
    }

    private final ProfileStep profile;
    private final ExtractStep extract;
    private final CalibrationStep calibration;
    private final FormatStep format;
    private final Deque<Message> queue = new ArrayDeque<>();
    private final List<SpectraReady> spectraReady = new ArrayList<>();
    private final List<PipelineEvent> published = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    /** Whether events travel as their JSON (as on Kafka) rather than as objects. */
    private final boolean encoded;

    /** The four steps, each with its own work folder under the context's (as four services have). */
    public InProcessBus(StepContext context) {
        this(context, true);
    }

    /**
     * A bus that hands each event to the steps as the object published, without its JSON round trip: the batch run,
     * one process whose start-up need not build the event codec (the tests of the stream keep the encoding bus).
     */
    public static InProcessBus direct(StepContext context) {
        return new InProcessBus(context, false);
    }

    private InProcessBus(StepContext context, boolean encoded) {
        this.encoded = encoded;
        this.profile = new ProfileStep(context.inFolder(context.workDir().resolve("profile")));
        this.extract = new ExtractStep(context.inFolder(context.workDir().resolve("extract")));
        this.calibration = new CalibrationStep(context.inFolder(context.workDir().resolve("calibration")));
        this.format = new FormatStep(context.inFolder(context.workDir().resolve("format")));
    }

    /** Queues a landed segment (topic {@code soss.segments}). */
    public void send(S3EventNotification event) {
        queue.add(encoded ? new Message(Topics.SEGMENTS, event.toJson()) : new Message(Topics.SEGMENTS, null, event));
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
                S3EventNotification e = m.event() instanceof S3EventNotification n ? n
                        : S3EventNotification.parse(m.value(), source);
                yield List.of(profile.onSegmentLanded(e), extract.onSegmentLanded(e));
            }
            case Topics.PROFILE_READY -> List.of(extract.onProfileReady(event(m, ProfileReady.class)));
            case Topics.SEGMENT_EXTRACTED -> {
                SegmentExtracted e = event(m, SegmentExtracted.class);
                yield List.of(calibration.onSegmentExtracted(e), format.onSegmentExtracted(e));
            }
            case Topics.CALIBRATION_READY -> List.of(format.onCalibrationReady(event(m, CalibrationReady.class)));
            case Topics.SPECTRA_READY -> {
                spectraReady.add(event(m, SpectraReady.class));
                yield List.of();
            }
            default -> throw new IllegalStateException("no step subscribes to " + m.topic());
        };
    }

    /** The message's event: the object itself, or decoded from its JSON. */
    private static <T> T event(Message m, Class<T> type) {
        return type.isInstance(m.event()) ? type.cast(m.event()) : EventCodec.fromJson(type, m.value(), m.topic());
    }

    private void publish(PipelineEvent e) {
        published.add(e);
        queue.add(encoded ? new Message(Topics.of(e), EventCodec.toJson(e)) : new Message(Topics.of(e), null, e));
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
