package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.events.CalibrationReady;
import io.sossstream.events.EventCodec;
import io.sossstream.events.PipelineEvent;
import io.sossstream.events.ProfileReady;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.storage.FileSystemObjectStore;
import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectLayout;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The four steps wired by an in-memory queue, in place of Kafka: every message is encoded to its JSON and decoded
 * again (as the services do), handed to every step subscribed to its topic, and each outcome's events are queued
 * on their topic. Messages are handled one at a time, first in first out.
 */
final class InProcessPipeline {
    record Message(String topic, byte[] value) {
    }

    final FileSystemObjectStore files;
    final CountingStore store;
    final ObjectLayout layout = ObjectLayout.defaults();
    final ProfileStep profile;
    final ExtractStep extract;
    final CalibrationStep calibration;
    final FormatStep format;
    final Deque<Message> queue = new ArrayDeque<>();
    final List<SpectraReady> spectraReady = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final List<PipelineEvent> published = new ArrayList<>();

    InProcessPipeline(Path root, Stage3Options defaults, Clock clock) {
        files = new FileSystemObjectStore(root.resolve("store"));
        store = new CountingStore(files);
        layout.buckets().forEach(store::ensureBucket);
        Path work = root.resolve("work");
        ProgressListener p = ProgressListener.NONE;
        profile = new ProfileStep(store, layout, defaults, work.resolve("profile"), p);
        extract = new ExtractStep(store, layout, defaults, work.resolve("extract"), p);
        calibration = new CalibrationStep(store, layout, defaults, work.resolve("calibration"), p);
        format = new FormatStep(store, layout, defaults, work.resolve("format"), p, clock);
    }

    /** Uploads a raw file under {@code folder/} (not counted as a pipeline write) and returns its S3 event. */
    S3EventNotification upload(Path file, String folder, Instant landedAt) {
        String key = layout.rawKey(folder, file.getFileName().toString());
        ObjectInfo info = files.put(layout.rawBucket(), key, file, "application/fits");
        return S3EventNotification.objectCreated(layout.rawBucket(), key, info.size(), info.etag(), false, landedAt);
    }

    void send(S3EventNotification event) {
        queue.add(new Message(Topics.SEGMENTS, event.toJson()));
    }

    /** Handles messages until the queue is empty. */
    void drain() {
        while (!queue.isEmpty()) {
            Message m = queue.poll();
            for (Outcome o : handle(m)) {
                log.add(m.topic() + ": " + o.summary());
                o.events().forEach(this::publish);
            }
        }
    }

    List<Outcome> handle(Message m) {
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
            default -> throw new IllegalStateException("no handler for " + m.topic());
        };
    }

    void publish(PipelineEvent e) {
        published.add(e);
        queue.add(new Message(topic(e), EventCodec.toJson(e)));
    }

    static String topic(PipelineEvent e) {
        if (e instanceof ProfileReady) {
            return Topics.PROFILE_READY;
        } else if (e instanceof SegmentExtracted) {
            return Topics.SEGMENT_EXTRACTED;
        } else if (e instanceof CalibrationReady) {
            return Topics.CALIBRATION_READY;
        } else if (e instanceof SpectraReady) {
            return Topics.SPECTRA_READY;
        }
        throw new IllegalArgumentException("unknown event " + e);
    }
}
