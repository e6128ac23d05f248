package io.sossstream.formatter;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sossstream.service.InMemoryServiceProfile;
import io.sossstream.service.UnreachableStoreContract;

/** formatter-service is not ready while its object store is unreachable. */
@QuarkusTest
@TestProfile(FormatterServiceReadinessTest.Unreachable.class)
class FormatterServiceReadinessTest extends UnreachableStoreContract {
    public static class Unreachable extends InMemoryServiceProfile {
        public Unreachable() {
            super("segment-extracted-in,calibration-ready-in", "spectra-ready-out", false);
        }
    }
}
