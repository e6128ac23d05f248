package io.sossstream.e2e;

import io.sossstream.ingest.Ingest;
import io.sossstream.ingest.KafkaEventPublisher;
import io.sossstream.localstack.LocalStack;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.ProgressListener;
import io.sossstream.pipeline.BatchRun;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectLayout;

import java.nio.file.Path;
import java.util.List;

/**
 * A small simulated observation (3 segments) for the end-to-end tests, its upload through {@link Ingest} and the
 * batch reference product ({@link Stage3#run}) on the same files with the services' default options.
 *
 * @param dir           where the segments are
 * @param segments      the segment files, by segment number
 * @param observationId the id the services key events by
 * @param folder        raw-bucket folder the segments are uploaded to
 */
record SimulatedObservation(Path dir, List<Path> segments, String observationId, String folder) {
    static final int SEGMENTS = 3;
    static final int INTS_PER_SEGMENT = 10;

    /** File roots taken by a test of this run: the tests share one stack, where an observation id is its state. */
    private static final java.util.Set<String> CLAIMED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Reserves {@code fileRoot} (e.g. jw09001001001_04101_00001) for one test; fails when another test took it. */
    static String claim(String fileRoot) {
        if (!CLAIMED.add(fileRoot)) {
            throw new AssertionError("observation " + fileRoot + " is used by two e2e tests sharing the stack: "
                    + "give each test its own programme number");
        }
        return fileRoot;
    }

    /** Simulates into {@code root/<folder>}; {@code fileRoot} makes the observation id distinct per test. */
    static SimulatedObservation simulate(Path root, String fileRoot, long seed) {
        claim(fileRoot);
        Path dir = root.resolve(fileRoot);
        SimulationOptions options = SimulationOptions.defaults().withSegments(SEGMENTS, INTS_PER_SEGMENT)
                .withSeed(seed).withTarget("WASP-39", fileRoot);
        List<Path> segments = Simulator.run(options, dir, ProgressListener.NONE).stream()
                .filter(p -> p.getFileName().toString().endsWith("_nis_calints.fits")).toList();
        String obsId;
        try (FitsSegmentReader r = FitsSegmentReader.open(segments.get(0))) {
            obsId = r.header().observationId();
        }
        return new SimulatedObservation(dir, segments, obsId, fileRoot);
    }

    /** An uploader into the stack that publishes the S3 events itself (S3Proxy sends none). */
    static Ingest ingest(LocalStack stack) {
        MinioObjectStore store = stack.objectStore();
        return new Ingest(store, ObjectLayout.defaults(), new KafkaEventPublisher(stack.bootstrapServers()),
                store.partSize());
    }

    /** The batch CLI's product on the same files ({@code bin/soss-stream run}), written under {@code out}. */
    Path batchProduct(Path out) {
        return BatchRun.run(segments, out, Stage3Options.defaults(), "2000-01-01T00:00:00", ProgressListener.NONE)
                .spectra();
    }
}
