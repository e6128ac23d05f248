package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What every step works with, the same for a service and the batch run: the object store and its layout, the
 * service-wide (or command-line) Stage 3 defaults, a local work folder, progress, the clock of the DATE card and
 * {@code completedAt}, the {@link Stage3Rules} that decide each step, and where a step's plots are drawn
 * ({@link Deferred}: in place for a service, on a thread of their own in the batch run).
 */
public record StepContext(ObjectStore store, ObjectLayout layout, Stage3Options defaults, Path workDir,
                          ProgressListener progress, Clock clock, Stage3Rules rules, Deferred deferred) {

    /** A context whose deferred work runs in place ({@link Deferred#INLINE}). */
    public StepContext(ObjectStore store, ObjectLayout layout, Stage3Options defaults, Path workDir,
                       ProgressListener progress, Clock clock, Stage3Rules rules) {
        this(store, layout, defaults, workDir, progress, clock, rules, Deferred.INLINE);
    }

    /** A service's context: the standard rules and the system clock. */
    public static StepContext of(ObjectStore store, ObjectLayout layout, Stage3Options defaults, Path workDir,
                                 ProgressListener progress) {
        return new StepContext(store, layout, defaults, workDir, progress, Clock.systemUTC(), Stage3Rules.STANDARD);
    }

    /** The same context with its own work folder (one per step when several run in one process). */
    public StepContext inFolder(Path folder) {
        return new StepContext(store, layout, defaults, folder, progress, clock, rules, deferred);
    }
}
