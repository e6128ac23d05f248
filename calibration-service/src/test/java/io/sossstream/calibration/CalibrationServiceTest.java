package io.sossstream.calibration;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sossstream.events.EventCodec;
import io.sossstream.events.CalibrationReady;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.events.Topics;
import io.sossstream.service.InMemoryServiceProfile;
import io.sossstream.service.ServiceContract;
import io.sossstream.service.StoredObservation;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** calibration-service as a service: the profile segment extracted → calibration stored → calibration-ready. */
@QuarkusTest
@TestProfile(CalibrationServiceTest.Channels.class)
class CalibrationServiceTest extends ServiceContract {
    public static class Channels extends InMemoryServiceProfile {
        public Channels() {
            super("segment-extracted-in", "calibration-ready-out", true);
        }
    }

    CalibrationServiceTest() {
        super("segment-extracted-in", Topics.SEGMENT_EXTRACTED, "calibration-ready-out");
    }

    @Override
    protected void forgetOutputs(StoredObservation o) {
        o.forget(o.layout.calibration(o.observationId));
    }

    @Override
    protected byte[] input(StoredObservation o) {
        return EventCodec.toJson(o.first(SegmentExtracted.class));
    }

    @Override
    protected void checkOutputs(StoredObservation o, List<byte[]> values) {
        assertEquals(1, values.size());
        CalibrationReady r = EventCodec.fromJson(CalibrationReady.class, values.get(0), "calibration-ready-out");
        assertEquals(o.observationId, r.observationId());
        // no stellar model configured: the reference solution is kept, flagged
        assertEquals(CalibrationReady.Status.REFERENCE, r.status());
        assertTrue(o.store.exists(o.layout.workBucket(), r.calibrationKey()), "calibration.json stored");
    }

    /** The profile: not visible yet, then there. */
    @Override
    protected String neededObject(StoredObservation o) {
        return o.layout.profile(o.observationId);
    }
}
