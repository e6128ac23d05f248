package io.sossstream.localstack;

import io.sossstream.events.Topics;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded local stack as a whole: a single-node Kafka broker ({@link KafkaBroker}), S3Proxy
 * ({@link S3ProxyServer}) and, on demand, the four services ({@link PipelineServices}), each a separate JVM on
 * loopback, with their data, configs and logs under one state directory:
 * <pre>
 * &lt;stateDir&gt;/stack.properties      ports, pids, endpoints, credentials ({@link StackState})
 * &lt;stateDir&gt;/logs/kafka.log, kafka-format.log, s3proxy.log, &lt;service&gt;.log
 * &lt;stateDir&gt;/kafka/server.properties, log4j.properties, data/
 * &lt;stateDir&gt;/s3proxy/s3proxy.properties, logback.xml, data/   (one sub-directory per bucket)
 * </pre>
 * Start-up creates the topics of {@link Topics#ALL} ({@value #PARTITIONS} partitions) and the buckets of
 * {@link ObjectLayout#defaults()}. A stack is also reachable from another JVM through its state file
 * ({@link #status(Path)}, {@link #stop(Path)}). Tests use {@link #startForTests(Path)}, which stops the processes
 * when the JVM exits; a test can kill and restart the broker on the same data and port ({@link #killKafka()},
 * {@link #startKafka()}).
 */
public final class LocalStack implements AutoCloseable {
    public static final int DEFAULT_KAFKA_PORT = KafkaBroker.DEFAULT_PORT;
    public static final int DEFAULT_CONTROLLER_PORT = KafkaBroker.DEFAULT_CONTROLLER_PORT;
    public static final int DEFAULT_S3_PORT = S3ProxyServer.DEFAULT_PORT;
    public static final String ACCESS_KEY = StackConnection.ACCESS_KEY;
    public static final String SECRET_KEY = StackConnection.SECRET_KEY;
    public static final int PARTITIONS = KafkaBroker.PARTITIONS;
    /** The services in pipeline order; each is {@code <name>/target/quarkus-app/quarkus-run.jar}. */
    public static final List<String> SERVICES = PipelineServices.NAMES;
    /** HTTP ports of the services in {@link Options#cli()} (health, metrics, the formatter's status page). */
    public static final Map<String, Integer> DEFAULT_SERVICE_PORTS = PipelineServices.DEFAULT_PORTS;

    /**
     * How to start the stack.
     *
     * @param kafkaPort      broker port (0 = any free port; a busy port is replaced by a free one)
     * @param controllerPort KRaft controller port (same rule)
     * @param s3Port         S3Proxy port (same rule)
     * @param detach         give the processes their own session so they outlive the launching command (CLI);
     *                       without it they are stopped when this JVM exits (tests)
     * @param startTimeout   how long each component may take to become ready
     */
    public record Options(int kafkaPort, int controllerPort, int s3Port, boolean detach, Duration startTimeout) {
        /** Fixed default ports, detached: for {@code bin/soss-stream stack up}. */
        public static Options cli() {
            return new Options(DEFAULT_KAFKA_PORT, DEFAULT_CONTROLLER_PORT, DEFAULT_S3_PORT, true, timeout());
        }

        /** Free ports, stopped with the JVM: for tests. */
        public static Options tests() {
            return new Options(0, 0, 0, false, timeout());
        }

        private static Duration timeout() {
            return Duration.ofSeconds(Long.getLong("soss.stack.timeout", 90));
        }
    }

    private final Path stateDir;
    private final Options options;
    private final Properties state;
    private final KafkaBroker kafka;
    private final S3ProxyServer s3proxy;
    private final PipelineServices services;
    private Thread shutdownHook;

    private LocalStack(Path stateDir, Options options, Properties state) {
        this.stateDir = stateDir;
        this.options = options;
        this.state = state;
        this.kafka = new KafkaBroker(stateDir, state, StackPaths.kafkaLib(), options);
        this.s3proxy = new S3ProxyServer(stateDir, state, StackPaths.s3ProxyLib(), options);
        this.services = new PipelineServices(stateDir, state, options);
    }

    /** Starts the stack with {@link Options#cli()} in {@code stateDir}. */
    public static LocalStack start(Path stateDir) {
        return start(stateDir, Options.cli());
    }

    /** Starts the stack on free ports under {@code dir}; the processes stop when this JVM exits. */
    public static LocalStack startForTests(Path dir) {
        return start(dir, Options.tests());
    }

    /**
     * Starts Kafka and S3Proxy in {@code stateDir} and waits until both are ready and the topics and buckets exist.
     * If a stack from this state directory is already fully up, attaches to it instead; if only some of it is down,
     * starts only that, on its data and port (the running components keep their processes). Data from an earlier
     * run in the same directory is kept (the broker is formatted only once).
     *
     * @throws IllegalStateException when a component does not become ready in time or dies; the message names its
     *                               log and quotes its last lines
     */
    public static LocalStack start(Path stateDir, Options options) {
        Path dir = stateDir.toAbsolutePath().normalize();
        Optional<Properties> previous = StackState.read(dir);
        if (previous.isPresent() && status(dir).infrastructureUp()) {
            return new LocalStack(dir, options, previous.get()).attach();
        }
        if (previous.isPresent() && previous.get().containsKey("kafka.config")
                && previous.get().containsKey("s3.config")) {
            LocalStack stack = new LocalStack(dir, options, previous.get()).attach();
            stack.startWhatIsDown();
            return stack;
        }
        if (previous.isPresent()) {
            stop(dir); // leftovers of a stack that never finished its first start
        }
        LocalStack stack = new LocalStack(dir, options, new Properties());
        try {
            stack.launch(previous.orElse(null));
            return stack;
        } catch (RuntimeException e) {
            stack.stop();
            throw e;
        }
    }

    /**
     * The stack already running from {@code stateDir} (started by another JVM, e.g. {@code stack up}).
     *
     * @throws IllegalStateException when it is not fully up
     */
    public static LocalStack attach(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        StackStatus status = status(dir);
        if (!status.infrastructureUp()) {
            throw new IllegalStateException("the local stack in " + dir + " is not up (bin/soss-stream stack up):\n"
                    + status.toText());
        }
        return new LocalStack(dir, Options.cli(), StackState.read(dir).orElseThrow()).attach();
    }

    private LocalStack attach() {
        kafka.attach();
        s3proxy.attach();
        services.attach();
        return this;
    }

    private void launch(Properties previous) {
        try {
            Files.createDirectories(logDir());
            // Reuse the ports of a previous run when free: clients configured against them keep working.
            int kafkaPort = LoopbackPorts.choose(previous, "kafka.port", options.kafkaPort());
            int controllerPort = LoopbackPorts.choose(previous, "kafka.controller.port", options.controllerPort(),
                    kafkaPort);
            int s3Port = LoopbackPorts.choose(previous, "s3.port", options.s3Port(), kafkaPort, controllerPort);
            state.setProperty("stack.dir", stateDir.toString());
            state.setProperty("stack.started", Instant.now().toString());
            kafka.configure(kafkaPort, controllerPort);
            s3proxy.configure(s3Port);
            stopWithThisJvmUnlessDetached();
            s3proxy.launch();           // starts in the background while the broker is formatted
            kafka.formatIfNeeded();
            kafka.launch();
            s3proxy.awaitReady();
            s3proxy.createBuckets();
            kafka.awaitReady();
            kafka.createTopics();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local stack in " + stateDir, e);
        }
    }

    private void stopWithThisJvmUnlessDetached() {
        if (!options.detach() && shutdownHook == null) {
            shutdownHook = new Thread(this::stopQuietly, "soss-localstack-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** Restarts the broker and S3Proxy where they are down (a hung process is stopped first). */
    private synchronized void startWhatIsDown() {
        stopWithThisJvmUnlessDetached();
        StackStatus now = status();
        for (StackComponent c : List.of(s3proxy, kafka)) {
            if (!now.up(c.name())) {
                c.stop(Duration.ofSeconds(15));
                c.restart();
            }
        }
    }

    /**
     * Restarts one component, {@code kafka}, {@code s3proxy} or a service ({@link #SERVICES}), on its data and port
     * and waits until it is ready; the others keep running (clients reconnect by themselves).
     *
     * @throws IllegalArgumentException for an unknown component
     */
    public synchronized void restart(String component) {
        switch (component) {
            case "kafka" -> {
                kafka.stop(Duration.ofSeconds(30));
                kafka.restart();
            }
            case "s3proxy" -> {
                s3proxy.stop(Duration.ofSeconds(15));
                s3proxy.restart();
            }
            default -> {
                if (!SERVICES.contains(component)) {
                    throw new IllegalArgumentException("unknown component '" + component + "': one of kafka, "
                            + "s3proxy, " + String.join(", ", SERVICES));
                }
                services.stop(component, Duration.ofSeconds(30));
                services.start(component);
            }
        }
    }

    /**
     * The stack of {@code stateDir} whatever runs of it (to restart a component that is down).
     *
     * @throws IllegalStateException when it was never started there
     */
    public static LocalStack open(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        Properties state = StackState.read(dir).orElseThrow(() -> new IllegalStateException(
                "no local stack in " + dir + " (bin/soss-stream stack up)"));
        return new LocalStack(dir, Options.cli(), state).attach();
    }

    /** Kafka bootstrap servers, e.g. {@code 127.0.0.1:19092}. */
    public String bootstrapServers() {
        return connection().bootstrapServers();
    }

    /** S3 endpoint, e.g. {@code http://127.0.0.1:18080}. */
    public String s3Endpoint() {
        return connection().s3Endpoint();
    }

    public String accessKey() {
        return connection().accessKey();
    }

    public String secretKey() {
        return connection().secretKey();
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Folder of every component's log. */
    public Path logDir() {
        return StackState.logDir(stateDir);
    }

    /** A new client of the stack's object store (default part size); close it when done. */
    public MinioObjectStore objectStore() {
        return connection().objectStore();
    }

    /** Client properties with {@code bootstrap.servers} set, to add serializers and group ids to. */
    public Properties kafkaClientProperties() {
        return connection().kafkaClientProperties();
    }

    /**
     * The services' endpoints ({@code kafka.bootstrap.servers}, {@code soss.s3.endpoint}), e.g. as system
     * properties. The credentials are not among them: see {@link #credentialsEnvironment()}.
     */
    public Map<String, String> connectionProperties() {
        return connection().connectionProperties();
    }

    /**
     * The object-store credentials as the environment variables the services read ({@code SOSS_S3_ACCESS_KEY},
     * {@code SOSS_S3_SECRET_KEY}, MicroProfile Config's names for {@code soss.s3.access-key} and
     * {@code soss.s3.secret-key}), as the Kubernetes manifests pass them from a Secret. Never put them on a command
     * line: {@code ps} shows every process's arguments to every user of the machine.
     */
    public Map<String, String> credentialsEnvironment() {
        return connection().credentialsEnvironment();
    }

    private StackConnection connection() {
        return StackConnection.of(state);
    }

    /** Live status of this stack. */
    public StackStatus status() {
        return status(stateDir);
    }

    /** Stops the broker gracefully (SIGTERM, controlled shutdown), keeping its data and port. */
    public synchronized void stopKafka() {
        kafka.stop(Duration.ofSeconds(30));
    }

    /** Kills the broker at once (SIGKILL), as a crash would. */
    public synchronized void killKafka() {
        kafka.kill();
    }

    /** (Re)starts the broker on the same data directory and port, and waits until it is ready. */
    public synchronized void startKafka() {
        kafka.restart();
    }

    /** Stops S3Proxy (SIGTERM), keeping its data and port: the object store is away, as in an outage. */
    public synchronized void stopObjectStore() {
        s3proxy.stop(Duration.ofSeconds(15));
    }

    /** (Re)starts S3Proxy on the same data directory and port, and waits until it answers. */
    public synchronized void startObjectStore() {
        s3proxy.restart();
    }

    /** Stops the services, then the broker, then S3Proxy; the data stays in the state directory. */
    public synchronized void stop() {
        services.stopAll(Duration.ofSeconds(20));
        kafka.stop(Duration.ofSeconds(30));
        s3proxy.stop(Duration.ofSeconds(15));
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down: the hook is running this
            }
            shutdownHook = null;
        }
    }

    /**
     * At JVM exit every process is told to stop at once, not one after the other: whoever exits may not wait for
     * the sum of the graces (Maven Surefire kills a test JVM whose shutdown takes over 30 s, and a broker or
     * S3Proxy not yet stopped then outlives the tests).
     */
    private void stopQuietly() {
        List<Runnable> stops = new ArrayList<>();
        for (String name : SERVICES) {
            stops.add(() -> services.stop(name, Duration.ofSeconds(10)));
        }
        stops.add(() -> kafka.stop(Duration.ofSeconds(10)));
        stops.add(() -> s3proxy.stop(Duration.ofSeconds(10)));
        List<Thread> threads = new ArrayList<>();
        for (Runnable stop : stops) {
            Thread t = new Thread(() -> {
                try {
                    stop.run();
                } catch (RuntimeException ignored) {
                    // best effort at JVM exit
                }
            }, "soss-localstack-stop-one");
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------- the four services

    /** The packaged Quarkus app of a service ({@code -Dsoss.services.dir} replaces the project root). */
    public static Path serviceJar(String name) {
        return PipelineServices.jar(name);
    }

    /** Whether all four services are packaged ({@code mvn package}). */
    public static boolean servicesBuilt() {
        return PipelineServices.built();
    }

    /**
     * Starts every service that is not running, all at once, and waits until each reports {@code /q/health/ready}
     * UP. Each is {@code java -Xmx768m -jar <service>/target/quarkus-app/quarkus-run.jar} with
     * {@link #connectionProperties()}, {@code quarkus.http.port} and {@code soss.work-dir=<stateDir>/work/<service>}
     * as system properties and {@link #credentialsEnvironment()} in its environment, logging to
     * {@code <stateDir>/logs/<service>.log}.
     *
     * @throws IllegalStateException when a jar is missing or a service does not become ready in time
     */
    public synchronized void startServices() {
        services.startAll();
    }

    /** (Re)starts one service on its previous port and waits until it is ready. */
    public synchronized void startService(String name) {
        services.start(name);
    }

    /** Stops one service gracefully (SIGTERM: SmallRye commits what was acknowledged). */
    public synchronized void stopService(String name) {
        services.stop(name, Duration.ofSeconds(30));
    }

    /** Kills one service at once (SIGKILL), as a crash or an evicted pod would. */
    public synchronized void killService(String name) {
        services.kill(name);
    }

    /** Stops every service (the broker and S3Proxy keep running). */
    public synchronized void stopServices() {
        services.stopAll(Duration.ofSeconds(30));
    }

    /** Whether the service's process is alive. */
    public boolean serviceRunning(String name) {
        return services.isRunning(name);
    }

    /** The service's HTTP base URL, e.g. {@code http://127.0.0.1:8184} (null when it was never started). */
    public String serviceUrl(String name) {
        return services.url(name);
    }

    /** The service's log file. */
    public Path serviceLog(String name) {
        return services.log(name);
    }

    // ---------------------------------------------------------------- from the state file, from any JVM

    /** Up/down of each component of the stack whose state file is in {@code stateDir} (from any JVM). */
    public static StackStatus status(Path stateDir) {
        return StackStatus.read(stateDir);
    }

    /**
     * Stops the stack whose state file is in {@code stateDir} (from any JVM): each process by its pid, SIGTERM
     * then SIGKILL after a grace period. Data and logs stay.
     *
     * @return whether any process was running
     */
    public static boolean stop(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        Optional<Properties> read = StackState.read(dir);
        if (read.isEmpty()) {
            return false;
        }
        boolean any = false;
        List<String> keys = new ArrayList<>();
        for (String name : SERVICES) {
            keys.add(PipelineServices.Keys.pid(name)); // services first: they would only log broker errors meanwhile
        }
        keys.add("kafka.pid");
        keys.add("s3.pid");
        for (String key : keys) {
            Optional<ProcessHandle> h = ManagedProcess.find(StackState.pid(read.get(), key), dir.toString());
            if (h.isPresent()) {
                any = true;
                ManagedProcess.stop(h.get(), Duration.ofSeconds(30));
            }
        }
        return any;
    }
}
