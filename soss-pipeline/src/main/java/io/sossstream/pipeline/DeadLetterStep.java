package io.sossstream.pipeline;

import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

/**
 * formatter-service's record of dead letters: stores each {@link Failure} under its observation, so that
 * {@link ObservationStatus} reports the observation as failed. A redelivered dead letter rewrites the same object.
 */
public final class DeadLetterStep {
    private final ObjectStore store;
    private final ObjectLayout layout;

    public DeadLetterStep(ObjectStore store, ObjectLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    public Outcome onDeadLetter(Failure f) {
        store.put(layout.workBucket(), layout.failure(f.observationId(), f.topic(), f.partition(), f.offset()),
                f.toJson(), "application/json");
        return Outcome.none(f.observationId() + " failed: " + f.reason());
    }
}
