package io.sossstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Properties;

/** The loopback ports of the stack's components: choosing a free one, and whether one accepts connections. */
final class LoopbackPorts {
    /** Every component of the embedded stack listens here only. */
    static final String HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    /**
     * The port to listen on: {@code wanted}, or when it is 0 the one {@code key} recorded in a previous run's
     * {@code state} (clients configured against it keep working), provided it is free and not in {@code taken};
     * otherwise any free port not in {@code taken}.
     */
    static int choose(Properties previous, String key, int wanted, int... taken) {
        int port = wanted;
        if (port == 0 && previous != null) {
            port = Integer.parseInt(previous.getProperty(key, "0"));
        }
        int candidate = port;
        if (candidate > 0 && isFree(candidate) && Arrays.stream(taken).noneMatch(t -> t == candidate)) {
            return candidate;
        }
        for (int i = 0; i < 20; i++) {
            int free = freePort();
            if (Arrays.stream(taken).noneMatch(t -> t == free)) {
                return free;
            }
        }
        throw new IllegalStateException("no free port on " + HOST);
    }

    /** Whether something listens on {@code port} (a one-second connect). */
    static boolean accepts(int port) {
        if (port <= 0) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }
}
