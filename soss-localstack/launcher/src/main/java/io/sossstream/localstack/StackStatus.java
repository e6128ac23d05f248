package io.sossstream.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

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

    /** Reads the state file in {@code stateDir} and checks each component's process and port (from any JVM). */
    static StackStatus read(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        Optional<Properties> read = StackState.read(dir);
        if (read.isEmpty()) {
            return new StackStatus(dir, List.of());
        }
        Properties p = read.get();
        List<Component> components = new ArrayList<>(List.of(
                component(dir, p, "kafka", "kafka.pid", "kafka.port", p.getProperty("kafka.bootstrap"), "kafka.log"),
                component(dir, p, "s3proxy", "s3.pid", "s3.port", p.getProperty("s3.endpoint"), "s3.log")));
        for (String name : PipelineServices.NAMES) {
            if (p.containsKey(PipelineServices.Keys.pid(name))) {
                components.add(component(dir, p, name, PipelineServices.Keys.pid(name),
                        PipelineServices.Keys.port(name), p.getProperty(PipelineServices.Keys.url(name)),
                        PipelineServices.Keys.log(name)));
            }
        }
        return new StackStatus(dir, components);
    }

    private static Component component(Path dir, Properties p, String name, String pidKey, String portKey,
            String endpoint, String logKey) {
        long pid = StackState.pid(p, pidKey);
        boolean alive = ManagedProcess.find(pid, dir.toString()).isPresent();
        boolean listening = alive && LoopbackPorts.accepts(Integer.parseInt(p.getProperty(portKey, "0")));
        return new Component(name, listening, pid, endpoint, Path.of(p.getProperty(logKey, "")));
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
