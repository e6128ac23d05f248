package io.sossstream.service;

import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readiness reflects the object store: with the store unreachable the service reports not ready (503). */
public abstract class UnreachableStoreContract {
    @TestHTTPResource("/q/health/ready")
    URL ready;

    @Test
    void readinessIsDownWhileTheStoreIsUnreachable() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ready.toString()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().replaceAll("\\s", "").contains("\"name\":\"object-store\",\"status\":\"DOWN\""), r.body());
    }
}
