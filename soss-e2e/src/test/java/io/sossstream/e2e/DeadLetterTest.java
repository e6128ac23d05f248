package io.sossstream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.sossstream.events.DeadLetterHeaders;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.ingest.Ingest;
import io.sossstream.ingest.KafkaEventPublisher;
import io.sossstream.localstack.LocalStack;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectLayout;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A segment that is not FITS and an event that is not JSON go to {@code soss.dead-letter} with a reason naming
 * the key or event, while a good observation ingested after them completes. A bad segment gives exactly one dead
 * letter (profile-service refuses it; extract-service, reading the same event, skips it), whose headers name
 * service, stage and object, and its observation shows {@code failed} with that reason in {@code /api/observations}.
 */
class DeadLetterTest {
    @TempDir
    Path tmp;

    @Test
    void malformedEventIsDeadLettered() {
        LocalStack stack = E2eStack.get();
        String key = "garbage-" + System.nanoTime();
        try (TopicReader dead = new TopicReader(stack, Topics.DEAD_LETTER);
             KafkaEventPublisher publisher = new KafkaEventPublisher(stack.bootstrapServers())) {
            publisher.publish(Topics.SEGMENTS, key, "{not json at all".getBytes(StandardCharsets.UTF_8));
            ConsumerRecord<String, byte[]> r = dead.await(x -> key.equals(x.key()), Duration.ofMinutes(1))
                    .orElseThrow(() -> new AssertionError("malformed event not dead-lettered"));
            String reason = TopicReader.reason(r);
            System.out.println("e2e: malformed event dead-lettered: " + reason);
            assertTrue(reason.contains("event " + Topics.SEGMENTS + "/"), reason);
            assertTrue(reason.toLowerCase().contains("json"), reason);
            assertEquals("{not json at all", new String(r.value(), StandardCharsets.UTF_8));
        }
    }

    /** The observation the bad segment's file name names (as a segment's FILENAME would). */
    private static final String BAD_OBSERVATION = "jw09003001001_04101_00001_nis";

    @Test
    void badSegmentIsDeadLetteredWhileAnotherObservationCompletes() throws Exception {
        LocalStack stack = E2eStack.get();
        String badKey = "bad-folder/" + SimulatedObservation.claim("jw09003001001_04101_00001")
                + "-seg001_nis_calints.fits";
        SimulatedObservation good = SimulatedObservation.simulate(tmp, "jw09004001001_04101_00001", 13);
        try (TopicReader dead = new TopicReader(stack, Topics.DEAD_LETTER);
             TopicReader ready = new TopicReader(stack, Topics.SPECTRA_READY);
             MinioObjectStore store = stack.objectStore();
             KafkaEventPublisher publisher = new KafkaEventPublisher(stack.bootstrapServers());
             Ingest ingest = SimulatedObservation.ingest(stack)) {
            ObjectInfo bad = store.put(ObjectLayout.RAW_BUCKET, badKey,
                    "this is not a FITS file".getBytes(StandardCharsets.UTF_8), "application/fits");
            S3EventNotification ev = S3EventNotification.objectCreated(bad.bucket(), bad.key(), bad.size(),
                    bad.etag(), false, Instant.now());
            publisher.publish(Topics.SEGMENTS, ev.messageKey(), ev.toJson());

            long t0 = System.currentTimeMillis();
            for (Path p : good.segments()) {
                ingest.upload(p, good.folder());
            }
            SpectraReady done = TopicReader.awaitSpectraReady(stack, ready, good, EndToEndTest.TIMEOUT);
            EndToEndTest.report("beside a bad segment", good, t0, System.currentTimeMillis(), done);

            ConsumerRecord<String, byte[]> r = dead.await(x -> ev.messageKey().equals(x.key()), Duration.ofMinutes(1))
                    .orElseThrow(() -> new AssertionError("bad segment not dead-lettered"));
            String reason = TopicReader.reason(r);
            System.out.println("e2e: bad segment dead-lettered: " + reason);
            assertTrue(reason.contains(badKey), reason);
            assertEquals("profile-service", header(r, DeadLetterHeaders.SERVICE), "the first service to read it");
            assertEquals("segment-landed", header(r, DeadLetterHeaders.STAGE));
            assertEquals(ev.messageKey(), header(r, DeadLetterHeaders.OBJECT));
            assertEquals(BAD_OBSERVATION, header(r, DeadLetterHeaders.OBSERVATION));
            assertEquals("bad-input", header(r, DeadLetterHeaders.CAUSE));

            // both services have read the event by now (the good observation went through both since)
            List<ConsumerRecord<String, byte[]>> all = dead.drain(Duration.ofSeconds(5));
            List<String> badLetters = all.stream().filter(x -> ev.messageKey().equals(x.key()))
                    .map(x -> header(x, DeadLetterHeaders.SERVICE) + ": " + TopicReader.reason(x)).toList();
            assertEquals(1, badLetters.size(), "one dead letter per bad segment: " + badLetters);
            List<String> goodLetters = all.stream()
                    .filter(x -> TopicReader.ofObservation(x, good))
                    .map(TopicReader::reason).toList();
            assertEquals(List.of(), goodLetters);

            JsonNode failed = awaitFailed(stack.serviceUrl("formatter-service"), Duration.ofMinutes(1));
            System.out.println("e2e: /api/observations " + failed);
            JsonNode failure = failed.path("failures").get(0);
            assertEquals("profile-service", failure.path("service").asText());
            assertEquals("segment-landed", failure.path("stage").asText());
            assertEquals(ev.messageKey(), failure.path("objectKey").asText());
            assertEquals(reason, failure.path("reason").asText());
            assertEquals(1, failed.path("failures").size(), "one failure recorded");
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Polls {@code /api/observations} until the bad segment's observation shows failed. */
    private static JsonNode awaitFailed(String formatter, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode o = null;
        while (System.nanoTime() < end) {
            o = ServiceHttp.observation(formatter, BAD_OBSERVATION);
            if (o != null && "failed".equals(o.path("state").asText())) {
                return o;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(BAD_OBSERVATION + " not failed in /api/observations: " + o);
    }
}
