package io.sossstream.localstack;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for a packaged Quarkus service in launcher tests (JDK classes only, so that it runs from a jar of its own
 * class): listens on {@code -Dquarkus.http.host}:{@code -Dquarkus.http.port}, answers {@code /q/health/ready} with
 * status UP and {@code /env/<NAME>} with the value of an environment variable (404 when unset), so that a test can
 * see what the launcher handed the service.
 */
public final class StubService {
    private StubService() {
    }

    public static void main(String[] args) throws IOException {
        String host = System.getProperty("quarkus.http.host", "127.0.0.1");
        int port = Integer.getInteger("quarkus.http.port", 8080);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/q/health/ready", ex -> reply(ex, 200, "{\"status\":\"UP\"}"));
        server.createContext("/env/", ex -> {
            String value = System.getenv(ex.getRequestURI().getPath().substring("/env/".length()));
            reply(ex, value == null ? 404 : 200, value == null ? "" : value);
        });
        server.start();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
