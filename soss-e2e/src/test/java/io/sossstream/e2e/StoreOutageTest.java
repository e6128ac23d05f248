package io.sossstream.e2e;

import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.ingest.KafkaEventPublisher;
import io.sossstream.localstack.LocalStack;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The object store stopped for 90 s in the middle of an observation (its profile built, two segments' events
 * arriving while the store is away) and started again: the observation completes by itself, equal to the batch
 * product, nothing dead-lettered; every service reported not ready while the store was away and ready again after.
 * Before the delayed retries, the in-flight events went to the dead-letter topic after 31 s and the observation
 * stayed "extracting" for good.
 */
class StoreOutageTest {
    private static final Duration OUTAGE = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void anObservationOutlastsANinetySecondStoreOutage() throws Exception {
        LocalStack stack = E2eStack.get();
        SimulatedObservation obs = SimulatedObservation.simulate(tmp, "jw09101001001_04101_00001", 14);
        ObjectLayout layout = ObjectLayout.defaults();
        try (TopicReader ready = new TopicReader(stack, Topics.SPECTRA_READY);
             TopicReader profiles = new TopicReader(stack, Topics.PROFILE_READY);
             MinioObjectStore store = stack.objectStore();
             KafkaEventPublisher publisher = new KafkaEventPublisher(stack.bootstrapServers())) {
            // all three files stored first; their events are published one by one around the outage
            List<S3EventNotification> events = new ArrayList<>();
            for (Path p : obs.segments()) {
                ObjectInfo o = store.put(layout.rawBucket(), layout.rawKey(obs.folder(), p.getFileName().toString()),
                        p, "application/fits");
                events.add(S3EventNotification.objectCreated(o.bucket(), o.key(), o.size(), o.etag(), false,
                        Instant.now()));
            }
            long t0 = System.currentTimeMillis();
            publisher.publish(Topics.SEGMENTS, events.get(0).messageKey(), events.get(0).toJson());
            profiles.await(r -> obs.observationId().equals(r.key()), EndToEndTest.TIMEOUT)
                    .orElseThrow(() -> new AssertionError("no profile-ready for " + obs.observationId()));

            stack.stopObjectStore();
            long down = System.nanoTime();
            for (S3EventNotification e : events.subList(1, events.size())) {
                publisher.publish(Topics.SEGMENTS, e.messageKey(), e.toJson());
            }
            Map<String, Integer> notReady = new TreeMap<>();
            while (System.nanoTime() - down < OUTAGE.toNanos()) {
                for (String service : LocalStack.SERVICES) {
                    if (ServiceHttp.readiness(stack.serviceUrl(service)) == 503) {
                        notReady.merge(service, 1, Integer::sum);
                    }
                }
                Thread.sleep(2000);
            }
            stack.startObjectStore();
            long up = System.nanoTime();
            System.out.printf("e2e: object store away %.0f s; readiness 503 polls per service: %s%n",
                    (up - down) / 1e9, notReady);

            SpectraReady done = TopicReader.awaitSpectraReady(stack, ready, obs, Duration.ofMinutes(6));
            System.out.printf("e2e: after the store came back, %s completed in %.1f s%n", obs.observationId(),
                    (System.nanoTime() - up) / 1e9);
            EndToEndTest.report("90 s store outage", obs, t0, System.currentTimeMillis(), done);
            for (String service : LocalStack.SERVICES) {
                assertTrue(notReady.containsKey(service), service + " reported ready while the store was away");
                assertEquals(200, awaitReady(stack.serviceUrl(service)), service + " ready again");
            }
            Path product = EndToEndTest.download(stack, done.productKey(), tmp.resolve("stream"));
            assertEquals(List.of(), FitsCompare.differences(product, obs.batchProduct(tmp.resolve("batch")),
                    EndToEndTest.IGNORED), "streamed product after the outage differs from the batch product");
        } finally {
            stack.startObjectStore(); // the other tests share the stack
        }
    }

    private static int awaitReady(String base) throws InterruptedException {
        int status = -1;
        for (int i = 0; i < 60 && status != 200; i++) {
            status = ServiceHttp.readiness(base);
            if (status != 200) {
                Thread.sleep(1000);
            }
        }
        return status;
    }
}
