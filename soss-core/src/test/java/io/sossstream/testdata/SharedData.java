package io.sossstream.testdata;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only real data in {@code ../shared} (WASP-39 b SOSS products, reference files).
 * Looks at the {@code soss.shared} system property, then {@code SOSS_SHARED}, then walks up from the working
 * directory to the first folder holding {@code shared/data}.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String prop = System.getProperty("soss.shared", System.getenv("SOSS_SHARED"));
        if (prop != null && Files.isDirectory(Path.of(prop, "data"))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared");
            if (Files.isDirectory(candidate.resolve("data").resolve("wasp39"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the shared/ data folder above " + Path.of("").toAbsolutePath());
    }

    /** A file of {@code shared/data/wasp39}. */
    public static Path wasp39(String name) {
        return root().resolve("data").resolve("wasp39").resolve(name);
    }

    /** A file of {@code shared/data/reference}. */
    public static Path reference(String name) {
        return root().resolve("data").resolve("reference").resolve(name);
    }

    /** A file of {@code shared/data/oracle} (e.g. {@code "applesoss/..."}). */
    public static Path oracle(String name) {
        return root().resolve("data").resolve("oracle").resolve(name);
    }
}
