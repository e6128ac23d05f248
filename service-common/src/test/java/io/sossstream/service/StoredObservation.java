package io.sossstream.service;

import io.sossstream.ProgressListener;
import io.sossstream.events.PipelineEvent;
import io.sossstream.events.S3EventNotification;
import io.sossstream.pipeline.InProcessBus;
import io.sossstream.pipeline.StepContext;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.storage.FileSystemObjectStore;
import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small simulated observation (2 segments × 3 integrations) taken through every step in-process into the
 * service's store folder, so that a service test can remove one step's outputs and send that step's input event.
 */
public final class StoredObservation {
    public final FileSystemObjectStore store;
    public final ObjectLayout layout = ObjectLayout.defaults();
    /** The segments' S3 notifications, by segment number. */
    public final List<S3EventNotification> landed = new ArrayList<>();
    /** Every event the steps published, in order. */
    public final List<PipelineEvent> published;
    public final String observationId;

    private StoredObservation(Path storeRoot) {
        try {
            store = new FileSystemObjectStore(storeRoot);
            layout.buckets().forEach(store::ensureBucket);
            Path sim = Files.createTempDirectory("soss-service-sim-");
            List<Path> files = Simulator.run(SimulationOptions.defaults().withSegments(2, 3).withSeed(5), sim,
                    ProgressListener.NONE);
            InProcessBus bus = new InProcessBus(StepContext.of(store, layout, Stage3Options.defaults(),
                    sim.resolve("work"), ProgressListener.NONE));
            for (Path f : files.stream().filter(p -> p.toString().endsWith(".fits")).sorted().toList()) {
                String key = layout.rawKey("visit", f.getFileName().toString());
                ObjectInfo info = store.put(layout.rawBucket(), key, f, "application/fits");
                S3EventNotification e = S3EventNotification.objectCreated(layout.rawBucket(), key, info.size(),
                        info.etag(), false, Instant.parse("2026-11-23T10:00:00Z"));
                landed.add(e);
                bus.send(e);
            }
            bus.drain();
            published = List.copyOf(bus.published());
            observationId = published.get(0).observationId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The observation in the store folder of {@code soss.s3.endpoint} ({@code file:} URI), made once per folder. */
    public static synchronized StoredObservation in(String endpoint) {
        Path root = Path.of(java.net.URI.create(endpoint));
        if (cached == null || !cached.store.root().equals(root.toAbsolutePath().normalize())) {
            cached = new StoredObservation(root);
        }
        return cached;
    }

    private static StoredObservation cached;

    /** The first published event of a type. */
    public <E extends PipelineEvent> E first(Class<E> type) {
        return published.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    /** Removes the markers of announced events, so that a recomputed output is announced again. */
    public void forgetAnnouncements() {
        for (ObjectInfo o : store.list(layout.workBucket(), layout.observationPrefix(observationId) + "announced/")) {
            store.delete(layout.workBucket(), o.key());
        }
    }

    /** Removes an object of the work bucket (a step's output, so the step computes it again). */
    public void forget(String key) {
        store.delete(layout.workBucket(), key);
    }
}
