package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.events.PipelineEvent;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SpectraReady;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.storage.FileSystemObjectStore;
import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectLayout;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The stream in one test process: the {@link InProcessBus} over a {@link FileSystemObjectStore} (an S3 stand-in
 * that, like S3, copies what is uploaded), writes counted by a {@link CountingStore}.
 */
final class InProcessPipeline {
    final FileSystemObjectStore files;
    final CountingStore store;
    final ObjectLayout layout = ObjectLayout.defaults();
    final InProcessBus bus;
    final ProfileStep profile;
    final ExtractStep extract;
    final CalibrationStep calibration;
    final FormatStep format;
    final List<SpectraReady> spectraReady;
    final List<String> log;
    final List<PipelineEvent> published;

    InProcessPipeline(Path root, Stage3Options defaults, Clock clock) {
        this(root, defaults, clock, Stage3Rules.STANDARD);
    }

    InProcessPipeline(Path root, Stage3Options defaults, Clock clock, Stage3Rules rules) {
        files = new FileSystemObjectStore(root.resolve("store"));
        store = new CountingStore(files);
        layout.buckets().forEach(store::ensureBucket);
        bus = new InProcessBus(new StepContext(store, layout, defaults, root.resolve("work"), ProgressListener.NONE,
                clock, rules));
        profile = bus.profile();
        extract = bus.extract();
        calibration = bus.calibration();
        format = bus.format();
        spectraReady = bus.spectraReady();
        log = bus.log();
        published = bus.published();
    }

    /** Uploads a raw file under {@code folder/} (not counted as a pipeline write) and returns its S3 event. */
    S3EventNotification upload(Path file, String folder, Instant landedAt) {
        String key = layout.rawKey(folder, file.getFileName().toString());
        ObjectInfo info = files.put(layout.rawBucket(), key, file, "application/fits");
        return S3EventNotification.objectCreated(layout.rawBucket(), key, info.size(), info.etag(), false, landedAt);
    }

    void send(S3EventNotification event) {
        bus.send(event);
    }

    void drain() {
        bus.drain();
    }
}
