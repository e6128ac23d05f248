package io.sossstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Paths of the project under test: the root (system property {@code soss.home}, else found upwards), deploy/. */
final class Project {
    /** The four services, as Maven module names = Deployment names = image names. */
    static final List<String> SERVICES =
            List.of("profile-service", "extract-service", "calibration-service", "formatter-service");
    /** Image registry/namespace of the services' images. */
    static final String IMAGE_PREFIX = "ghcr.io/soss-stream/";

    private Project() {
    }

    static Path root() {
        String home = System.getProperty("soss.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the project root (a folder with deploy/ and pom.xml)");
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
