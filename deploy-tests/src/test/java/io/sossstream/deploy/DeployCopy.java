package io.sossstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A scratch copy of deploy/ to break on purpose: a check must report the removal of what it guards (negative
 * cases), rendered by the same Kustomize as the real overlays.
 */
final class DeployCopy {
    private final Path root;

    private DeployCopy(Path root) {
        this.root = root;
    }

    static DeployCopy of(Path tempDir) {
        Path target = tempDir.resolve("deploy");
        try (Stream<Path> files = Files.walk(Project.deploy())) {
            for (Path f : files.toList()) {
                Path t = target.resolve(Project.deploy().relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DeployCopy(target);
    }

    /** Rewrites one file (path relative to deploy/); fails when the edit changes nothing. */
    DeployCopy edit(String file, UnaryOperator<String> change) {
        Path f = root.resolve(file);
        try {
            String before = Files.readString(f);
            String after = change.apply(before);
            if (after.equals(before)) {
                throw new AssertionError("the edit of " + file + " changed nothing: the negative case tests nothing");
            }
            Files.writeString(f, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Drops the YAML document of {@code file} whose text contains {@code marker} (e.g. "name: minio\n"). */
    DeployCopy removeDocument(String file, String marker) {
        return edit(file, text -> {
            String[] docs = text.split("(?m)^---\\s*$");
            StringBuilder kept = new StringBuilder();
            int removed = 0;
            for (String d : docs) {
                if (d.contains(marker)) {
                    removed++;
                } else {
                    kept.append(kept.length() == 0 ? "" : "---").append(d);
                }
            }
            if (removed != 1) {
                throw new AssertionError(file + ": " + removed + " documents contain " + marker.strip());
            }
            return kept.toString();
        });
    }

    /** Removes one exact piece of text (it must occur once). */
    DeployCopy remove(String file, String text) {
        return edit(file, t -> {
            int i = t.indexOf(text);
            if (i < 0 || t.indexOf(text, i + 1) >= 0) {
                throw new AssertionError(file + " must contain once: " + text);
            }
            return t.substring(0, i) + t.substring(i + text.length());
        });
    }

    Overlay render(String overlay) {
        return Overlay.render(root.resolve("overlays").resolve(overlay), overlay + " (modified copy)");
    }
}
