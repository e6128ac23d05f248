package io.sossstream.extract;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sossstream.events.EventCodec;
import io.sossstream.events.ProfileReady;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.events.Topics;
import io.sossstream.service.InMemoryServiceProfile;
import io.sossstream.service.ServiceContract;
import io.sossstream.service.StoredObservation;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** extract-service as a service: profile-ready → every waiting segment extracted → one segment-extracted each. */
@QuarkusTest
@TestProfile(ExtractServiceTest.Channels.class)
class ExtractServiceTest extends ServiceContract {
    public static class Channels extends InMemoryServiceProfile {
        public Channels() {
            super("segments-in,profile-ready-in", "segment-extracted-out", true);
        }
    }

    ExtractServiceTest() {
        super("profile-ready-in", Topics.PROFILE_READY, "segment-extracted-out");
    }

    @Override
    protected void forgetOutputs(StoredObservation o) {
        o.forget(o.layout.spectra(o.observationId, 1));
        o.forget(o.layout.spectra(o.observationId, 2));
    }

    @Override
    protected byte[] input(StoredObservation o) {
        return EventCodec.toJson(o.first(ProfileReady.class));
    }

    @Override
    protected int expectedOutputs() {
        return 2;
    }

    @Override
    protected void checkOutputs(StoredObservation o, List<byte[]> values) {
        assertEquals(2, values.size());
        for (int i = 0; i < 2; i++) {
            SegmentExtracted e = EventCodec.fromJson(SegmentExtracted.class, values.get(i), "segment-extracted-out");
            assertEquals(i + 1, e.segmentNumber());
            assertEquals(3, e.integrations());
            assertTrue(o.store.exists(o.layout.workBucket(), e.spectraKey()), e.spectraKey() + " stored");
        }
    }

    /** The profile announced: not visible yet, then there. */
    @Override
    protected String neededObject(StoredObservation o) {
        return o.layout.profile(o.observationId);
    }
}
