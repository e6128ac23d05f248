package io.sossstream.profile;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sossstream.service.InMemoryServiceProfile;
import io.sossstream.service.UnreachableStoreContract;

/** profile-service is not ready while its object store is unreachable. */
@QuarkusTest
@TestProfile(ProfileServiceReadinessTest.Unreachable.class)
class ProfileServiceReadinessTest extends UnreachableStoreContract {
    public static class Unreachable extends InMemoryServiceProfile {
        public Unreachable() {
            super("segments-in", "profile-ready-out", false);
        }
    }
}
