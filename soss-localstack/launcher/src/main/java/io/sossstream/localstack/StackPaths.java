package io.sossstream.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the broker's and S3Proxy's class paths are. The project root is the system property {@code soss.home}, or
 * the first directory at or above the working directory that holds {@code soss-localstack/pom.xml}. The lib folders
 * can also be given directly ({@code soss.kafka.lib}, {@code soss.s3proxy.lib}), e.g. for a distribution.
 */
public final class StackPaths {
    private StackPaths() {
    }

    /** The project root (see class comment). */
    public static Path projectRoot() {
        String home = System.getProperty("soss.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("soss-localstack/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the soss-stream project root above " + start
                + " (no soss-localstack/pom.xml); set -Dsoss.home=<root>");
    }

    /** Jars of the Kafka broker and its tools. */
    public static Path kafkaLib() {
        return lib("soss.kafka.lib", "soss-localstack/kafka/target/lib", "kafka_2.13-");
    }

    /** Jars of S3Proxy. */
    public static Path s3ProxyLib() {
        return lib("soss.s3proxy.lib", "soss-localstack/s3proxy/target/lib", "s3proxy-");
    }

    /** Default state directory of {@code bin/soss-stream stack}: {@code soss.stack.dir} or {@code <root>/var/stack}. */
    public static Path defaultStateDir() {
        String dir = System.getProperty("soss.stack.dir");
        return dir != null && !dir.isBlank() ? Path.of(dir).toAbsolutePath() : projectRoot().resolve("var/stack");
    }

    private static Path lib(String property, String relative, String marker) {
        String override = System.getProperty(property);
        Path dir = override != null && !override.isBlank() ? Path.of(override) : projectRoot().resolve(relative);
        boolean ok = false;
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                ok = files.anyMatch(f -> f.getFileName().toString().startsWith(marker));
            } catch (java.io.IOException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new IllegalStateException("no " + marker + "*.jar in " + dir
                    + ": run `mvn -B -o package -DskipTests` in the project root first (or set -D" + property + ")");
        }
        return dir.toAbsolutePath().normalize();
    }
}
