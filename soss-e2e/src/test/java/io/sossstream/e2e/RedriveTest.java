package io.sossstream.e2e;

import io.sossstream.events.EventCodec;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.ingest.Ingest;
import io.sossstream.localstack.LocalStack;
import io.sossstream.redrive.DeadLetter;
import io.sossstream.redrive.Redrive;
import io.sossstream.segment.FitsPatch;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectLayout;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bad segment (all-NaN SCI) is refused when it lands, before any compute, and dead-lettered with a reason naming
 * its raw object; once the file is replaced, {@code redrive --observation} re-publishes its event and the
 * observation completes with the batch product.
 */
class RedriveTest {
    @TempDir
    Path tmp;

    @Test
    void aBadSegmentRejectedAtLandingCompletesAfterTheFileIsReplacedAndRedriven() throws Exception {
        LocalStack stack = E2eStack.get();
        SimulatedObservation obs = SimulatedObservation.simulate(tmp, "jw09005001001_04101_00001", 17);
        Path good2 = obs.segments().get(1);
        Path bad2 = Files.createDirectories(tmp.resolve("broken")).resolve(good2.getFileName());
        Files.copy(good2, bad2);
        FitsPatch.fillImage(bad2, "SCI", Float.floatToIntBits(Float.NaN));

        try (TopicReader dead = new TopicReader(stack, Topics.DEAD_LETTER);
             TopicReader ready = new TopicReader(stack, Topics.SPECTRA_READY);
             Ingest ingest = SimulatedObservation.ingest(stack)) {
            ingest.upload(obs.segments().get(0), obs.folder());
            Ingest.Uploaded bad = ingest.upload(bad2, obs.folder());
            ingest.upload(obs.segments().get(2), obs.folder());
            String rawObject = ObjectLayout.RAW_BUCKET + "/" + bad.object().key();

            ConsumerRecord<String, byte[]> letter = dead.await(x -> bad.event().messageKey().equals(x.key()),
                    Duration.ofMinutes(2)).orElseThrow(() -> new AssertionError("bad segment not dead-lettered"));
            String reason = TopicReader.reason(letter);
            System.out.println("e2e redrive: dead-lettered at landing: " + reason);
            assertTrue(reason.startsWith(rawObject + ": no usable SCI pixel (all NaN or DO_NOT_USE) in 10 of 10 "
                    + "integrations"), reason);
            assertTrue(ready.await(x -> obs.observationId().equals(x.key()), Duration.ofSeconds(5)).isEmpty(),
                    "completed without segment 2");

            try (MinioObjectStore store = stack.objectStore()) {
                store.put(ObjectLayout.RAW_BUCKET, bad.object().key(), good2, "application/fits"); // fixed, no event
            }
            long t0 = System.currentTimeMillis();
            Redrive.Report report = new Redrive(stack.bootstrapServers(), stack.kafkaClientProperties())
                    .run(Optional.of(obs.observationId()));
            System.out.println("e2e redrive: " + report.redriven().size() + " record(s) redriven of "
                    + report.deadLetters() + " dead letters");
            assertEquals(List.of(bad.event().messageKey()), report.redriven().stream().map(DeadLetter::key).toList(),
                    "one record per failed event, however many services dead-lettered it");
            assertEquals(Topics.SEGMENTS, report.redriven().get(0).topic());

            ConsumerRecord<String, byte[]> r = ready.await(x -> obs.observationId().equals(x.key()),
                    EndToEndTest.TIMEOUT).orElseThrow(() -> new AssertionError("no spectra-ready after the redrive"));
            SpectraReady done = EventCodec.fromJson(SpectraReady.class, r.value(), "spectra-ready");
            System.out.printf("e2e redrive: %s completed %.1f s after the redrive%n", obs.observationId(),
                    (System.currentTimeMillis() - t0) / 1000.0);
            Path product = EndToEndTest.download(stack, done.productKey(), tmp.resolve("stream"));
            Path batch = obs.batchProduct(tmp.resolve("batch"));
            assertEquals(List.of(), FitsCompare.differences(product, batch, EndToEndTest.IGNORED),
                    "redriven product differs from the batch product");
        }
    }
}
