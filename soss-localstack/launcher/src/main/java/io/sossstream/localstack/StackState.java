package io.sossstream.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code <stateDir>/stack.properties}: what a running stack is and how to reach it. Keys:
 * <pre>
 * stack.dir, stack.started
 * kafka.bootstrap, kafka.port, kafka.controller.port, kafka.pid, kafka.cluster.id, kafka.data, kafka.config, kafka.log
 * s3.endpoint, s3.port, s3.pid, s3.access.key, s3.secret.key, s3.data, s3.config, s3.log
 * buckets (comma-separated), topics (comma-separated), topic.partitions
 * </pre>
 * Written atomically (temporary file then rename); the temporary file is created readable by its owner only, as it
 * holds the secret key.
 */
final class StackState {
    static final String FILE = "stack.properties";

    private StackState() {
    }

    static Path file(Path stateDir) {
        return stateDir.resolve(FILE);
    }

    /** Folder of every component's log. */
    static Path logDir(Path stateDir) {
        return stateDir.resolve("logs");
    }

    static Optional<Properties> read(Path stateDir) {
        Path f = file(stateDir);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        return Optional.of(p);
    }

    static void write(Path stateDir, Properties p) {
        Path f = file(stateDir);
        try {
            Files.createDirectories(stateDir);
            Path tmp = Files.createTempFile(stateDir, ".stack", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "soss-stream local stack (bin/soss-stream stack status)");
            }
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }

    static long pid(Properties p, String key) {
        try {
            return Long.parseLong(p.getProperty(key, "-1").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
