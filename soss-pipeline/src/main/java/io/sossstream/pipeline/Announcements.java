package io.sossstream.pipeline;

import io.sossstream.events.EventCodec;
import io.sossstream.events.PipelineEvent;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.events.Topics;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

/**
 * The pipeline's record of what it has announced: one marker per event identity (topic, observation, segment for a
 * per-segment event) in the work bucket, written once the broker acknowledged the event. A step re-announces an
 * output that already exists (a repeated or redelivered input); the event is published again only when its marker
 * is missing, i.e. when an earlier announcement may have been lost (a crash between storing and publishing). So a
 * repeated input causes no new downstream event, and latency and counters see each observation and segment once.
 */
public final class Announcements {
    private final ObjectStore store;
    private final ObjectLayout layout;

    public Announcements(ObjectStore store, ObjectLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** Whether {@code event} (its identity, not its bytes) was already published and acknowledged. */
    public boolean announced(PipelineEvent event) {
        return store.exists(layout.workBucket(), key(event));
    }

    /** Records that {@code event} was published and acknowledged (the marker holds the event, for audit). */
    public void markAnnounced(PipelineEvent event) {
        store.put(layout.workBucket(), key(event), EventCodec.toJson(event), "application/json");
    }

    private String key(PipelineEvent event) {
        int segment = event instanceof SegmentExtracted s ? s.segmentNumber() : 0;
        return layout.announced(event.observationId(), Topics.of(event), segment);
    }
}
