package io.sossstream.pipeline;

import io.sossstream.events.CalibrationReady;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.stage3.ProgressListener;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.nio.file.Path;
import java.time.Clock;

/** STUB (pipeline API stubs): replaced by the real pipeline code at merge. */
public final class FormatStage {
    public FormatStage(ObjectStore store, ObjectLayout layout, Stage3Options defaults, Path workDir,
            ProgressListener progress, Clock clock) {
        throw new UnsupportedOperationException();
    }

    public Outcome onSegmentExtracted(SegmentExtracted e) {
        throw new UnsupportedOperationException();
    }

    public Outcome onCalibrationReady(CalibrationReady e) {
        throw new UnsupportedOperationException();
    }
}
