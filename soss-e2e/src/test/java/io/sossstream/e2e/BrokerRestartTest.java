package io.sossstream.e2e;

import io.sossstream.events.EventCodec;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.ingest.Ingest;
import io.sossstream.localstack.LocalStack;
import io.sossstream.localstack.StackStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The broker killed (SIGKILL) mid-observation and brought back with {@code stack restart kafka}
 * ({@link LocalStack#restart}): S3Proxy and the four services keep their processes, reconnect by themselves, and the
 * observation completes with the batch product.
 */
class BrokerRestartTest {
    @TempDir
    Path tmp;

    @Test
    void killedBrokerRestartedAloneTheObservationCompletes() throws Exception {
        LocalStack stack = E2eStack.get();
        SimulatedObservation obs = SimulatedObservation.simulate(tmp, "jw09006001001_04101_00001", 19);
        try (Ingest ingest = SimulatedObservation.ingest(stack)) {
            ingest.upload(obs.segments().get(0), obs.folder());
            ingest.upload(obs.segments().get(1), obs.folder());
        }
        Map<String, Long> before = pids(stack);
        stack.killKafka();
        assertFalse(LocalStack.status(stack.stateDir()).up("kafka"));
        long t0 = System.nanoTime();
        stack.restart("kafka");
        System.out.printf("e2e: broker killed and restarted alone in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Map<String, Long> after = pids(stack);
        assertNotEquals(before.get("kafka"), after.get("kafka"));
        before.remove("kafka");
        after.remove("kafka");
        assertEquals(before, after, "S3Proxy and the services keep their processes");

        try (TopicReader ready = new TopicReader(stack, Topics.SPECTRA_READY);
             Ingest ingest = SimulatedObservation.ingest(stack)) {
            ingest.upload(obs.segments().get(2), obs.folder());
            ConsumerRecord<String, byte[]> r = ready.await(x -> obs.observationId().equals(x.key()),
                    EndToEndTest.TIMEOUT).orElseThrow(() -> new AssertionError("no spectra-ready after the restart"));
            SpectraReady done = EventCodec.fromJson(SpectraReady.class, r.value(), "spectra-ready");
            Path product = EndToEndTest.download(stack, done.productKey(), tmp.resolve("stream"));
            assertEquals(List.of(), FitsCompare.differences(product, obs.batchProduct(tmp.resolve("batch")),
                    EndToEndTest.IGNORED));
        }
    }

    private static Map<String, Long> pids(LocalStack stack) {
        Map<String, Long> out = new HashMap<>();
        for (StackStatus.Component c : stack.status().components()) {
            out.put(c.name(), c.pid());
        }
        return out;
    }
}
