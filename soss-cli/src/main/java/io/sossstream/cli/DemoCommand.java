package io.sossstream.cli;

import io.sossstream.events.EventCodec;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.ingest.Ingest;
import io.sossstream.ingest.KafkaEventPublisher;
import io.sossstream.localstack.LocalStack;
import io.sossstream.localstack.StackPaths;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.ProgressListener;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectLayout;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * {@code soss-stream demo}: stack up (broker, S3Proxy, the four services), simulate a small observation, ingest it,
 * follow its events until spectra-ready, download the product and plots, and print where they are with a one-line
 * summary (integrations, latency, segments per minute).
 */
final class DemoCommand {
    private final PrintStream out;

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    int execute(String[] argv) throws Exception {
        Args a = Args.parse(argv, 0, Set.of("dir", "out", "segments", "ints-per-segment", "timeout"), Set.of());
        if (!a.positionals.isEmpty()) {
            throw new Args.UsageException("demo takes no arguments, only options");
        }
        Path stateDir = a.get("dir") == null ? StackPaths.defaultStateDir() : Path.of(a.get("dir"));
        ClientLogs.toStackLogs(stateDir);
        Path outDir = Path.of(a.get("out", "soss-demo-output")).toAbsolutePath();
        int segments = a.intValue("segments", 3);
        int ints = a.intValue("ints-per-segment", 40);
        Duration timeout = Duration.ofSeconds(a.intValue("timeout", 600));
        if (!LocalStack.servicesBuilt()) {
            throw new IllegalStateException("the services are not packaged: run `mvn -B package -DskipTests` first");
        }

        out.print(io.sossstream.localstack.StackControl.up(stateDir));
        LocalStack stack = LocalStack.attach(stateDir);

        // a fresh observation id per run: the pipeline ignores a replay of an observation it has finished
        String fileRoot = String.format(Locale.ROOT, "jw09999%03d%03d_04101_00001",
                (System.currentTimeMillis() / 1000) % 1000, (int) (Math.random() * 1000));
        Path input = stack.stateDir().resolve("demo/input").resolve(fileRoot);
        out.printf("simulating %d segments x %d integrations into %s%n", segments, ints, input);
        // Integrations long enough that the short demo series spans the whole 2.8 h transit and some baseline.
        double intTime = Math.max(49.4, 6.0 * 3600 / (segments * ints));
        List<Path> files = Simulator.run(SimulationOptions.defaults().withSegments(segments, ints)
                        .withIntegrationTime(intTime).withTarget("WASP-39", fileRoot), input, new ProgressBar(System.err)).stream()
                .filter(p -> p.getFileName().toString().endsWith("_nis_calints.fits")).toList();
        String obsId;
        try (FitsSegmentReader r = FitsSegmentReader.open(files.get(0))) {
            obsId = r.header().observationId();
        }

        try (KafkaConsumer<String, byte[]> events = consumer(stack);
             MinioObjectStore store = stack.objectStore();
             Ingest ingest = new Ingest(store, ObjectLayout.defaults(),
                     new KafkaEventPublisher(stack.bootstrapServers()), store.partSize())) {
            long t0 = System.currentTimeMillis();
            for (Path f : files) {
                ingest.upload(f, fileRoot);
                out.printf("  [%5.1f s] uploaded %s%n", (System.currentTimeMillis() - t0) / 1000.0, f.getFileName());
            }
            SpectraReady done = follow(events, obsId, segments, t0, timeout);
            long t1 = System.currentTimeMillis();

            List<Path> downloaded = new java.util.ArrayList<>();
            downloaded.add(download(store, done.productKey(), outDir));
            for (String plot : done.plotKeys()) {
                downloaded.add(download(store, plot, outDir.resolve("plots")));
            }
            double seconds = (t1 - t0) / 1000.0;
            out.println("products of " + obsId + " in " + outDir + ":");
            for (Path p : downloaded) {
                out.println("  " + outDir.relativize(p));
            }
            if (stack.serviceUrl("formatter-service") != null) {
                out.println("pipeline status page: " + stack.serviceUrl("formatter-service") + "/status");
            }
            out.printf(Locale.ROOT, "demo: %s %s, %d integrations in %d segments, latency %.1f s (landing -> "
                            + "spectra-ready), %.1f segments/min%n", done.targetName(), obsId, done.integrations(),
                    segments, seconds, segments / (seconds / 60.0));
            out.println("stop the stack with: bin/soss-stream stack down");
        }
        return Main.OK;
    }

    private static KafkaConsumer<String, byte[]> consumer(LocalStack stack) {
        Properties p = stack.kafkaClientProperties();
        p.put("group.id", "soss-demo-" + UUID.randomUUID());
        p.put("auto.offset.reset", "latest");
        p.put("enable.auto.commit", "false");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer());
        c.subscribe(List.of(Topics.PROFILE_READY, Topics.SEGMENT_EXTRACTED, Topics.CALIBRATION_READY,
                Topics.SPECTRA_READY, Topics.DEAD_LETTER));
        // join the group and take positions now, so nothing published during the upload is missed
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (c.assignment().isEmpty() && System.nanoTime() < deadline) {
            c.poll(Duration.ofMillis(200));
        }
        c.assignment().forEach(c::position);
        return c;
    }

    /** Prints the observation's pipeline events as they come; returns its spectra-ready. */
    private SpectraReady follow(KafkaConsumer<String, byte[]> events, String obsId, int segments, long t0,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ExtractionProgress extracted = new ExtractionProgress(segments);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : events.poll(Duration.ofMillis(500))) {
                double t = (System.currentTimeMillis() - t0) / 1000.0;
                if (r.topic().equals(Topics.DEAD_LETTER)) {
                    var h = r.headers().lastHeader("dead-letter-reason");
                    out.printf("  [%5.1f s] dead letter %s: %s%n", t, r.key(),
                            h == null ? "?" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
                    continue;
                }
                if (!obsId.equals(r.key())) {
                    continue;
                }
                switch (r.topic()) {
                    case Topics.PROFILE_READY -> out.printf("  [%5.1f s] profile ready%n", t);
                    case Topics.SEGMENT_EXTRACTED -> out.printf("  [%5.1f s] %s%n", t, extracted.onExtracted(
                            EventCodec.fromJson(SegmentExtracted.class, r.value(), EventCodec.source(r.topic(),
                                    r.partition(), r.offset())).segmentNumber()));
                    case Topics.CALIBRATION_READY -> out.printf("  [%5.1f s] calibration ready%n", t);
                    case Topics.SPECTRA_READY -> {
                        out.printf("  [%5.1f s] spectra ready%n", t);
                        return EventCodec.fromJson(SpectraReady.class, r.value(),
                                EventCodec.source(r.topic(), r.partition(), r.offset()));
                    }
                    default -> { }
                }
            }
        }
        throw new IllegalStateException("no spectra-ready for " + obsId + " within " + timeout.toSeconds()
                + " s; see the service logs in the stack's logs folder and bin/soss-stream stack status");
    }

    private static Path download(MinioObjectStore store, String key, Path dir) {
        Path target = dir.resolve(key.substring(key.lastIndexOf('/') + 1));
        if (!store.download(ObjectLayout.defaults().workBucket(), key, target)) {
            throw new IllegalStateException("spectra-ready names " + key + " but the store has no such object");
        }
        return target;
    }
}
