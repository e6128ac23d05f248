package io.sossstream.extract;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sossstream.service.InMemoryServiceProfile;
import io.sossstream.service.UnreachableStoreContract;

/** extract-service is not ready while its object store is unreachable. */
@QuarkusTest
@TestProfile(ExtractServiceReadinessTest.Unreachable.class)
class ExtractServiceReadinessTest extends UnreachableStoreContract {
    public static class Unreachable extends InMemoryServiceProfile {
        public Unreachable() {
            super("segments-in,profile-ready-in", "segment-extracted-out", false);
        }
    }
}
