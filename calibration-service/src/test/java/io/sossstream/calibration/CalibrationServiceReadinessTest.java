package io.sossstream.calibration;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sossstream.service.InMemoryServiceProfile;
import io.sossstream.service.UnreachableStoreContract;

/** calibration-service is not ready while its object store is unreachable. */
@QuarkusTest
@TestProfile(CalibrationServiceReadinessTest.Unreachable.class)
class CalibrationServiceReadinessTest extends UnreachableStoreContract {
    public static class Unreachable extends InMemoryServiceProfile {
        public Unreachable() {
            super("segment-extracted-in", "calibration-ready-out", false);
        }
    }
}
