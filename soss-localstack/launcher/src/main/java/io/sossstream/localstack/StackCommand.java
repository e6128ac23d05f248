package io.sossstream.localstack;

import java.nio.file.Path;

/**
 * The {@code bin/soss-stream stack up|status|down} actions; each returns the text to print. Failures throw
 * {@link IllegalStateException} with a message naming the log to read.
 */
public final class StackCommand {
    private StackCommand() {
    }

    /** Starts the stack (fixed default ports, or free ones if busy), detached; prints endpoints and timing. */
    public static String up(Path stateDir) {
        if (LocalStack.status(stateDir).allUp()) {
            return "local stack already up in " + stateDir.toAbsolutePath() + "\n" + LocalStack.status(stateDir)
                    .toText();
        }
        long t0 = System.nanoTime();
        LocalStack stack = LocalStack.start(stateDir, LocalStack.Options.cli());
        double seconds = (System.nanoTime() - t0) / 1e9;
        return String.format("local stack up in %.1f s (state %s)%n", seconds, StackState.file(stack.stateDir()))
                + "  kafka.bootstrap.servers=" + stack.bootstrapServers() + "\n"
                + "  s3 endpoint=" + stack.s3Endpoint() + " access key=" + stack.accessKey()
                + " secret key=" + stack.secretKey() + "\n"
                + stack.status().toText();
    }

    /** Up/down per component. */
    public static String status(Path stateDir) {
        return LocalStack.status(stateDir).toText();
    }

    /** Stops the processes of the stack (data and logs stay). */
    public static String down(Path stateDir) {
        boolean any = LocalStack.stop(stateDir);
        return (any ? "local stack stopped" : "no local stack running") + " (" + stateDir.toAbsolutePath() + ")\n";
    }
}
