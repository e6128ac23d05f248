package io.sossstream.ingest;

import io.sossstream.localstack.LocalStack;
import io.sossstream.storage.MinioObjectStore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code bin/soss-stream ingest <dir or files> [--watch] [--config FILE] [--folder F]} against the local stack. */
public final class Ingestion {
    private Ingestion() {
    }

    /**
     * Uploads to the running local stack of {@code stateDir} and publishes the S3 events (S3Proxy emits none).
     *
     * @param paths  files or directories (with {@code watch}: exactly one directory)
     * @param folder raw-bucket folder; null = each file's directory name
     * @param config optional per-observation config (null)
     * @param watch  keep watching the directory for newly completed files (until the JVM is stopped)
     * @param out    one line per upload
     * @return how many segments were uploaded
     */
    public static int run(Path stateDir, List<Path> paths, String folder, Path config, boolean watch,
            PrintStream out) {
        LocalStack stack = LocalStack.attach(stateDir);
        try (MinioObjectStore store = stack.objectStore();
             Ingest ingest = new Ingest(store, new KafkaEventPublisher(stack.bootstrapServers()))) {
            if (watch) {
                if (paths.size() != 1 || !java.nio.file.Files.isDirectory(paths.get(0))) {
                    throw new IllegalArgumentException("--watch takes exactly one directory");
                }
                out.println("watching " + paths.get(0).toAbsolutePath() + " (Ctrl-C to stop)");
                return ingest.watch(paths.get(0), folder, config, Duration.ofSeconds(2), () -> true,
                        u -> out.println(line(u)));
            }
            List<Ingest.Uploaded> done = ingest.ingest(paths, folder, config);
            done.forEach(u -> out.println(line(u)));
            return done.size();
        }
    }

    private static String line(Ingest.Uploaded u) {
        return String.format("uploaded %s/%s (%d bytes)%s", u.object().bucket(), u.object().key(), u.object().size(),
                u.event() == null ? "" : ", event " + u.event().eventName() + " published");
    }
}
