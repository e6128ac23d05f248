package io.sossstream.e2e;

import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.ingest.Ingest;
import io.sossstream.ingest.KafkaEventPublisher;
import io.sossstream.localstack.LocalStack;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline on real processes (broker, S3Proxy, the four packaged services): a 3-segment observation
 * ingested in shuffled order with one event published twice gives exactly the batch CLI's product (FITS headers
 * apart from DATE, data byte for byte), and each step publishes exactly its events for the observation (one
 * profile-ready, one segment-extracted per segment, one calibration-ready, one spectra-ready, no dead letter),
 * counted on the broker's topics. Prints latency (landing → spectra-ready) and throughput.
 */
class EndToEndTest {
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final Set<String> IGNORED = Set.of("DATE");
    /** The topics the steps publish on, dead letters included. */
    static final List<String> STEP_TOPICS = List.of(Topics.PROFILE_READY, Topics.SEGMENT_EXTRACTED,
            Topics.CALIBRATION_READY, Topics.SPECTRA_READY, Topics.DEAD_LETTER);
    /** Time after the product for anything a step would still publish. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @Test
    void shuffledDuplicatedSegmentsGiveTheBatchProduct() throws Exception {
        LocalStack stack = E2eStack.get();
        SimulatedObservation obs = SimulatedObservation.simulate(tmp, "jw09001001001_04101_00001", 11);
        List<Path> order = new ArrayList<>(obs.segments());
        Collections.shuffle(order, new Random(7));
        System.out.println("e2e: ingest order " + order.stream().map(p -> p.getFileName().toString()).toList());

        try (TopicReader ready = new TopicReader(stack, Topics.SPECTRA_READY);
             Ingest ingest = SimulatedObservation.ingest(stack);
             KafkaEventPublisher again = new KafkaEventPublisher(stack.bootstrapServers())) {
            long t0 = System.currentTimeMillis();
            List<Ingest.Uploaded> uploaded = new ArrayList<>();
            for (Path p : order) {
                uploaded.add(ingest.upload(p, obs.folder()));
            }
            Ingest.Uploaded dup = uploaded.get(1); // MinIO may replay an event: the pipeline must not care
            again.publish(Topics.SEGMENTS, dup.event().messageKey(), dup.event().toJson());

            SpectraReady done = TopicReader.awaitSpectraReady(stack, ready, obs, TIMEOUT);
            long t1 = System.currentTimeMillis();
            report("shuffled+duplicate", obs, t0, t1, done);

            Path product = download(stack, done.productKey(), tmp.resolve("stream"));
            Path batch = obs.batchProduct(tmp.resolve("batch"));
            assertEquals(List.of(), FitsCompare.differences(product, batch, IGNORED),
                    "streamed product differs from the batch product");
            assertEquals(SimulatedObservation.SEGMENTS * SimulatedObservation.INTS_PER_SEGMENT, done.integrations());

            // what each step published for the observation, duplicate included: each output once, no dead letter
            Thread.sleep(SETTLE.toMillis()); // anything published late (e.g. for the duplicate) would count too
            Map<String, Long> counts = TopicReader.countsOf(stack, obs, STEP_TOPICS);
            System.out.println("e2e: events published for " + obs.observationId() + ": " + counts);
            assertEquals(Map.of(Topics.PROFILE_READY, 1L,
                    Topics.SEGMENT_EXTRACTED, (long) SimulatedObservation.SEGMENTS,
                    Topics.CALIBRATION_READY, 1L,
                    Topics.SPECTRA_READY, 1L,
                    Topics.DEAD_LETTER, 0L), counts);
        }
    }

    static Path download(LocalStack stack, String key, Path dir) {
        Path target = dir.resolve(key.substring(key.lastIndexOf('/') + 1));
        try (MinioObjectStore store = stack.objectStore()) {
            assertTrue(store.download(ObjectLayout.defaults().workBucket(), key, target), "no product " + key);
        }
        return target;
    }

    /** Prints latency (first upload → spectra-ready seen; and the event's own landedAt → completedAt) and rate. */
    static void report(String label, SimulatedObservation obs, long t0, long t1, SpectraReady done) {
        double seconds = (t1 - t0) / 1000.0;
        System.out.printf("e2e %s: %s %d segments x %d ints: latency %.1f s (event landedAt->completedAt %.1f s),"
                        + " throughput %.1f segments/min%n", label, obs.observationId(), SimulatedObservation.SEGMENTS,
                SimulatedObservation.INTS_PER_SEGMENT, seconds, (done.completedAt() - done.landedAt()) / 1000.0,
                SimulatedObservation.SEGMENTS / (seconds / 60.0));
    }
}
