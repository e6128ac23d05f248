package io.sossstream.localstack;

import java.nio.file.Path;
import java.time.Duration;

/** Waiting for a freshly started component: a probe retried until it passes, the process dies or time runs out. */
final class Readiness {
    private Readiness() {
    }

    /** One readiness check; throws while the component is not ready. */
    @FunctionalInterface
    interface Probe {
        void check() throws Exception;
    }

    /**
     * Retries {@code probe} every {@code poll} until it passes.
     *
     * @throws IllegalStateException when the process dies or {@code timeout} passes first; the message names the
     *                               component's log and quotes its last lines
     */
    static void await(String name, ProcessHandle process, Path log, Duration timeout, Duration poll, Probe probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log + ":\n"
                        + ManagedProcess.tail(log, 30));
            }
            try {
                probe.check();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            } catch (Exception e) {
                last = e;
            }
            sleep(poll);
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s (last error: " + last
                + "); see " + log + ":\n" + ManagedProcess.tail(log, 30));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
