package io.sossstream.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Switches the service's channels, and the retry and dead-letter channels every service has, to the in-memory
 * connector and points it at a fresh store folder.
 */
public class InMemoryServiceResource implements QuarkusTestResourceLifecycleManager {
    private Map<String, String> args;

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = initArgs;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory((args.get("incoming") + ",retry-in")
                .split(",")));
        config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory((args.get("outgoing")
                + ",retry-out,dead-letter-out").split(",")));
        try {
            Path root = Files.createTempDirectory("soss-service-test-");
            // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
            config.put("soss.s3.endpoint", args.get("store").equals("folder")
                    ? root.resolve("store").toUri().toString() : "http://127.0.0.1:9");
            config.put("soss.work-dir", root.resolve("work").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("soss.s3.access-key", "test");
        config.put("soss.s3.secret-key", "test-secret");
        return config;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
