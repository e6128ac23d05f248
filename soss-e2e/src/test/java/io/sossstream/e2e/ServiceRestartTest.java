package io.sossstream.e2e;

import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.ingest.Ingest;
import io.sossstream.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * extract-service killed (SIGKILL) mid-observation and restarted: the observation completes, the product equals the
 * batch product, and nothing of it went to the dead-letter topic.
 */
class ServiceRestartTest {
    @TempDir
    Path tmp;

    @Test
    void killedExtractServiceLosesNothing() throws Exception {
        LocalStack stack = E2eStack.get();
        SimulatedObservation obs = SimulatedObservation.simulate(tmp, "jw09002001001_04101_00001", 12);
        try (TopicReader ready = new TopicReader(stack, Topics.SPECTRA_READY);
             TopicReader dead = new TopicReader(stack, Topics.DEAD_LETTER);
             Ingest ingest = SimulatedObservation.ingest(stack)) {
            long t0 = System.currentTimeMillis();
            ingest.upload(obs.segments().get(0), obs.folder());
            ingest.upload(obs.segments().get(1), obs.folder());
            stack.killService("extract-service"); // likely mid-segment: the records are not yet acknowledged
            ingest.upload(obs.segments().get(2), obs.folder()); // lands while the service is down
            long down = System.nanoTime();
            stack.startService("extract-service");
            System.out.printf("e2e: extract-service killed and back (ready) in %.1f s%n",
                    (System.nanoTime() - down) / 1e9);

            SpectraReady done = TopicReader.awaitSpectraReady(stack, ready, obs, EndToEndTest.TIMEOUT);
            EndToEndTest.report("kill+restart", obs, t0, System.currentTimeMillis(), done);
            Path product = EndToEndTest.download(stack, done.productKey(), tmp.resolve("stream"));
            assertEquals(List.of(), FitsCompare.differences(product, obs.batchProduct(tmp.resolve("batch")),
                    EndToEndTest.IGNORED));
            List<String> lost = dead.drain(Duration.ofSeconds(3)).stream()
                    .filter(r -> TopicReader.ofObservation(r, obs))
                    .map(r -> r.key() + ": " + TopicReader.reason(r)).toList();
            assertEquals(List.of(), lost, "dead letters of the observation");
        }
    }
}
