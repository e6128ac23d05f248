package io.sossstream.formatter;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sossstream.events.EventCodec;
import io.sossstream.events.CalibrationReady;
import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.service.InMemoryServiceProfile;
import io.sossstream.service.ServiceContract;
import io.sossstream.service.StoredObservation;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** formatter-service as a service: calibration-ready with every segment extracted → product stored → spectra-ready. */
@QuarkusTest
@TestProfile(FormatterServiceTest.Channels.class)
class FormatterServiceTest extends ServiceContract {
    public static class Channels extends InMemoryServiceProfile {
        public Channels() {
            super("segment-extracted-in,calibration-ready-in", "spectra-ready-out", true);
        }
    }

    FormatterServiceTest() {
        super("calibration-ready-in", Topics.CALIBRATION_READY, "spectra-ready-out");
    }

    @Override
    protected void forgetOutputs(StoredObservation o) {
        o.forget(o.first(SpectraReady.class).productKey());
    }

    @Override
    protected byte[] input(StoredObservation o) {
        return EventCodec.toJson(o.first(CalibrationReady.class));
    }

    @Override
    protected void checkOutputs(StoredObservation o, List<byte[]> values) {
        assertEquals(1, values.size());
        SpectraReady r = EventCodec.fromJson(SpectraReady.class, values.get(0), "spectra-ready-out");
        assertEquals(o.first(SpectraReady.class).productKey(), r.productKey());
        assertEquals(6, r.integrations());
        assertTrue(o.store.exists(o.layout.workBucket(), r.productKey()), "product stored");
    }

    /** The observation's frozen parameters: not visible yet, then there. */
    @Override
    protected String neededObject(StoredObservation o) {
        return o.layout.config(o.observationId);
    }
}
