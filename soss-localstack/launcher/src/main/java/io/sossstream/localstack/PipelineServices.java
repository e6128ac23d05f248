package io.sossstream.localstack;

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
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The four packaged Quarkus services run against the stack: each {@code java -jar} of its
 * {@code quarkus-run.jar} with its own port, work directory and log, and ready when {@code /q/health/ready} says UP.
 * Their pids, ports, URLs and logs are the {@code service.<name>.*} keys of the stack's state ({@link Keys}).
 */
final class PipelineServices {
    /** The services in pipeline order; each is {@code <name>/target/quarkus-app/quarkus-run.jar}. */
    static final List<String> NAMES = List.of("profile-service", "extract-service",
            "calibration-service", "formatter-service");
    /** HTTP ports of the services in {@link LocalStack.Options#cli()}. */
    static final Map<String, Integer> DEFAULT_PORTS = Map.of("profile-service", 8181,
            "extract-service", 8182, "calibration-service", 8183, "formatter-service", 8184);
    /** Quarkus apps start slower than the broker when four start at once on two cores. */
    private static final Duration MIN_START_TIMEOUT = Duration.ofSeconds(180);

    private final Path stateDir;
    private final Properties state;
    private final LocalStack.Options options;
    private final Map<String, ProcessHandle> running = new ConcurrentHashMap<>();

    PipelineServices(Path stateDir, Properties state, LocalStack.Options options) {
        this.stateDir = stateDir;
        this.state = state;
        this.options = options;
    }

    /** The packaged Quarkus app of a service ({@code -Dsoss.services.dir} replaces the project root). */
    static Path jar(String name) {
        check(name);
        String dir = System.getProperty("soss.services.dir");
        Path root = dir != null && !dir.isBlank() ? Path.of(dir) : StackPaths.projectRoot();
        return root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
    }

    /** Whether all four services are packaged. */
    static boolean built() {
        try {
            return NAMES.stream().allMatch(n -> Files.isRegularFile(jar(n)));
        } catch (IllegalStateException e) {
            return false;
        }
    }

    static void check(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown service '" + name + "' (one of " + NAMES + ")");
        }
    }

    /** Finds the service processes recorded in the state (a stack started by another JVM). */
    void attach() {
        for (String name : NAMES) {
            ManagedProcess.find(StackState.pid(state, Keys.pid(name)), stateDir.toString())
                    .ifPresent(h -> running.put(name, h));
        }
    }

    /** Launches every service that is not running, all at once, then waits until each is ready. */
    void startAll() {
        List<String> launched = new ArrayList<>();
        for (String name : NAMES) {
            if (!isRunning(name)) {
                launch(name);
                launched.add(name);
            }
        }
        for (String name : launched) {
            awaitReady(name);
        }
    }

    /** (Re)starts one service on its previous port and waits until it is ready. */
    void start(String name) {
        check(name);
        if (!isRunning(name)) {
            launch(name);
        }
        awaitReady(name);
    }

    /** Stops one service (SIGTERM), killing it after {@code grace}. */
    void stop(String name, Duration grace) {
        check(name);
        ProcessHandle h = running.remove(name);
        if (h != null) {
            ManagedProcess.stop(h, grace);
        }
    }

    /** Stops every service, each with {@code grace}. */
    void stopAll(Duration grace) {
        for (String name : NAMES) {
            stop(name, grace);
        }
    }

    /** Kills one service at once (SIGKILL). */
    void kill(String name) {
        check(name);
        ProcessHandle h = running.remove(name);
        if (h != null) {
            ManagedProcess.kill(h);
        }
    }

    boolean isRunning(String name) {
        ProcessHandle h = running.get(name);
        return h != null && h.isAlive();
    }

    /** The service's HTTP base URL (null when it was never started). */
    String url(String name) {
        check(name);
        return state.getProperty(Keys.url(name));
    }

    Path log(String name) {
        check(name);
        return StackState.logDir(stateDir).resolve(name + ".log");
    }

    private void launch(String name) {
        Path jar = jar(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run `mvn -B -o package -DskipTests` in the project root"
                    + " first");
        }
        int wanted = options.detach() ? DEFAULT_PORTS.get(name) : 0;
        int port = LoopbackPorts.choose(state, Keys.port(name), wanted, takenPorts(name));
        StackConnection connection = StackConnection.of(state);
        List<String> jvm = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC", "-Djava.awt.headless=true"));
        for (Map.Entry<String, String> e : new TreeMap<>(connection.connectionProperties()).entrySet()) {
            jvm.add("-D" + e.getKey() + "=" + e.getValue());
        }
        jvm.add("-Dquarkus.http.port=" + port);
        jvm.add("-Dquarkus.http.host=" + LoopbackPorts.HOST); // the embedded stack stays on loopback
        jvm.add("-Dsoss.work-dir=" + stateDir.resolve("work").resolve(name));
        try {
            Process p = ManagedProcess.launchJar(jar, jvm, connection.credentialsEnvironment(), stateDir, log(name),
                    options.detach());
            running.put(name, p.toHandle());
            state.setProperty(Keys.pid(name), Long.toString(p.pid()));
            state.setProperty(Keys.port(name), Integer.toString(port));
            state.setProperty(Keys.url(name), "http://" + LoopbackPorts.HOST + ":" + port);
            state.setProperty(Keys.log(name), log(name).toString());
            StackState.write(stateDir, state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private int[] takenPorts(String except) {
        List<Integer> taken = new ArrayList<>();
        for (String key : List.of("kafka.port", "kafka.controller.port", "s3.port")) {
            taken.add(Integer.parseInt(state.getProperty(key, "0")));
        }
        for (String n : NAMES) {
            if (!n.equals(except) && state.containsKey(Keys.port(n))) {
                taken.add(Integer.parseInt(state.getProperty(Keys.port(n))));
            }
        }
        return taken.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Waits for {@code GET /q/health/ready} to answer 200 with status UP (Kafka channels and object store). */
    private void awaitReady(String name) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url(name) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Duration timeout = options.startTimeout().compareTo(MIN_START_TIMEOUT) > 0 ? options.startTimeout()
                : MIN_START_TIMEOUT;
        Readiness.await(name, running.get(name), log(name), timeout, Duration.ofMillis(500), () -> {
            HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !r.body().contains("\"UP\"")) {
                throw new IllegalStateException("answer " + r.statusCode() + " " + r.body());
            }
        });
    }

    /** State-file keys of a service. */
    static final class Keys {
        private Keys() {
        }

        static String pid(String name) {
            return "service." + name + ".pid";
        }

        static String port(String name) {
            return "service." + name + ".port";
        }

        static String url(String name) {
            return "service." + name + ".url";
        }

        static String log(String name) {
            return "service." + name + ".log";
        }
    }
}
