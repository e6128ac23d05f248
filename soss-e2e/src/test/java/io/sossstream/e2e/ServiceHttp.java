package io.sossstream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.sossstream.events.EventCodec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the tests read from a running service over HTTP: readiness, a Prometheus counter, the observations API. */
final class ServiceHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceHttp() {
    }

    /** The status of {@code GET <base>/q/health/ready}: 200 ready, 503 not; -1 when the service did not answer. */
    static int readiness(String base) {
        try {
            return get(base + "/q/health/ready").statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The sum over every series of the Prometheus sample {@code name} (0 when absent). */
    static double metric(String base, String name) throws IOException {
        double sum = 0;
        for (String line : get(base + "/q/metrics").body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The entry of {@code observation} in the formatter's {@code /api/observations}, or null. */
    static JsonNode observation(String formatterBase, String observation) throws IOException {
        JsonNode all = EventCodec.mapper().readTree(get(formatterBase + "/api/observations").body());
        for (JsonNode o : all) {
            if (observation.equals(o.path("observationId").asText())) {
                return o;
            }
        }
        return null;
    }

    private static HttpResponse<String> get(String url) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
