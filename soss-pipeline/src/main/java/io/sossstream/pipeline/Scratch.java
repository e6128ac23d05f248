package io.sossstream.pipeline;

import io.sossstream.error.RetriableException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private temporary folder under a service's work directory for one handled message (downloaded segments,
 * plots before upload), deleted with everything in it on {@link #close()}. A crash (a killed process) leaves its
 * folder behind, which nothing reads again: {@link #clearLeftovers} removes such folders when the service starts.
 */
public final class Scratch implements AutoCloseable {
    /** Name prefix of every scratch folder (what {@link #clearLeftovers} may delete). */
    private static final String PREFIX = "soss-";

    private final Path dir;

    private Scratch(Path dir) {
        this.dir = dir;
    }

    static Scratch in(Path workDir) {
        try {
            Files.createDirectories(workDir);
            return new Scratch(Files.createTempDirectory(workDir, PREFIX));
        } catch (IOException e) {
            throw new RetriableException("cannot create a temporary folder in " + workDir + ": " + e, e);
        }
    }

    /**
     * Deletes the scratch folders a killed process left in {@code workDir} (call it before the first message is
     * handled: the folders of a running process would go too); other files there are kept.
     *
     * @return how many folders were deleted
     */
    public static int clearLeftovers(Path workDir) {
        if (!Files.isDirectory(workDir)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> s = Files.list(workDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p)).toList()) {
                delete(p);
                n++;
            }
        } catch (IOException e) {
            throw new RetriableException("cannot list " + workDir + ": " + e, e);
        }
        return n;
    }

    /** A fresh sub-folder (e.g. one per downloaded segment, so files keep their own names). */
    Path folder(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new RetriableException("cannot create " + dir.resolve(name) + ": " + e, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Deletes a file downloaded into this scratch folder, with its sub-folder; files elsewhere are left alone. */
    void discard(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && folder.startsWith(dir.toAbsolutePath()) && !folder.equals(dir.toAbsolutePath())) {
            delete(folder);
        }
    }

    @Override
    public void close() {
        delete(dir);
    }

    /** Deletes a file or folder tree; best effort (a leftover temporary file is harmless). */
    static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> s = Files.walk(path)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}
