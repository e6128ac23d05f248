package io.sossstream.localstack;

import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectLayout;

import java.io.IOException;
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
                "jclouds.filesystem.basedir=" + state.getProperty("s3.data"));
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
        launch(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                        "-Dlogback.configurationFile=" + stateDir.resolve("s3proxy/logback.xml")),
                "org.gaul.s3proxy.Main", List.of("--properties", state.getProperty("s3.config")));
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
