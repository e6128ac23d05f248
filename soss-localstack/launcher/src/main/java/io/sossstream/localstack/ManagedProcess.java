package io.sossstream.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A child JVM of the stack: launching it with its log, stopping it by pid, reading the end of its log. */
final class ManagedProcess {
    private ManagedProcess() {
    }

    /** The java executable of the running JVM. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code java <jvmArgs> -cp <lib>/* <mainClass> <args>} in {@code workDir}, stdout and stderr appended
     * to {@code log}. With {@code detach}, the process gets its own session ({@code setsid}) so that it outlives
     * the launching command and a Ctrl-C in its terminal.
     */
    static Process launch(Path lib, List<String> jvmArgs, String mainClass, List<String> args, Path workDir,
            Path log, boolean detach) throws IOException {
        List<String> javaArgs = new ArrayList<>(jvmArgs);
        javaArgs.add("-cp");
        javaArgs.add(lib.resolve("*").toString());
        javaArgs.add(mainClass);
        javaArgs.addAll(args);
        return launch(javaArgs, workDir, log, detach);
    }

    /**
     * Starts {@code java <jvmArgs> -jar <jar>} (a packaged Quarkus app) with {@code environment} added to this
     * JVM's, as {@link #launch(Path, List, String, List, Path, Path, boolean)}. Secrets go into the environment
     * (readable only by the process's user), never into the arguments.
     */
    static Process launchJar(Path jar, List<String> jvmArgs, Map<String, String> environment, Path workDir, Path log,
            boolean detach) throws IOException {
        List<String> javaArgs = new ArrayList<>(jvmArgs);
        javaArgs.add("-jar");
        javaArgs.add(jar.toString());
        return launch(javaArgs, environment, workDir, log, detach);
    }

    private static Process launch(List<String> javaArgs, Path workDir, Path log, boolean detach) throws IOException {
        return launch(javaArgs, Map.of(), workDir, log, detach);
    }

    private static Process launch(List<String> javaArgs, Map<String, String> environment, Path workDir, Path log,
            boolean detach) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (detach && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(javaExecutable());
        cmd.addAll(javaArgs);
        Files.createDirectories(log.getParent());
        Files.writeString(log, "\n=== " + java.time.Instant.now() + " " + String.join(" ", cmd) + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(environment);
        return pb.start();
    }

    /** The live process with this pid, only if its command line mentions {@code marker} (guards pid reuse). */
    static Optional<ProcessHandle> find(long pid, String marker) {
        if (pid <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(true));
    }

    /** Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it. */
    static void stop(ProcessHandle h, Duration grace) {
        if (!h.isAlive()) {
            return;
        }
        h.destroy();
        try {
            h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill(h);
        } catch (Exception e) {
            kill(h);
        }
    }

    /** Kills the process at once (SIGKILL) and waits for it to be gone. */
    static void kill(ProcessHandle h) {
        h.destroyForcibly();
        try {
            h.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // nothing more we can do; status will report it
        }
    }

    /** The last {@code n} lines of a log, for error messages. */
    static String tail(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
