package io.sossstream.deploy;

import io.sossstream.localstack.StackPaths;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka broker on loopback configured like the Strimzi cluster of deploy/: its client listener
 * authenticates with SCRAM-SHA-512 and the StandardAuthorizer enforces ACLs. The users' SCRAM credentials are
 * written at storage format time; {@code admin} is the super user that creates topics and ACLs (as Strimzi's
 * operators do). Runs the broker from the class path the soss-localstack/kafka module resolves.
 */
final class ScramBroker implements AutoCloseable {
    static final String MECHANISM = "SCRAM-SHA-512";
    private static final String ADMIN = "admin";

    final int port;
    private final String adminPassword;
    private final Process process;
    private final Path log;

    private ScramBroker(int port, String adminPassword, Process process, Path log) {
        this.port = port;
        this.adminPassword = adminPassword;
        this.process = process;
        this.log = log;
    }

    /** Strimzi's format of a user Secret's key sasl.jaas.config. */
    static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Formats the storage with every user's SCRAM credential and starts the broker; returns once it accepts connections. */
    static ScramBroker start(Path dir, Map<String, String> users, Duration timeout) throws Exception {
        int port = freePort();
        int controller = freePort();
        String adminPassword = Uuid.randomUuid().toString();
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
        p.setProperty("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
        p.setProperty("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("sasl.enabled.mechanisms", MECHANISM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.setProperty("listener.name.sasl_plaintext." + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                jaasConfig(ADMIN, adminPassword));
        p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // the controller listener is plaintext on loopback: its (anonymous) principal is the broker itself
        p.setProperty("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Path config = dir.resolve("server.properties");
        try (var w = Files.newBufferedWriter(config)) {
            p.store(w, "ScramBroker (deploy-tests)");
        }
        Path log = dir.resolve("kafka.log");
        List<String> format = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString(), "--add-scram", MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]"));
        users.forEach((u, pw) -> {
            format.add("--add-scram");
            format.add(MECHANISM + "=[name=" + u + ",password=" + pw + "]");
        });
        Process f = java("kafka.tools.StorageTool", format, dir.resolve("format.log"));
        if (!f.waitFor(2, TimeUnit.MINUTES) || f.exitValue() != 0) {
            throw new AssertionError("kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
        ScramBroker broker = new ScramBroker(port, adminPassword,
                java("kafka.Kafka", List.of(config.toString()), log), log);
        long end = System.nanoTime() + timeout.toNanos();
        while (!listening(port)) {
            if (!broker.process.isAlive() || System.nanoTime() > end) {
                broker.close();
                throw new AssertionError("the SCRAM broker did not start; " + Files.readString(log));
            }
            Thread.sleep(500);
        }
        return broker;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Client properties of {@code user} on the SCRAM listener, as the services configure theirs. */
    Properties clientProperties(String user, String password) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap());
        p.setProperty("security.protocol", "SASL_PLAINTEXT");
        p.setProperty("sasl.mechanism", MECHANISM);
        p.setProperty("sasl.jaas.config", jaasConfig(user, password));
        return p;
    }

    Properties adminProperties() {
        Properties p = clientProperties(ADMIN, adminPassword);
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        return p;
    }

    void createTopics(Collection<String> topics) throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all()
                    .get(2, TimeUnit.MINUTES);
        }
    }

    /** Grants {@code user} the KafkaUser's ACLs ("topic soss.x Read" ...) as Strimzi's User Operator does. */
    void grant(String user, Collection<KafkaAccessTest.Acl> acls) throws Exception {
        List<AclBinding> bindings = new ArrayList<>();
        for (KafkaAccessTest.Acl a : acls) {
            ResourceType type = ResourceType.fromString(a.type().toUpperCase(Locale.ROOT));
            AclOperation op = AclOperation.fromString(a.operation().toUpperCase(Locale.ROOT));
            bindings.add(new AclBinding(new ResourcePattern(type, a.name(), PatternType.LITERAL),
                    new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)));
        }
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createAcls(bindings).all().get(2, TimeUnit.MINUTES);
        }
    }

    String logTail() {
        return ChildProcesses.tail(log);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }

    private static Process java(String mainClass, List<String> args, Path log) throws IOException {
        Path lib = StackPaths.kafkaLib();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", lib.resolve("*").toString(), mainClass));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
