package io.sossstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the client libraries of the CLI (Kafka's admin, producer and consumer, through slf4j-simple) log when a
 * command works with the local stack: {@code <stateDir>/logs/soss-stream-cli.log}, next to the broker's and the
 * services' logs, not the console. While the broker starts they warn about connections they retry
 * ("Connection to node -1 ... could not be established"); the CLI reports what matters itself, and its error
 * messages name the logs.
 */
final class ClientLogs {
    /** slf4j-simple's output setting; read once, when the first logger is created. */
    static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";
    static final String FILE_NAME = "soss-stream-cli.log";

    private ClientLogs() {
    }

    /**
     * Sends client logging to the stack's log folder, unless the user chose an output ({@code -D}
     * {@value #LOG_FILE_PROPERTY}). Call before the first Kafka client is created.
     *
     * @return the log file in use (null when the user's choice stands)
     */
    static Path toStackLogs(Path stateDir) {
        if (System.getProperty(LOG_FILE_PROPERTY) != null) {
            return null;
        }
        Path log = stateDir.toAbsolutePath().normalize().resolve("logs").resolve(FILE_NAME);
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log folder " + log.getParent(), e);
        }
        System.setProperty(LOG_FILE_PROPERTY, log.toString());
        return log;
    }
}
