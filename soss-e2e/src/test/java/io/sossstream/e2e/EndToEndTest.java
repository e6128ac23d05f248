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
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline on real processes (broker, S3Proxy, the four packaged services): a 3-segment observation
 * ingested in shuffled order with one event published twice gives exactly the batch CLI's product (FITS headers
 * apart from DATE, data byte for byte). Prints latency (landing → spectra-ready) and throughput.
 */
class EndToEndTest {
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final Set<String> IGNORED = Set.of("DATE");

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
            assertTrue(ready.drain(Duration.ofSeconds(3)).stream()
                    .filter(r -> obs.observationId().equals(r.key())).count() >= 1);
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
