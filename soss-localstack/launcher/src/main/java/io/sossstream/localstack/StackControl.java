package io.sossstream.localstack;

import java.nio.file.Path;

/**
 * The {@code bin/soss-stream stack up|restart|status|down} actions; each returns the text to print. Failures throw
 * {@link IllegalStateException} with a message naming the log to read.
 */
public final class StackControl {
    private StackControl() {
    }

    /**
     * Starts the stack (fixed default ports, or free ones if busy), detached, then the four services when they are
     * packaged; prints endpoints and timing. Only what is down is started: running components keep their processes.
     */
    public static String up(Path stateDir) {
        long t0 = System.nanoTime();
        boolean wasUp = LocalStack.status(stateDir).infrastructureUp();
        LocalStack stack = LocalStack.start(stateDir, LocalStack.Options.cli());
        StringBuilder sb = new StringBuilder();
        if (LocalStack.servicesBuilt()) {
            stack.startServices();
        } else {
            sb.append("  services not packaged (mvn -B package -DskipTests): broker and S3Proxy only\n");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return String.format("local stack %s in %.1f s (state %s)%n", wasUp ? "already up, checked" : "up",
                seconds, StackState.file(stack.stateDir()))
                + "  kafka.bootstrap.servers=" + stack.bootstrapServers() + "\n"
                + "  s3 endpoint=" + stack.s3Endpoint() + " access key=" + stack.accessKey()
                + " (secret key in the state file)\n"
                + (stack.serviceUrl("formatter-service") != null && stack.serviceRunning("formatter-service")
                        ? "  pipeline status page: " + stack.serviceUrl("formatter-service") + "/status\n" : "")
                + sb + stack.status().toText();
    }

    /** Restarts one component (kafka, s3proxy or a service); the others keep their processes. */
    public static String restart(Path stateDir, String component) {
        long t0 = System.nanoTime();
        LocalStack stack = LocalStack.open(stateDir);
        stack.restart(component);
        return String.format("%s restarted in %.1f s%n", component, (System.nanoTime() - t0) / 1e9)
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
