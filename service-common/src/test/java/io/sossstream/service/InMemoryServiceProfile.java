package io.sossstream.service;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * A service under test without a broker: its channels on SmallRye's in-memory connector, its buckets in a local
 * folder ({@code soss.s3.endpoint=file:...}), short retry delays. A module's test names its channels in a subclass.
 */
public abstract class InMemoryServiceProfile implements QuarkusTestProfile {
    private final String incoming;
    private final String outgoing;
    private final boolean storeReachable;

    protected InMemoryServiceProfile(String incoming, String outgoing, boolean storeReachable) {
        this.incoming = incoming;
        this.outgoing = outgoing;
        this.storeReachable = storeReachable;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("soss.retry.initial-delay", "50ms", "soss.retry.max-delay", "200ms",
                "soss.retry.horizon", "2m", "quarkus.http.test-port", "0");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(InMemoryServiceResource.class, Map.of(
                "incoming", incoming, "outgoing", outgoing, "store", storeReachable ? "folder" : "unreachable")));
    }
}
