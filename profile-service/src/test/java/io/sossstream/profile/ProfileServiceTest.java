package io.sossstream.profile;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sossstream.events.EventCodec;
import io.sossstream.events.ProfileReady;
import io.sossstream.events.Topics;
import io.sossstream.service.InMemoryServiceProfile;
import io.sossstream.service.ServiceContract;
import io.sossstream.service.StoredObservation;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** profile-service as a service: segment 1 landed → profile stored → profile-ready. */
@QuarkusTest
@TestProfile(ProfileServiceTest.Channels.class)
class ProfileServiceTest extends ServiceContract {
    public static class Channels extends InMemoryServiceProfile {
        public Channels() {
            super("segments-in", "profile-ready-out", true);
        }
    }

    ProfileServiceTest() {
        super("segments-in", Topics.SEGMENTS, "profile-ready-out");
    }

    @Override
    protected void forgetOutputs(StoredObservation o) {
        o.forget(o.layout.profile(o.observationId));
    }

    @Override
    protected byte[] input(StoredObservation o) {
        return o.landed.get(0).toJson();
    }

    @Override
    protected void checkOutputs(StoredObservation o, List<byte[]> values) {
        assertEquals(1, values.size());
        ProfileReady r = EventCodec.fromJson(ProfileReady.class, values.get(0), "profile-ready-out");
        assertEquals(o.observationId, r.observationId());
        assertEquals(List.of(1), r.referenceSegments());
        assertEquals(2, r.segmentTotal());
        assertTrue(o.store.exists(o.layout.workBucket(), o.layout.profile(o.observationId)), "profile.json stored");
    }

    /** The landed segment itself: not visible yet (S3's eventual consistency), then there. */
    @Override
    protected String neededObject(StoredObservation o) {
        return o.landed.get(0).key();
    }

    @Override
    protected String neededBucket(StoredObservation o) {
        return o.layout.rawBucket();
    }
}
