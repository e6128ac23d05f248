package io.sossstream.localstack;

import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The stack's object store: S3Proxy over its filesystem backend (one sub-directory of {@code <stateDir>/s3proxy/data}
 * per bucket), its configuration, the process, its readiness and the pipeline's buckets. Its settings are the
 * {@code s3.*} keys of the stack's state ({@link StackState}).
 */
final class S3ProxyServer extends StackComponent {
    static final int DEFAULT_PORT = 18080;
    /**
     * Largest single-part upload S3Proxy accepts when the request is signed with its payload's SHA-256 (what the
     * MinIO SDK and the AWS CLI send over plain HTTP): S3Proxy holds such a body in memory to check the signature, a
     * few copies of it, so a 100 MB PUT made it run out of heap. Larger single-part PUTs get 400
     * MaxMessageLengthExceeded before the body is read; larger files go multipart (ingest's 16 MiB parts, the AWS
     * CLI's and mc's do too). Measured: two concurrent PUTs of this size fit in {@link #HEAP}.
     */
    static final long MAX_SINGLE_PART_BYTES = 64L << 20;
    static final String HEAP = "-Xmx512m";

    S3ProxyServer(Path stateDir, Properties state, Path lib, LocalStack.Options options) {
        super("s3proxy", "s3.pid", "s3.log", stateDir, state, lib, options);
    }

    /** Records the server's port, credentials and paths in the state and writes its configuration files. */
    void configure(int port) throws IOException {
        Path dir = stateDir.resolve("s3proxy");
        state.setProperty("s3.port", Integer.toString(port));
        state.setProperty("s3.endpoint", "http://" + LoopbackPorts.HOST + ":" + port);
        state.setProperty("s3.access.key", StackConnection.ACCESS_KEY);
        state.setProperty("s3.secret.key", StackConnection.SECRET_KEY);
        state.setProperty("s3.data", dir.resolve("data").toString());
        state.setProperty("s3.config", dir.resolve("s3proxy.properties").toString());
        state.setProperty("s3.log", StackState.logDir(stateDir).resolve("s3proxy.log").toString());
        state.setProperty("buckets", String.join(",", ObjectLayout.defaults().buckets()));
        Files.createDirectories(dir.resolve("data"));
        // holds the secret: readable by this user only, like the state file
        ConfigFiles.writePrivate(dir.resolve("s3proxy.properties"),
                "s3proxy.endpoint=" + state.getProperty("s3.endpoint"),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + StackConnection.ACCESS_KEY,
                "s3proxy.credential=" + StackConnection.SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + state.getProperty("s3.data"),
                "s3proxy.v4-max-non-chunked-request-size=" + MAX_SINGLE_PART_BYTES);
        // logback's default is DEBUG for everything (Jetty per request): keep the log readable
        ConfigFiles.write(dir.resolve("logback.xml"),
                "<configuration>",
                "  <appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>",
                "  </appender>",
                "  <root level=\"INFO\"><appender-ref ref=\"out\"/></root>",
                "</configuration>");
    }

    /** Launches S3Proxy (does not wait) and records its pid in the state file. */
    @Override
    void launch() throws IOException {
        launch(List.of(HEAP, "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                        "-Dlogback.configurationFile=" + stateDir.resolve("s3proxy/logback.xml")),
                "org.gaul.s3proxy.Main", List.of("--properties", state.getProperty("s3.config")));
    }

    /** Starts S3Proxy again on the same data and port unless it is running, and waits until it answers. */
    void restart() {
        if (isAlive()) {
            return;
        }
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy", e);
        }
        awaitReady();
    }

    /** Waits until S3Proxy answers an authenticated bucket listing. */
    @Override
    void awaitReady() {
        try (MinioObjectStore store = StackConnection.of(state).objectStore()) {
            await(store::listBuckets);
        }
    }

    /** Creates the buckets of {@link ObjectLayout#defaults()}; existing ones are kept. */
    void createBuckets() {
        try (MinioObjectStore store = StackConnection.of(state).objectStore()) {
            for (String bucket : ObjectLayout.defaults().buckets()) {
                store.ensureBucket(bucket);
            }
        }
    }
}
