package io.sossstream.e2e;

import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.ingest.Ingest;
import io.sossstream.ingest.KafkaEventPublisher;
import io.sossstream.localstack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every input event of an observation tripled, and all of them replayed three times more after it completed: each
 * downstream event exists once per observation (one profile-ready, one segment-extracted per segment, one
 * calibration-ready, one spectra-ready) and the end-to-end latency histogram counts the observation once. Before
 * the announcement markers, 18 input events for one observation gave 6 profile-ready, 27 segment-extracted,
 * 9 calibration-ready and 33 spectra-ready.
 */
class DuplicateReplayTest {
    private static final String LATENCY_COUNT = "soss_end_to_end_latency_seconds_count";
    private static final String PROCESSED = "soss_segments_processed_total";

    @TempDir
    Path tmp;

    @Test
    void trippledAndReplayedEventsAnnounceEachOutputOnce() throws Exception {
        LocalStack stack = E2eStack.get();
        SimulatedObservation obs = SimulatedObservation.simulate(tmp, "jw09105001001_04101_00001", 17);
        String formatter = stack.serviceUrl("formatter-service");
        List<String> readers = List.of("profile-service", "extract-service");
        double latencyBefore = ServiceHttp.metric(formatter, LATENCY_COUNT);
        Map<String, TopicReader> topics = new TreeMap<>();
        for (String t : List.of(Topics.PROFILE_READY, Topics.SEGMENT_EXTRACTED, Topics.CALIBRATION_READY,
                Topics.SPECTRA_READY)) {
            topics.put(t, new TopicReader(stack, t));
        }
        try (Ingest ingest = SimulatedObservation.ingest(stack);
             KafkaEventPublisher again = new KafkaEventPublisher(stack.bootstrapServers())) {
            List<Ingest.Uploaded> uploaded = new ArrayList<>();
            long t0 = System.currentTimeMillis();
            for (Path p : obs.segments()) {
                Ingest.Uploaded u = ingest.upload(p, obs.folder());
                uploaded.add(u);
                for (int i = 0; i < 2; i++) { // tripled
                    again.publish(Topics.SEGMENTS, u.event().messageKey(), u.event().toJson());
                }
            }
            SpectraReady done = TopicReader.awaitSpectraReady(stack, topics.get(Topics.SPECTRA_READY), obs,
                    EndToEndTest.TIMEOUT);
            EndToEndTest.report("tripled events", obs, t0, System.currentTimeMillis(), done);

            // replayed after completion: three more times each; wait until both readers of soss.segments had them
            Map<String, Double> processed = new TreeMap<>();
            for (String s : readers) {
                processed.put(s, ServiceHttp.metric(stack.serviceUrl(s), PROCESSED));
            }
            int replayed = 0;
            for (int i = 0; i < 3; i++) {
                for (Ingest.Uploaded u : uploaded) {
                    again.publish(Topics.SEGMENTS, u.event().messageKey(), u.event().toJson());
                    replayed++;
                }
            }
            for (String s : readers) {
                awaitMetric(stack.serviceUrl(s), PROCESSED, processed.get(s) + replayed, Duration.ofMinutes(2));
            }

            Map<String, Long> counts = new TreeMap<>();
            for (Map.Entry<String, TopicReader> t : topics.entrySet()) {
                // the last replayed segments may still be on their way downstream: wait a little
                List<ConsumerRecord<String, byte[]>> all = t.getValue().drain(Duration.ofSeconds(5));
                counts.put(t.getKey(), all.stream().filter(r -> obs.observationId().equals(r.key())).count());
            }
            double latencies = ServiceHttp.metric(formatter, LATENCY_COUNT) - latencyBefore;
            System.out.printf("e2e: %d input events (each tripled, then replayed 3 times after completion) gave %s; "
                    + "latency recorded %.0f time(s)%n", uploaded.size() * 6, counts, latencies);
            assertEquals(Map.of(Topics.PROFILE_READY, 1L, Topics.SEGMENT_EXTRACTED,
                    (long) SimulatedObservation.SEGMENTS, Topics.CALIBRATION_READY, 1L, Topics.SPECTRA_READY, 1L),
                    counts, "each output announced once");
            assertEquals(1.0, latencies, "the observation's latency counted once");
        } finally {
            topics.values().forEach(TopicReader::close);
        }
    }

    private static void awaitMetric(String base, String name, double atLeast, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        double v = ServiceHttp.metric(base, name);
        while (v < atLeast) {
            if (System.nanoTime() > end) {
                throw new AssertionError(base + " " + name + " = " + v + ", expected at least " + atLeast);
            }
            Thread.sleep(500);
            v = ServiceHttp.metric(base, name);
        }
    }
}
