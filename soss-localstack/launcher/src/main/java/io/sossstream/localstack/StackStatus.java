package io.sossstream.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * Up/down of each component of a local stack, as read from its state file and checked live.
 *
 * @param stateDir   the stack's state directory
 * @param components one entry per component (kafka, s3proxy, then each service started from this state
 *                   directory); empty when no state file exists
 */
public record StackStatus(Path stateDir, List<Component> components) {

    /**
     * @param name     {@code kafka}, {@code s3proxy} or a service name ({@link LocalStack#SERVICES})
     * @param up       process alive and its port accepting connections
     * @param pid      process id (-1 when unknown)
     * @param endpoint how clients reach it
     * @param log      its log file
     */
    public record Component(String name, boolean up, long pid, String endpoint, Path log) {
    }

    /** Whether every component is up (false when the stack was never started). */
    public boolean allUp() {
        return !components.isEmpty() && components.stream().allMatch(Component::up);
    }

    /** Whether the broker and S3Proxy are up (services aside). */
    public boolean infrastructureUp() {
        return components.stream().filter(c -> c.name().equals("kafka") || c.name().equals("s3proxy"))
                .filter(Component::up).count() == 2;
    }

    /** Whether the named component is listed and up. */
    public boolean up(String name) {
        return components.stream().anyMatch(c -> c.name().equals(name) && c.up());
    }

    /** Whether no component is up. */
    public boolean allDown() {
        return components.stream().noneMatch(Component::up);
    }

    /** One line per component, e.g. {@code kafka    up    pid 1234  127.0.0.1:19092  log .../kafka.log}. */
    public String toText() {
        if (components.isEmpty()) {
            return "no local stack in " + stateDir + " (bin/soss-stream stack up)";
        }
        StringBuilder sb = new StringBuilder();
        for (Component c : components) {
            sb.append(String.format("%-19s %-5s pid %-7d %-28s log %s%n", c.name(), c.up() ? "up" : "down", c.pid(),
                    c.endpoint(), c.log()));
        }
        return sb.toString();
    }
}
