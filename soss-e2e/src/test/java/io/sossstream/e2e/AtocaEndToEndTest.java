package io.sossstream.e2e;

import io.sossstream.ProgressListener;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.ingest.Ingest;
import io.sossstream.localstack.LocalStack;
import io.sossstream.pipeline.BatchRun;
import io.sossstream.stage3.ExtractMethod;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An observation with {@code extractMethod: atoca} (its {@code soss-config.json} uploaded before the segments) on
 * the real broker, S3Proxy and packaged services: profile-service builds the spatial profile from the deep stack
 * and the ATOCA model once, extract-service loads the stored model and extracts each segment, formatter-service
 * writes the atoca product, the soss_estimate and the decontamination plot. The product equals the batch run's
 * ({@code run --extract-method atoca}) on the same files, apart from DATE. Prints the latency and, per service, the
 * peak resident memory (VmHWM) after the run.
 */
class AtocaEndToEndTest {
    static final Duration TIMEOUT = Duration.ofMinutes(8);

    @TempDir
    Path tmp;

    @Test
    void anAtocaObservationCompletesWithTheBatchProduct() throws Exception {
        LocalStack stack = E2eStack.get();
        SimulatedObservation obs = SimulatedObservation.simulate(tmp, "jw09007001001_04101_00001", 23);
        Path config = Files.writeString(tmp.resolve("soss-config.json"), "{\"extractMethod\": \"atoca\"}");
        ObjectLayout layout = ObjectLayout.defaults();
        try (TopicReader ready = new TopicReader(stack, Topics.SPECTRA_READY);
             Ingest ingest = SimulatedObservation.ingest(stack)) {
            long t0 = System.currentTimeMillis();
            ingest.uploadConfig(config, obs.folder());
            for (Path p : obs.segments()) {
                ingest.upload(p, obs.folder());
            }
            SpectraReady done = TopicReader.awaitSpectraReady(stack, ready, obs, TIMEOUT);
            long t1 = System.currentTimeMillis();
            EndToEndTest.report("atoca", obs, t0, t1, done);
            assertTrue(done.productKey().endsWith("_atoca_spectra_fullres.fits"), done.productKey());
            assertTrue(done.plotKeys().contains(layout.plot(obs.observationId(), "atoca_decontamination.png")),
                    done.plotKeys().toString());
            try (MinioObjectStore store = stack.objectStore()) {
                String id = obs.observationId();
                assertTrue(store.exists(layout.workBucket(), layout.product(id, id + "_soss_estimate.fits")));
                long model = store.stat(layout.workBucket(), layout.atocaModel(id)).orElseThrow().size();
                System.out.printf(Locale.ROOT, "e2e atoca: stored model %.1f MB%n", model / 1e6);
            }
            printPeakMemory();

            Path product = EndToEndTest.download(stack, done.productKey(), tmp.resolve("stream"));
            Path batch = BatchRun.run(obs.segments(), tmp.resolve("batch"),
                    Stage3Options.defaults().with(Stage3Parameters.EXTRACT_METHOD, ExtractMethod.ATOCA),
                    "2000-01-01T00:00:00", ProgressListener.NONE).spectra();
            assertEquals(List.of(), FitsCompare.differences(product, batch, EndToEndTest.IGNORED),
                    "streamed atoca product differs from the batch product");
            assertEquals(SimulatedObservation.SEGMENTS * SimulatedObservation.INTS_PER_SEGMENT, done.integrations());
        }
    }

    /** VmHWM of this build's service processes (a figure for the sizing notes, not an assertion). */
    private static void printPeakMemory() {
        for (String service : LocalStack.SERVICES) {
            String jar = LocalStack.serviceJar(service).toString();
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(jar)).orElse(false))
                    .forEach(p -> {
                        try {
                            Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status")).stream()
                                    .filter(l -> l.startsWith("VmHWM")).findFirst()
                                    .ifPresent(l -> System.out.println("e2e atoca: " + service + " " + l));
                        } catch (IOException e) {
                            System.out.println("e2e atoca: " + service + " VmHWM unreadable: " + e.getMessage());
                        }
                    });
        }
    }
}
