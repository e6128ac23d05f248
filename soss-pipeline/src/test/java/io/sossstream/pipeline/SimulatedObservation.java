package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One small simulated observation (3 segments × 12 integrations, SUBSTRIP256), simulated once per test JVM and
 * shared read-only by the pipeline tests. A second one with another seed gives "a different file".
 */
final class SimulatedObservation {
    static final int SEGMENTS = 3;
    static final int INTS = 12;
    private static List<Path> segments;
    private static List<Path> otherSeed;

    private SimulatedObservation() {
    }

    /** Segment files 1..3, in order. */
    static synchronized List<Path> segments() {
        if (segments == null) {
            segments = simulate(SimulationOptions.defaults().withSegments(SEGMENTS, INTS), "soss-sim-");
        }
        return segments;
    }

    /** The same file names and headers with other noise (seed): same observation id, other bytes. */
    static synchronized List<Path> otherSeed() {
        if (otherSeed == null) {
            otherSeed = simulate(SimulationOptions.defaults().withSegments(SEGMENTS, INTS).withSeed(99), "soss-sim99-");
        }
        return otherSeed;
    }

    private static List<Path> simulate(SimulationOptions o, String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            List<Path> files = Simulator.run(o, dir, ProgressListener.NONE).subList(0, o.segments());
            for (Path f : Files.list(dir).toList()) {
                f.toFile().deleteOnExit();
            }
            dir.toFile().deleteOnExit();
            return List.copyOf(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
