package io.sossstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A piece of infrastructure of the stack run as a child JVM (the broker, S3Proxy): its class path, its pid in the
 * stack's state, its log, and stopping or killing it.
 */
abstract class StackComponent {
    protected final Path stateDir;
    protected final Properties state;
    protected final Path lib;
    protected final LocalStack.Options options;
    private final String name;
    private final String pidKey;
    private final String logKey;
    private volatile ProcessHandle process;

    /**
     * @param name   as in the status and in error messages ({@code kafka}, {@code s3proxy})
     * @param pidKey state key of its pid
     * @param logKey state key of its log file
     */
    StackComponent(String name, String pidKey, String logKey, Path stateDir, Properties state, Path lib,
            LocalStack.Options options) {
        this.name = name;
        this.pidKey = pidKey;
        this.logKey = logKey;
        this.stateDir = stateDir;
        this.state = state;
        this.lib = lib;
        this.options = options;
    }

    /** {@code kafka} or {@code s3proxy}, as in the status. */
    final String name() {
        return name;
    }

    /** Finds the process recorded in the state (a stack started by another JVM). */
    final void attach() {
        process = ManagedProcess.find(StackState.pid(state, pidKey), stateDir.toString()).orElse(null);
    }

    /** Launches the process (does not wait) and records its pid in the state file. */
    abstract void launch() throws IOException;

    /** Waits until the component serves its clients. */
    abstract void awaitReady();

    /** (Re)starts the component on the same data directory and port unless it runs, and waits until it is ready. */
    final void restart() {
        if (isAlive()) {
            return;
        }
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        awaitReady();
    }

    /** Launches {@code java <jvmArgs> -cp <lib>/* <mainClass> <args>} (does not wait) and records its pid. */
    protected final void launch(List<String> jvmArgs, String mainClass, List<String> args)
            throws IOException {
        Process p = ManagedProcess.launch(lib, jvmArgs, mainClass, args, stateDir, log(), options.detach());
        process = p.toHandle();
        state.setProperty(pidKey, Long.toString(process.pid()));
        StackState.write(stateDir, state);
    }

    /** Retries {@code probe} until it passes (see {@link Readiness#await}), within the stack's start timeout. */
    protected final void await(Readiness.Probe probe) {
        Readiness.await(name, process, log(), options.startTimeout(), Duration.ofMillis(250), probe);
    }

    /** Whether the process is alive. */
    final boolean isAlive() {
        ProcessHandle h = process;
        return h != null && h.isAlive();
    }

    /** Stops the process (SIGTERM), killing it after {@code grace}. */
    final void stop(Duration grace) {
        if (process != null) {
            ManagedProcess.stop(process, grace);
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    final void kill() {
        if (process != null) {
            ManagedProcess.kill(process);
        }
    }

    protected final Path log() {
        return Path.of(state.getProperty(logKey));
    }
}
