package io.sossstream.localstack;

import io.sossstream.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stack's single-node Kafka broker (KRaft, broker and controller in one JVM): its configuration under
 * {@code <stateDir>/kafka}, the one-time storage format, the process, its readiness and the pipeline's topics. Its
 * settings are the {@code kafka.*} keys of the stack's state ({@link StackState}).
 */
final class KafkaBroker extends StackComponent {
    static final int DEFAULT_PORT = 19092;
    static final int DEFAULT_CONTROLLER_PORT = 19093;
    /** Partitions of every topic (and of the consumer-offsets topic). */
    static final int PARTITIONS = 3;

    KafkaBroker(Path stateDir, Properties state, Path lib, LocalStack.Options options) {
        super("kafka", "kafka.pid", "kafka.log", stateDir, state, lib, options);
    }

    /** Records the broker's ports and paths in the state and writes its configuration files. */
    void configure(int port, int controllerPort) throws IOException {
        Path dir = stateDir.resolve("kafka");
        state.setProperty("kafka.port", Integer.toString(port));
        state.setProperty("kafka.controller.port", Integer.toString(controllerPort));
        state.setProperty("kafka.bootstrap", LoopbackPorts.HOST + ":" + port);
        state.setProperty("kafka.data", dir.resolve("data").toString());
        state.setProperty("kafka.config", dir.resolve("server.properties").toString());
        state.setProperty("kafka.log", StackState.logDir(stateDir).resolve("kafka.log").toString());
        state.setProperty("topics", String.join(",", Topics.ALL));
        state.setProperty("topic.partitions", Integer.toString(PARTITIONS));
        Files.createDirectories(dir.resolve("data"));
        String host = LoopbackPorts.HOST;
        ConfigFiles.write(dir.resolve("server.properties"),
                "# written by soss-stream LocalStack",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + controllerPort,
                "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + host + ":" + port,
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
                "auto.create.topics.enable=false");
        ConfigFiles.write(dir.resolve("log4j.properties"),
                "log4j.rootLogger=INFO, stdout",
                "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
                "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
                "log4j.logger.org.apache.kafka.clients=WARN");
    }

    /**
     * Formats the KRaft storage with a new cluster id unless an earlier run did; records the cluster id either way.
     */
    void formatIfNeeded() throws IOException {
        Path meta = Path.of(state.getProperty("kafka.data")).resolve("meta.properties");
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
        Path log = StackState.logDir(stateDir).resolve("kafka-format.log");
        Process p = ManagedProcess.launch(lib, jvmArgs(), "kafka.tools.StorageTool",
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

    /** Launches the broker process (does not wait) and records its pid in the state file. */
    @Override
    void launch() throws IOException {
        launch(jvmArgs(), "kafka.Kafka", List.of(state.getProperty("kafka.config")));
    }

    /** Waits until the port is open and the broker has registered with the controller. */
    @Override
    void awaitReady() {
        // An admin client started before the port opens logs a warning per failed connection: wait for the port.
        int port = Integer.parseInt(state.getProperty("kafka.port"));
        await(() -> {
            if (!LoopbackPorts.accepts(port)) {
                throw new IllegalStateException("port " + port + " not open yet");
            }
        });
        try (Admin admin = admin()) {
            await(() -> {
                if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                    throw new IllegalStateException("no broker registered yet");
                }
            });
        }
    }

    /** Creates every topic of {@link Topics#ALL} with {@link #PARTITIONS} partitions; existing ones are kept. */
    void createTopics() {
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
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topics timed out; see " + log(), e);
        }
    }

    private List<String> jvmArgs() {
        return List.of("-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dlog4j.configuration=file:" + stateDir.resolve("kafka/log4j.properties"));
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, state.getProperty("kafka.bootstrap"));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return Admin.create(p);
    }
}
