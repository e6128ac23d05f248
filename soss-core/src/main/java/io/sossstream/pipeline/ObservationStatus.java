package io.sossstream.pipeline;

import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.util.List;

/** STUB (pipeline API stubs): replaced by the real pipeline code at merge. */
public final class ObservationStatus {
    private ObservationStatus() {
    }

    public static List<ObservationView> list(ObjectStore store, ObjectLayout layout) {
        throw new UnsupportedOperationException();
    }

    public record ObservationView(String observationId, String targetName, int segmentTotal,
            List<SegmentView> segments, boolean profileReady, boolean calibrated, String productKey,
            List<String> plotKeys, String state) {
    }

    public record SegmentView(int segmentNumber, String rawKey, boolean extracted) {
    }
}
