package io.sossstream.cli;

import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code soss-stream simulate}: stage-2 segments of a simulated transit, with the injected truth. */
final class SimulateCommand {
    private static final Set<String> VALUED = Set.of("out", "segments", "ints-per-segment", "seed", "frame",
            "x-shift", "jitter", "int-time");

    private final PrintStream out;
    private final PrintStream err;

    SimulateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(String[] argv) {
        Args a = Args.parse(argv, 0, VALUED, Set.of());
        if (a.get("out") == null) {
            throw new Args.UsageException("simulate needs --out <dir>");
        }
        SimulationOptions o = options(a);
        List<Path> files = Simulator.run(o, Path.of(a.get("out")), new ProgressBar(err));
        files.forEach(f -> out.println(f));
        return Main.OK;
    }

    static SimulationOptions options(Args a) {
        SimulationOptions d = SimulationOptions.defaults();
        int segments = a.intValue("segments", d.segments());
        int ints = a.intValue("ints-per-segment", d.intsPerSegment());
        if (segments < 1 || ints < 1) {
            throw new Args.UsageException("--segments and --ints-per-segment must be positive");
        }
        SimulationOptions o = d.withSegments(segments, ints).withSeed(a.intValue("seed", (int) d.seed()));
        if (a.get("frame") != null) {
            o = o.withScene(Path.of(a.get("frame")));
        }
        if (a.doubleValue("x-shift") != null) {
            o = o.withXShift(a.doubleValue("x-shift"));
        }
        if (a.doubleValue("int-time") != null) {
            if (a.doubleValue("int-time") <= 0) {
                throw new Args.UsageException("--int-time must be positive (seconds)");
            }
            o = o.withIntegrationTime(a.doubleValue("int-time"));
        }
        if (a.doubleValue("jitter") != null) {
            o = o.withJitter(a.doubleValue("jitter"));
        }
        return o;
    }
}
