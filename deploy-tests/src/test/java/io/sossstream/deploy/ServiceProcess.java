package io.sossstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) as a child JVM on loopback. */
final class ServiceProcess implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String module;
    final int port;
    final Path log;
    private final Process process;

    private ServiceProcess(String module, int port, Path log, Process process) {
        this.module = module;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** The fast-jar of a service; fails, naming the build command, when the service is not packaged. */
    static Path jar(String module) {
        Path jar = Project.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no " + jar + ": package the services first (mvn -B -o install -DskipTests)");
        }
        return jar;
    }

    /**
     * Starts the service with {@code config} as system properties and {@code environment} (the credentials: never
     * on the command line) added to its environment, its output in {@code log}.
     */
    static ServiceProcess start(String module, int port, Map<String, String> config, Map<String, String> environment,
            Path log) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+ExitOnOutOfMemoryError"));
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-jar");
        cmd.add(jar(module).toString());
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(Project.root().resolve(module).toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(environment);
            Process p = pb.start();
            return new ServiceProcess(module, port, log, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + module, e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** GET {@code path}; status and body, or status -1 when the service does not answer. */
    HttpResponse<String> get(String path) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        }
    }

    /** Waits until /q/health/ready answers 200; fails with the log's tail if it dies or {@code timeout} passes. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError(module + " exited with " + process.exitValue() + "; " + tail());
            }
            HttpResponse<String> r = get("/q/health/ready");
            if (r != null && r.statusCode() == 200) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(module + " not ready on port " + port + " after " + timeout + "; " + tail());
    }

    String tail() {
        return "last lines of " + log + ":\n" + ChildProcesses.tail(log);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
