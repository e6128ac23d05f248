package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.events.S3EventNotification;
import io.sossstream.segment.SegmentLayout;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * profile-service and extract-service both register every landed segment. When one writes the record between the
 * other's "is it registered?" and its consistency check over all records, the second must see the same segment,
 * not a duplicate EXSEGNUM (seen in the demo with 250 MB segments: segment 1 went to the dead-letter topic).
 */
class RegistrationRaceTest {
    @TempDir
    Path dir;

    @Test
    void aSegmentRegisteredMeanwhileByTheOtherStageIsTheSameSegment() {
        InProcessPipeline p = new InProcessPipeline(dir, Stage3Options.defaults(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        Path seg2 = SimulatedObservation.segments().get(1);
        S3EventNotification e2 = p.upload(seg2, "v", Instant.parse("2026-11-23T10:00:00Z"));
        p.extract.onSegmentLanded(e2); // extract-service registers segment 2 first

        String obs = SegmentLayout.observationId(seg2.getFileName().toString());
        String recordKey = p.layout.segmentRecord(obs, 2);
        // profile-service's view: its point read of the record happened just before extract-service wrote it.
        ProfileStep late = new ProfileStep(StepContext.of(new HidingStore(p.store, recordKey), p.layout,
                Stage3Options.defaults(), dir.resolve("late"), ProgressListener.NONE));
        Outcome o = assertDoesNotThrow(() -> late.onSegmentLanded(e2));
        assertTrue(o.events().isEmpty(), o.summary());
    }

    /** A store whose first read of one key misses it (as if it came a moment before the other step's write). */
    private static final class HidingStore extends ForwardingStore {
        private final String hiddenKey;
        private boolean hidden;

        HidingStore(ObjectStore delegate, String hiddenKey) {
            super(delegate);
            this.hiddenKey = hiddenKey;
        }

        private boolean hide(String key) {
            if (!hidden && key.equals(hiddenKey)) {
                hidden = true;
                return true;
            }
            return false;
        }

        @Override
        public Optional<ObjectInfo> stat(String bucket, String key) {
            return hide(key) ? Optional.empty() : super.stat(bucket, key);
        }

        @Override
        public Optional<byte[]> get(String bucket, String key) {
            return hide(key) ? Optional.empty() : super.get(bucket, key);
        }
    }
}
