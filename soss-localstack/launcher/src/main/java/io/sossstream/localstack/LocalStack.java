package io.sossstream.localstack;

import io.sossstream.events.Topics;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The embedded local stack: a single-node Kafka broker (KRaft, broker+controller) and S3Proxy (filesystem backend),
 * each a separate JVM on loopback, with their data, configs and logs under one state directory:
 * <pre>
 * &lt;stateDir&gt;/stack.properties      ports, pids, endpoints, credentials ({@link StackState})
 * &lt;stateDir&gt;/logs/kafka.log, kafka-format.log, s3proxy.log
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
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_CONTROLLER_PORT = 19093;
    public static final int DEFAULT_S3_PORT = 18080;
    public static final String ACCESS_KEY = "soss-local";
    public static final String SECRET_KEY = "soss-local-secret-key";
    public static final int PARTITIONS = 3;
    private static final String HOST = "127.0.0.1";

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
    private final Path kafkaLib;
    private final Path s3Lib;
    private volatile ProcessHandle kafka;
    private volatile ProcessHandle s3proxy;
    private final Map<String, ProcessHandle> services = new java.util.concurrent.ConcurrentHashMap<>();
    private Thread shutdownHook;

    private LocalStack(Path stateDir, Options options, Properties state, Path kafkaLib, Path s3Lib) {
        this.stateDir = stateDir;
        this.options = options;
        this.state = state;
        this.kafkaLib = kafkaLib;
        this.s3Lib = s3Lib;
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
     * If a stack from this state directory is already fully up, attaches to it instead. Data from an earlier run
     * in the same directory is kept (the broker is formatted only once).
     *
     * @throws IllegalStateException when a component does not become ready in time or dies; the message names its
     *                               log and quotes its last lines
     */
    public static LocalStack start(Path stateDir, Options options) {
        Path dir = stateDir.toAbsolutePath().normalize();
        Optional<Properties> previous = StackState.read(dir);
        if (previous.isPresent() && status(dir).infrastructureUp()) {
            return new LocalStack(dir, options, previous.get(), StackPaths.kafkaLib(), StackPaths.s3ProxyLib())
                    .attach();
        }
        if (previous.isPresent()) {
            stop(dir); // leftovers of a half-dead stack
        }
        LocalStack stack = new LocalStack(dir, options, new Properties(), StackPaths.kafkaLib(),
                StackPaths.s3ProxyLib());
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
        Properties p = StackState.read(dir).orElseThrow();
        return new LocalStack(dir, Options.cli(), p, StackPaths.kafkaLib(), StackPaths.s3ProxyLib()).attach();
    }

    private LocalStack attach() {
        kafka = ManagedProcess.find(StackState.pid(state, "kafka.pid"), stateDir.toString()).orElse(null);
        s3proxy = ManagedProcess.find(StackState.pid(state, "s3.pid"), stateDir.toString()).orElse(null);
        for (String name : SERVICES) {
            ManagedProcess.find(StackState.pid(state, ServiceKeys.pid(name)), stateDir.toString())
                    .ifPresent(h -> services.put(name, h));
        }
        return this;
    }

    private void launch(Properties previous) {
        try {
            Files.createDirectories(logDir());
            // Reuse the ports of a previous run when free: clients configured against them keep working.
            int kafkaPort = choosePort(previous, "kafka.port", options.kafkaPort());
            int controllerPort = choosePort(previous, "kafka.controller.port", options.controllerPort(), kafkaPort);
            int s3Port = choosePort(previous, "s3.port", options.s3Port(), kafkaPort, controllerPort);
            state.setProperty("stack.dir", stateDir.toString());
            state.setProperty("stack.started", Instant.now().toString());
            state.setProperty("kafka.port", Integer.toString(kafkaPort));
            state.setProperty("kafka.controller.port", Integer.toString(controllerPort));
            state.setProperty("kafka.bootstrap", HOST + ":" + kafkaPort);
            state.setProperty("kafka.data", stateDir.resolve("kafka/data").toString());
            state.setProperty("kafka.config", stateDir.resolve("kafka/server.properties").toString());
            state.setProperty("kafka.log", logDir().resolve("kafka.log").toString());
            state.setProperty("s3.port", Integer.toString(s3Port));
            state.setProperty("s3.endpoint", "http://" + HOST + ":" + s3Port);
            state.setProperty("s3.access.key", ACCESS_KEY);
            state.setProperty("s3.secret.key", SECRET_KEY);
            state.setProperty("s3.data", stateDir.resolve("s3proxy/data").toString());
            state.setProperty("s3.config", stateDir.resolve("s3proxy/s3proxy.properties").toString());
            state.setProperty("s3.log", logDir().resolve("s3proxy.log").toString());
            state.setProperty("buckets", String.join(",", ObjectLayout.defaults().buckets()));
            state.setProperty("topics", String.join(",", Topics.ALL));
            state.setProperty("topic.partitions", Integer.toString(PARTITIONS));
            writeConfigs();
            if (!options.detach()) {
                shutdownHook = new Thread(this::stopQuietly, "soss-localstack-stop");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            startS3Proxy();           // starts in the background while the broker is formatted
            formatKafkaIfNeeded();
            startKafkaProcess();
            waitForS3();
            createBuckets();
            waitForKafka();
            createTopics();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local stack in " + stateDir, e);
        }
    }

    private static int choosePort(Properties previous, String key, int wanted, int... taken) {
        int port = wanted;
        if (port == 0 && previous != null) {
            port = Integer.parseInt(previous.getProperty(key, "0"));
        }
        if (port > 0 && isFree(port) && java.util.Arrays.stream(taken).noneMatch(t -> t == wanted)) {
            return port;
        }
        for (int i = 0; i < 20; i++) {
            int free = freePort();
            final int f = free;
            if (java.util.Arrays.stream(taken).noneMatch(t -> t == f)) {
                return free;
            }
        }
        throw new IllegalStateException("no free port on " + HOST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    private void writeConfigs() throws IOException {
        Path kafkaDir = stateDir.resolve("kafka");
        Files.createDirectories(kafkaDir.resolve("data"));
        String kafkaPort = state.getProperty("kafka.port");
        String controllerPort = state.getProperty("kafka.controller.port");
        Files.writeString(kafkaDir.resolve("server.properties"), String.join("\n",
                "# written by soss-stream LocalStack",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
                "listeners=PLAINTEXT://" + HOST + ":" + kafkaPort + ",CONTROLLER://" + HOST + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + HOST + ":" + kafkaPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + state.getProperty("kafka.data"),
                "num.partitions=" + PARTITIONS,
                "offsets.topic.replication.factor=1",
                // fewer than the default 50 partitions: the group coordinator loads faster on 2 cores
                "offsets.topic.num.partitions=" + PARTITIONS,
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                ""), StandardCharsets.UTF_8);
        Files.writeString(kafkaDir.resolve("log4j.properties"), String.join("\n",
                "log4j.rootLogger=INFO, stdout",
                "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
                "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
                "log4j.logger.org.apache.kafka.clients=WARN",
                ""), StandardCharsets.UTF_8);
        Path s3Dir = stateDir.resolve("s3proxy");
        Files.createDirectories(s3Dir.resolve("data"));
        // holds the secret: readable by this user only, like the state file
        writePrivate(s3Dir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=" + state.getProperty("s3.endpoint"),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + state.getProperty("s3.data"),
                ""));
        // logback's default is DEBUG for everything (Jetty per request): keep the log readable
        Files.writeString(s3Dir.resolve("logback.xml"), String.join("\n",
                "<configuration>",
                "  <appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>",
                "  </appender>",
                "  <root level=\"INFO\"><appender-ref ref=\"out\"/></root>",
                "</configuration>",
                ""), StandardCharsets.UTF_8);
    }

    /** Writes {@code text} to a file only its owner can read (where the file system has POSIX permissions). */
    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private List<String> kafkaJvmArgs() {
        return List.of("-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dlog4j.configuration=file:" + stateDir.resolve("kafka/log4j.properties"));
    }

    private void formatKafkaIfNeeded() throws IOException {
        Path data = Path.of(state.getProperty("kafka.data"));
        Path meta = data.resolve("meta.properties");
        if (Files.isRegularFile(meta)) {
            Properties m = new Properties();
            try (var r = Files.newBufferedReader(meta)) {
                m.load(r);
            }
            state.setProperty("kafka.cluster.id", m.getProperty("cluster.id", ""));
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        state.setProperty("kafka.cluster.id", clusterId);
        Path log = logDir().resolve("kafka-format.log");
        Process p = ManagedProcess.launch(kafkaLib, kafkaJvmArgs(), "kafka.tools.StorageTool",
                List.of("format", "-t", clusterId, "-c", state.getProperty("kafka.config")),
                stateDir, log, false);
        try {
            if (!p.waitFor(options.startTimeout().toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage timed out; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (exit " + p.exitValue() + "); see "
                    + log + ":\n" + ManagedProcess.tail(log, 20));
        }
    }

    private void startKafkaProcess() throws IOException {
        Process p = ManagedProcess.launch(kafkaLib, kafkaJvmArgs(), "kafka.Kafka",
                List.of(state.getProperty("kafka.config")), stateDir, Path.of(state.getProperty("kafka.log")),
                options.detach());
        kafka = p.toHandle();
        state.setProperty("kafka.pid", Long.toString(kafka.pid()));
        StackState.write(stateDir, state);
    }

    private void startS3Proxy() throws IOException {
        Process p = ManagedProcess.launch(s3Lib, List.of("-Xmx256m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                        "-Dlogback.configurationFile=" + stateDir.resolve("s3proxy/logback.xml")),
                "org.gaul.s3proxy.Main", List.of("--properties", state.getProperty("s3.config")), stateDir,
                Path.of(state.getProperty("s3.log")), options.detach());
        s3proxy = p.toHandle();
        state.setProperty("s3.pid", Long.toString(s3proxy.pid()));
        StackState.write(stateDir, state);
    }

    private interface Probe {
        void check() throws Exception;
    }

    /** Retries {@code probe} until it passes, the process dies, or the start-up timeout passes. */
    private void await(String name, ProcessHandle process, Path log, Probe probe) {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log + ":\n"
                        + ManagedProcess.tail(log, 30));
            }
            try {
                probe.check();
                return;
            } catch (Exception e) {
                last = e;
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + options.startTimeout().toSeconds()
                + " s (last error: " + last + "); see " + log + ":\n" + ManagedProcess.tail(log, 30));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void waitForS3() {
        try (MinioObjectStore store = objectStore()) {
            await("s3proxy", s3proxy, Path.of(state.getProperty("s3.log")), store::listBuckets);
        }
    }

    private void createBuckets() {
        try (MinioObjectStore store = objectStore()) {
            for (String bucket : ObjectLayout.defaults().buckets()) {
                store.ensureBucket(bucket);
            }
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return Admin.create(p);
    }

    private void waitForKafka() {
        // An admin client started before the port opens logs a warning per failed connection: wait for the port.
        int port = Integer.parseInt(state.getProperty("kafka.port"));
        await("kafka", kafka, Path.of(state.getProperty("kafka.log")), () -> {
            if (!accepts(port)) {
                throw new IllegalStateException("port " + port + " not open yet");
            }
        });
        try (Admin admin = admin()) {
            await("kafka", kafka, Path.of(state.getProperty("kafka.log")), () -> {
                if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                    throw new IllegalStateException("no broker registered yet");
                }
            });
        }
    }

    private void createTopics() {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String t : Topics.ALL) {
                topics.add(new NewTopic(t, PARTITIONS, (short) 1));
            }
            for (var e : admin.createTopics(topics).values().entrySet()) {
                try {
                    e.getValue().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + ex.getCause(),
                                ex);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("creating topics timed out; see " + state.getProperty("kafka.log"), e);
        }
    }

    /** Kafka bootstrap servers, e.g. {@code 127.0.0.1:19092}. */
    public String bootstrapServers() {
        return state.getProperty("kafka.bootstrap");
    }

    /** S3 endpoint, e.g. {@code http://127.0.0.1:18080}. */
    public String s3Endpoint() {
        return state.getProperty("s3.endpoint");
    }

    public String accessKey() {
        return state.getProperty("s3.access.key");
    }

    public String secretKey() {
        return state.getProperty("s3.secret.key");
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Folder of every component's log. */
    public Path logDir() {
        return stateDir.resolve("logs");
    }

    /** A new client of the stack's object store (default part size); close it when done. */
    public MinioObjectStore objectStore() {
        return new MinioObjectStore(s3Endpoint(), accessKey(), secretKey());
    }

    /** Client properties with {@code bootstrap.servers} set, to add serializers and group ids to. */
    public Properties kafkaClientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    /**
     * The services' endpoints ({@code kafka.bootstrap.servers}, {@code soss.s3.endpoint}), e.g. as system
     * properties. The credentials are not among them: see {@link #credentialsEnvironment()}.
     */
    public Map<String, String> connectionProperties() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers(), "soss.s3.endpoint", s3Endpoint());
    }

    /**
     * The object-store credentials as the environment variables the services read ({@code SOSS_S3_ACCESS_KEY},
     * {@code SOSS_S3_SECRET_KEY}, MicroProfile Config's names for {@code soss.s3.access-key} and
     * {@code soss.s3.secret-key}), as the Kubernetes manifests pass them from a Secret. Never put them on a command
     * line: {@code ps} shows every process's arguments to every user of the machine.
     */
    public Map<String, String> credentialsEnvironment() {
        return Map.of("SOSS_S3_ACCESS_KEY", accessKey(), "SOSS_S3_SECRET_KEY", secretKey());
    }

    /** Live status of this stack. */
    public StackStatus status() {
        return status(stateDir);
    }

    /** Stops the broker gracefully (SIGTERM, controlled shutdown), keeping its data and port. */
    public synchronized void stopKafka() {
        if (kafka != null) {
            ManagedProcess.stop(kafka, Duration.ofSeconds(30));
        }
    }

    /** Kills the broker at once (SIGKILL), as a crash would. */
    public synchronized void killKafka() {
        if (kafka != null) {
            ManagedProcess.kill(kafka);
        }
    }

    /** (Re)starts the broker on the same data directory and port, and waits until it is ready. */
    public synchronized void startKafka() {
        if (kafka != null && kafka.isAlive()) {
            return;
        }
        try {
            startKafkaProcess();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka", e);
        }
        waitForKafka();
    }

    /** Stops S3Proxy (SIGTERM), keeping its data and port: the object store is away, as in an outage. */
    public synchronized void stopObjectStore() {
        if (s3proxy != null) {
            ManagedProcess.stop(s3proxy, Duration.ofSeconds(15));
        }
    }

    /** (Re)starts S3Proxy on the same data directory and port, and waits until it answers. */
    public synchronized void startObjectStore() {
        if (s3proxy != null && s3proxy.isAlive()) {
            return;
        }
        try {
            startS3Proxy();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy", e);
        }
        waitForS3();
    }

    /** Stops the services, then the broker, then S3Proxy; the data stays in the state directory. */
    public synchronized void stop() {
        for (ProcessHandle h : services.values()) {
            ManagedProcess.stop(h, Duration.ofSeconds(20));
        }
        services.clear();
        if (kafka != null) {
            ManagedProcess.stop(kafka, Duration.ofSeconds(30));
        }
        if (s3proxy != null) {
            ManagedProcess.stop(s3proxy, Duration.ofSeconds(15));
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down: the hook is running this
            }
            shutdownHook = null;
        }
    }

    private void stopQuietly() {
        try {
            for (ProcessHandle h : services.values()) {
                ManagedProcess.stop(h, Duration.ofSeconds(10));
            }
            if (kafka != null) {
                ManagedProcess.stop(kafka, Duration.ofSeconds(10));
            }
            if (s3proxy != null) {
                ManagedProcess.stop(s3proxy, Duration.ofSeconds(5));
            }
        } catch (RuntimeException ignored) {
            // best effort at JVM exit
        }
    }

    @Override
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------- the four services

    /** The services in pipeline order; each is {@code <name>/target/quarkus-app/quarkus-run.jar}. */
    public static final List<String> SERVICES = List.of("profile-service", "extract-service",
            "calibration-service", "formatter-service");
    /** HTTP ports of the services in {@link Options#cli()} (health, metrics, the formatter's status page). */
    public static final Map<String, Integer> DEFAULT_SERVICE_PORTS = Map.of("profile-service", 8181,
            "extract-service", 8182, "calibration-service", 8183, "formatter-service", 8184);

    /** The packaged Quarkus app of a service ({@code -Dsoss.services.dir} replaces the project root). */
    public static Path serviceJar(String name) {
        checkService(name);
        String dir = System.getProperty("soss.services.dir");
        Path root = dir != null && !dir.isBlank() ? Path.of(dir) : StackPaths.projectRoot();
        return root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
    }

    /** Whether all four services are packaged ({@code mvn package}). */
    public static boolean servicesBuilt() {
        try {
            return SERVICES.stream().allMatch(n -> Files.isRegularFile(serviceJar(n)));
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static void checkService(String name) {
        if (!SERVICES.contains(name)) {
            throw new IllegalArgumentException("unknown service '" + name + "' (one of " + SERVICES + ")");
        }
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
        List<String> launched = new ArrayList<>();
        for (String name : SERVICES) {
            if (!serviceRunning(name)) {
                launchService(name);
                launched.add(name);
            }
        }
        for (String name : launched) {
            awaitService(name);
        }
    }

    /** (Re)starts one service on its previous port and waits until it is ready. */
    public synchronized void startService(String name) {
        checkService(name);
        if (!serviceRunning(name)) {
            launchService(name);
        }
        awaitService(name);
    }

    /** Stops one service gracefully (SIGTERM: SmallRye commits what was acknowledged). */
    public synchronized void stopService(String name) {
        checkService(name);
        ProcessHandle h = services.remove(name);
        if (h != null) {
            ManagedProcess.stop(h, Duration.ofSeconds(30));
        }
    }

    /** Kills one service at once (SIGKILL), as a crash or an evicted pod would. */
    public synchronized void killService(String name) {
        checkService(name);
        ProcessHandle h = services.remove(name);
        if (h != null) {
            ManagedProcess.kill(h);
        }
    }

    /** Stops every service (the broker and S3Proxy keep running). */
    public synchronized void stopServices() {
        for (String name : SERVICES) {
            stopService(name);
        }
    }

    /** Whether the service's process is alive. */
    public boolean serviceRunning(String name) {
        ProcessHandle h = services.get(name);
        return h != null && h.isAlive();
    }

    /** The service's HTTP base URL, e.g. {@code http://127.0.0.1:8184} (null when it was never started). */
    public String serviceUrl(String name) {
        checkService(name);
        return state.getProperty(ServiceKeys.url(name));
    }

    /** The service's log file. */
    public Path serviceLog(String name) {
        checkService(name);
        return logDir().resolve(name + ".log");
    }

    private void launchService(String name) {
        Path jar = serviceJar(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run `mvn -B -o package -DskipTests` in the project root"
                    + " first");
        }
        int wanted = options.detach() ? DEFAULT_SERVICE_PORTS.get(name) : 0;
        int port = choosePort(state, ServiceKeys.port(name), wanted, takenPorts(name));
        List<String> jvm = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC", "-Djava.awt.headless=true"));
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(connectionProperties()).entrySet()) {
            jvm.add("-D" + e.getKey() + "=" + e.getValue());
        }
        jvm.add("-Dquarkus.http.port=" + port);
        jvm.add("-Dquarkus.http.host=127.0.0.1"); // the embedded stack stays on loopback
        jvm.add("-Dsoss.work-dir=" + stateDir.resolve("work").resolve(name));
        try {
            Process p = ManagedProcess.launchJar(jar, jvm, credentialsEnvironment(), stateDir, serviceLog(name),
                    options.detach());
            services.put(name, p.toHandle());
            state.setProperty(ServiceKeys.pid(name), Long.toString(p.pid()));
            state.setProperty(ServiceKeys.port(name), Integer.toString(port));
            state.setProperty(ServiceKeys.url(name), "http://" + HOST + ":" + port);
            state.setProperty(ServiceKeys.log(name), serviceLog(name).toString());
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
        for (String n : SERVICES) {
            if (!n.equals(except) && state.containsKey(ServiceKeys.port(n))) {
                taken.add(Integer.parseInt(state.getProperty(ServiceKeys.port(n))));
            }
        }
        return taken.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Waits for {@code GET /q/health/ready} to answer 200 with status UP (Kafka channels and object store). */
    private void awaitService(String name) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).build();
        java.net.URI uri = java.net.URI.create(serviceUrl(name) + "/q/health/ready");
        // Quarkus apps start slower than the broker when four start at once on two cores
        long deadline = System.nanoTime() + Math.max(options.startTimeout().toNanos(), Duration.ofSeconds(180)
                .toNanos());
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            ProcessHandle h = services.get(name);
            if (h == null || !h.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + serviceLog(name) + ":\n"
                        + ManagedProcess.tail(serviceLog(name), 30));
            }
            try {
                var r = http.send(java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " not ready (last answer: " + last + "); see " + serviceLog(name)
                + ":\n" + ManagedProcess.tail(serviceLog(name), 30));
    }

    /** State-file keys of a service. */
    private static final class ServiceKeys {
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

    /** Up/down of each component of the stack whose state file is in {@code stateDir} (from any JVM). */
    public static StackStatus status(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        Optional<Properties> read = StackState.read(dir);
        if (read.isEmpty()) {
            return new StackStatus(dir, List.of());
        }
        Properties p = read.get();
        List<StackStatus.Component> components = new ArrayList<>(List.of(
                component(dir, p, "kafka", "kafka.pid", "kafka.port", p.getProperty("kafka.bootstrap"), "kafka.log"),
                component(dir, p, "s3proxy", "s3.pid", "s3.port", p.getProperty("s3.endpoint"), "s3.log")));
        for (String name : SERVICES) {
            if (p.containsKey(ServiceKeys.pid(name))) {
                components.add(component(dir, p, name, ServiceKeys.pid(name), ServiceKeys.port(name),
                        p.getProperty(ServiceKeys.url(name)), ServiceKeys.log(name)));
            }
        }
        return new StackStatus(dir, components);
    }

    private static StackStatus.Component component(Path dir, Properties p, String name, String pidKey,
            String portKey, String endpoint, String logKey) {
        long pid = StackState.pid(p, pidKey);
        boolean alive = ManagedProcess.find(pid, dir.toString()).isPresent();
        boolean listening = alive && accepts(Integer.parseInt(p.getProperty(portKey, "0")));
        return new StackStatus.Component(name, listening, pid, endpoint, Path.of(p.getProperty(logKey, "")));
    }

    private static boolean accepts(int port) {
        if (port <= 0) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
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
            keys.add(ServiceKeys.pid(name)); // services first: they would only log broker errors while it stops
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
