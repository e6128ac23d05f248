package io.sossstream.e2e;

import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.ingest.Ingest;
import io.sossstream.ingest.KafkaEventPublisher;
import io.sossstream.localstack.LocalStack;
import io.sossstream.storage.ObjectLayout;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten events for objects that are not in the store, published ahead of a good observation on the partition of its
 * first segment: they are parked for later attempts, so the good observation completes within twice the time the
 * same kind of observation takes unobstructed. Before the delayed retries each such event held its partition for
 * ~31 s in two services, i.e. 5 minutes for ten.
 */
class HeadOfLineTest {
    private static final int MISSING = 10;

    @TempDir
    Path tmp;

    @Test
    void eventsForMissingObjectsDoNotHoldUpAGoodObservation() throws Exception {
        LocalStack stack = E2eStack.get();
        ObjectLayout layout = ObjectLayout.defaults();
        SimulatedObservation obstructed = SimulatedObservation.simulate(tmp, "jw09102001001_04101_00001", 16);
        SimulatedObservation alone = SimulatedObservation.simulate(tmp, "jw09103001001_04101_00001", 15);
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(stack.bootstrapServers())) {
            String first = layout.rawBucket() + "/" + layout.rawKey(obstructed.folder(),
                    obstructed.segments().get(0).getFileName().toString());
            int partition = partition(first);
            List<String> missing = new ArrayList<>();
            for (int i = 0; missing.size() < MISSING; i++) {
                String key = layout.rawKey("missing-" + i, "jw09104001001_04101_00001-seg001_nis_calints.fits");
                if (partition(layout.rawBucket() + "/" + key) == partition) {
                    missing.add(key);
                }
            }
            for (String key : missing) {
                S3EventNotification e = S3EventNotification.objectCreated(layout.rawBucket(), key, 2880, "0123",
                        false, Instant.now());
                publisher.publish(Topics.SEGMENTS, e.messageKey(), e.toJson());
            }
            // the obstructed one first: it also pays for any warm-up, which only makes the bound harder to meet
            double obstructedSeconds = run(stack, obstructed, "behind " + MISSING + " missing objects");
            double aloneSeconds = run(stack, alone, "unobstructed");
            System.out.printf("e2e: %d events for missing objects on partition %d of %s: %.1f s vs %.1f s alone "
                    + "(%.2fx)%n", MISSING, partition, Topics.SEGMENTS, obstructedSeconds, aloneSeconds,
                    obstructedSeconds / aloneSeconds);
            assertTrue(obstructedSeconds <= 2 * aloneSeconds, "behind " + MISSING + " events for missing objects: "
                    + obstructedSeconds + " s, more than twice the " + aloneSeconds + " s it takes alone");
        }
    }

    /** Uploads the observation and returns the seconds from its first upload to its spectra-ready. */
    private static double run(LocalStack stack, SimulatedObservation obs, String label) {
        try (TopicReader ready = new TopicReader(stack, Topics.SPECTRA_READY);
             Ingest ingest = SimulatedObservation.ingest(stack)) {
            long t0 = System.currentTimeMillis();
            for (Path p : obs.segments()) {
                ingest.upload(p, obs.folder());
            }
            SpectraReady done = TopicReader.awaitSpectraReady(stack, ready, obs, EndToEndTest.TIMEOUT);
            long t1 = System.currentTimeMillis();
            EndToEndTest.report(label, obs, t0, t1, done);
            return (t1 - t0) / 1000.0;
        }
    }

    /** The partition of {@link Topics#SEGMENTS} a key goes to (Kafka's default partitioner for keyed records). */
    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % LocalStack.PARTITIONS;
    }
}
