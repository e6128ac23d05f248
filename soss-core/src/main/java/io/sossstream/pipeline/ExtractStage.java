package io.sossstream.pipeline;

import io.sossstream.events.ProfileReady;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.stage3.ProgressListener;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.nio.file.Path;

/** STUB (pipeline API stubs): replaced by the real pipeline code at merge. */
public final class ExtractStage {
    public ExtractStage(ObjectStore store, ObjectLayout layout, Stage3Options defaults, Path workDir,
            ProgressListener progress) {
        throw new UnsupportedOperationException();
    }

    public Outcome onSegmentLanded(S3EventNotification e) {
        throw new UnsupportedOperationException();
    }

    public Outcome onProfileReady(ProfileReady e) {
        throw new UnsupportedOperationException();
    }
}
