package io.sossstream.localstack;

import io.sossstream.events.S3EventNotification;
import io.sossstream.events.Topics;
import io.sossstream.ingest.Ingest;
import io.sossstream.ingest.KafkaEventPublisher;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.StorageException;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The real stack: Kafka and S3Proxy processes on loopback, started once for the class. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackTest {
    @TempDir
    static Path dir;
    static LocalStack stack;

    @BeforeAll
    static void up() {
        long t0 = System.nanoTime();
        stack = LocalStack.startForTests(dir.resolve("stack"));
        System.out.printf("local stack up in %.1f s%n%s", (System.nanoTime() - t0) / 1e9, stack.status().toText());
    }

    @AfterAll
    static void down() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    @Order(1)
    void stateFileStatusTopicsAndBuckets() throws Exception {
        Properties state = new Properties();
        try (var r = Files.newBufferedReader(stack.stateDir().resolve("stack.properties"))) {
            state.load(r);
        }
        assertEquals(stack.bootstrapServers(), state.getProperty("kafka.bootstrap"));
        assertEquals(stack.s3Endpoint(), state.getProperty("s3.endpoint"));
        assertTrue(Files.size(stack.logDir().resolve("kafka.log")) > 0);
        assertTrue(Files.size(stack.logDir().resolve("s3proxy.log")) > 0);
        assertTrue(LocalStack.status(stack.stateDir()).allUp());

        try (Admin admin = Admin.create(stack.kafkaClientProperties())) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(Set.copyOf(Topics.ALL), topics.keySet());
            topics.values().forEach(t -> assertEquals(LocalStack.PARTITIONS, t.partitions().size(), t.name()));
        }
        try (MinioObjectStore store = stack.objectStore()) {
            assertTrue(store.listBuckets().containsAll(List.of("raw", "soss", "models")), store.listBuckets()
                    .toString());
        }
    }

    @Test
    @Order(2)
    void objectStoreRoundTripOnS3Proxy() throws Exception {
        try (MinioObjectStore store = new MinioObjectStore(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), MinioObjectStore.MIN_PART_SIZE)) {
            ObjectLayout layout = ObjectLayout.defaults();
            String key = layout.profile("obsA");
            ObjectInfo put = store.put("soss", key, "{\"a\":1}".getBytes(), "application/json");
            assertEquals(7, put.size());
            assertTrue(store.exists("soss", key));
            assertEquals("{\"a\":1}", new String(store.get("soss", key).orElseThrow()));
            assertEquals(7, store.stat("soss", key).orElseThrow().size());
            assertFalse(store.exists("soss", layout.calibration("obsA")));
            assertTrue(store.get("soss", "no/such/key").isEmpty());
            assertTrue(store.stat("nobucket", "x").isEmpty());
            assertFalse(store.download("soss", "no/such/key", dir.resolve("none")));

            // > 5 MiB with 5 MiB parts: a two-part multipart upload
            byte[] big = new byte[(5 << 20) + 12345];
            new Random(42).nextBytes(big);
            Path bigFile = dir.resolve("big.fits");
            Files.write(bigFile, big);
            ObjectInfo bigInfo = store.put("raw", "obsA/big.fits", bigFile, "application/fits");
            System.out.println("multipart ETag from S3Proxy: " + bigInfo.etag());
            Path back = dir.resolve("back/big.fits");
            assertTrue(store.download("raw", "obsA/big.fits", back));
            assertArrayEquals(sha(big), sha(Files.readAllBytes(back)));
            assertEquals(big.length, store.stat("raw", "obsA/big.fits").orElseThrow().size());
            try (var files = Files.list(back.getParent())) {
                assertEquals(1, files.count(), "no temporary download left");
            }

            store.put("raw", "obsA/sub/seg001.fits", new byte[2880], "application/fits");
            List<String> raw = new ArrayList<>();
            for (Result<Item> r : store.client().listObjects(ListObjectsArgs.builder().bucket("raw")
                    .prefix("obsA/").recursive(true).build())) {
                raw.add(r.get().objectName());
            }
            System.out.println("raw S3Proxy listing: " + raw);
            assertEquals(List.of("obsA/big.fits", "obsA/sub/seg001.fits"),
                    store.list("raw", "obsA/").stream().map(ObjectInfo::key).toList(),
                    "directory markers filtered out");
            store.delete("raw", "obsA/sub/seg001.fits");
            assertFalse(store.exists("raw", "obsA/sub/seg001.fits"));
        }
    }

    @Test
    @Order(3)
    void ingestPublishesTheS3EventAndItSurvivesABrokerCrash() throws Exception {
        Path obs = Files.createDirectories(dir.resolve("obs 7"));
        Path seg = obs.resolve("jw01_seg001_nis_calints.fits");
        Files.write(seg, new byte[3 * 2880]);
        Ingest.Uploaded up;
        try (MinioObjectStore store = stack.objectStore();
             Ingest ingest = new Ingest(store, new KafkaEventPublisher(stack.bootstrapServers()))) {
            up = ingest.ingest(List.of(seg), null, null).get(0);
        }
        String key = "raw/obs 7/jw01_seg001_nis_calints.fits";
        assertEquals(key, up.event().messageKey());

        ConsumerRecord<String, byte[]> rec = findRecord(key);
        S3EventNotification e = S3EventNotification.parse(rec.value(), "event " + rec.topic() + "/"
                + rec.partition() + "/" + rec.offset());
        assertEquals(key, rec.key());
        assertEquals(rec.key(), e.messageKey());
        assertTrue(e.isObjectCreated());
        assertEquals("raw", e.bucket());
        assertEquals("obs 7/jw01_seg001_nis_calints.fits", e.key());
        assertEquals(3 * 2880, e.size());
        try (MinioObjectStore store = stack.objectStore()) {
            assertEquals(store.stat("raw", e.key()).orElseThrow().etag(), e.eTag());
        }

        // Crash the broker (SIGKILL) and restart it on the same data directory and port.
        long t0 = System.nanoTime();
        stack.killKafka();
        assertFalse(LocalStack.status(stack.stateDir()).allUp());
        stack.startKafka();
        System.out.printf("kafka killed and restarted in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertTrue(LocalStack.status(stack.stateDir()).allUp());
        ConsumerRecord<String, byte[]> again = findRecord(key);
        assertEquals(rec.partition(), again.partition());
        assertEquals(rec.offset(), again.offset());
        assertArrayEquals(rec.value(), again.value());
    }

    @Test
    @Order(4)
    void ingestCommandAttachesToTheRunningStack() throws Exception {
        Path obs = Files.createDirectories(dir.resolve("obs8"));
        Files.write(obs.resolve("seg001.fits"), new byte[2880]);
        var text = new java.io.ByteArrayOutputStream();
        int n = io.sossstream.ingest.Ingestion.run(stack.stateDir(), List.of(obs), null, null, false,
                new java.io.PrintStream(text, true));
        assertEquals(1, n);
        assertTrue(text.toString().contains("uploaded raw/obs8/seg001.fits (2880 bytes)"), text.toString());
        assertEquals("raw/obs8/seg001.fits", findRecord("raw/obs8/seg001.fits").key());
    }

    @Test
    @Order(5)
    void servicesGetTheCredentialsInTheirEnvironmentAndNoCommandLineShowsTheSecret() throws Exception {
        System.setProperty("soss.services.dir", stubServiceJars(dir.resolve("services")).toString());
        try {
            stack.startServices();
            var http = java.net.http.HttpClient.newHttpClient();
            for (String name : LocalStack.SERVICES) {
                for (var e : Map.of("SOSS_S3_ACCESS_KEY", stack.accessKey(), "SOSS_S3_SECRET_KEY",
                        stack.secretKey()).entrySet()) {
                    var r = http.send(java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(stack.serviceUrl(name) + "/env/" + e.getKey())).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    assertEquals(e.getValue(), r.body(), name + " environment " + e.getKey());
                }
            }
            // What `ps -ef` shows: the argument vector of every process this JVM started.
            List<String> commandLines = ProcessHandle.current().descendants().map(LocalStackTest::commandLine)
                    .toList();
            assertEquals(LocalStack.SERVICES.size(), commandLines.stream()
                    .filter(c -> c.contains("quarkus-run.jar")).count(), "the services run: " + commandLines);
            assertTrue(commandLines.stream().anyMatch(c -> c.contains("kafka.Kafka")), commandLines.toString());
            assertTrue(commandLines.stream().anyMatch(c -> c.contains("org.gaul.s3proxy.Main")),
                    commandLines.toString());
            for (String c : commandLines) {
                assertFalse(c.contains(stack.secretKey()), "secret key on a command line: " + c);
            }
            assertEquals(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(stack.stateDir().resolve("stack.properties")),
                    "the state file holds the secret");
        } finally {
            stack.stopServices();
            System.clearProperty("soss.services.dir");
        }
    }

    @Test
    @Order(6)
    void singlePartPutsUpToTheDocumentedLimitAndAClear400Beyond() throws Exception {
        // parts of 1 GiB: each file below goes up in one PUT, signed with its payload hash as over plain HTTP
        try (MinioObjectStore singlePart = new MinioObjectStore(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), 1L << 30)) {
            Path segmentSized = sparse(dir.resolve("seg400.fits"), 400L << 20);
            StorageException e = assertThrows(StorageException.class,
                    () -> singlePart.put("raw", "big/seg400.fits", segmentSized, "application/fits"));
            System.out.println("400 MB single-part PUT: " + e.getMessage());
            assertTrue(e.getMessage().contains("(MaxMessageLengthExceeded)"), e.getMessage());
            assertEquals(400, ((io.minio.errors.ErrorResponseException) e.getCause()).response().code());
            assertTrue(singlePart.stat("raw", "big/seg400.fits").isEmpty());

            Path atLimit = sparse(dir.resolve("seg64.fits"), S3ProxyServer.MAX_SINGLE_PART_BYTES);
            assertEquals(S3ProxyServer.MAX_SINGLE_PART_BYTES,
                    singlePart.put("raw", "big/seg64.fits", atLimit, "application/fits").size());
            assertEquals(S3ProxyServer.MAX_SINGLE_PART_BYTES, singlePart.stat("raw", "big/seg64.fits")
                    .orElseThrow().size());
            singlePart.delete("raw", "big/seg64.fits");
        }
        try (MinioObjectStore multipart = stack.objectStore()) { // ingest's way: 16 MiB parts
            Path segmentSized = dir.resolve("seg400.fits");
            assertEquals(400L << 20, multipart.put("raw", "big/seg400.fits", segmentSized, "application/fits").size());
            multipart.delete("raw", "big/seg400.fits");
        }
        assertTrue(LocalStack.status(stack.stateDir()).up("s3proxy"), "S3Proxy survived");
    }

    private static Path sparse(Path file, long size) throws Exception {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size); // zeros, no disk blocks
        }
        return file;
    }

    @Test
    @Order(7)
    void restartOneComponentTheOthersKeepTheirProcesses() throws Exception {
        Map<String, Long> before = pids();
        String out = StackControl.restart(stack.stateDir(), "s3proxy");
        System.out.print(out);
        Map<String, Long> after = pids();
        assertNotEquals(before.get("s3proxy"), after.get("s3proxy"));
        assertEquals(before.get("kafka"), after.get("kafka"));
        assertTrue(LocalStack.status(stack.stateDir()).infrastructureUp(), out);
        try (MinioObjectStore store = stack.objectStore()) {
            assertTrue(store.exists("raw", "obs 7/jw01_seg001_nis_calints.fits"), "data kept");
        }

        StackControl.restart(stack.stateDir(), "kafka");
        Map<String, Long> third = pids();
        assertNotEquals(after.get("kafka"), third.get("kafka"));
        assertEquals(after.get("s3proxy"), third.get("s3proxy"));
        assertEquals("raw/obs8/seg001.fits", findRecord("raw/obs8/seg001.fits").key(), "topics kept");
        assertThrows(IllegalArgumentException.class, () -> LocalStack.open(stack.stateDir()).restart("zookeeper"));
    }

    @Test
    @Order(8)
    void upStartsOnlyWhatIsDown() throws Exception {
        Map<String, Long> before = pids();
        ManagedProcess.kill(ProcessHandle.of(before.get("kafka")).orElseThrow());
        long t0 = System.nanoTime();
        LocalStack again = LocalStack.start(stack.stateDir(), LocalStack.Options.tests());
        System.out.printf("up after a dead broker: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Map<String, Long> after = pids();
        assertNotEquals(before.get("kafka"), after.get("kafka"));
        assertEquals(before.get("s3proxy"), after.get("s3proxy"), "S3Proxy was up: kept");
        assertTrue(LocalStack.status(stack.stateDir()).infrastructureUp());
        assertEquals(stack.bootstrapServers(), again.bootstrapServers(), "same port");
        assertEquals("raw/obs8/seg001.fits", findRecord("raw/obs8/seg001.fits").key());
    }

    /** Pid of each component, from the state file. */
    private static Map<String, Long> pids() {
        Map<String, Long> out = new java.util.HashMap<>();
        for (StackStatus.Component c : LocalStack.status(stack.stateDir()).components()) {
            out.put(c.name(), c.pid());
        }
        return out;
    }

    @Test
    @Order(9)
    void stopFromTheStateFile() {
        assertTrue(StackControl.status(stack.stateDir()).contains("up"));
        String out = StackControl.down(stack.stateDir());
        assertTrue(out.startsWith("local stack stopped"), out);
        StackStatus s = LocalStack.status(stack.stateDir());
        assertTrue(s.allDown(), s.toText());
        assertTrue(StackControl.down(stack.stateDir()).startsWith("no local stack running"));
    }

    /** Reads soss.segments from the beginning (all partitions) until the record with {@code key} shows up. */
    private static ConsumerRecord<String, byte[]> findRecord(String key) {
        Properties p = stack.kafkaClientProperties();
        p.put("enable.auto.commit", "false");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < LocalStack.PARTITIONS; i++) {
                parts.add(new TopicPartition(Topics.SEGMENTS, i));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " in " + Topics.SEGMENTS);
    }

    /** A process's arguments as {@code ps} reads them ({@code /proc/<pid>/cmdline}), else as the JDK reports them. */
    private static String commandLine(ProcessHandle h) {
        Path proc = Path.of("/proc", Long.toString(h.pid()), "cmdline");
        try {
            return new String(Files.readAllBytes(proc), java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException e) {
            return h.info().commandLine().orElse("");
        }
    }

    /** {@code <root>/<service>/target/quarkus-app/quarkus-run.jar} for every service, each running {@link StubService}. */
    private static Path stubServiceJars(Path root) throws Exception {
        String entry = StubService.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (var in = StubService.class.getClassLoader().getResourceAsStream(entry)) {
            bytes = in.readAllBytes();
        }
        var manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, StubService.class.getName());
        for (String name : LocalStack.SERVICES) {
            Path jar = Files.createDirectories(root.resolve(name).resolve("target/quarkus-app"))
                    .resolve("quarkus-run.jar");
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
                out.putNextEntry(new java.util.jar.JarEntry(entry));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return root;
    }

    private static byte[] sha(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
