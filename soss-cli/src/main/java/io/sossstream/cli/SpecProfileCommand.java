package io.sossstream.cli;

import io.sossstream.pipeline.BatchRun;
import io.sossstream.specprofile.SpecProfile;
import io.sossstream.specprofile.SpecProfileStep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code soss-stream specprofile}: exoTEDRF's SpecProfileStep, the empirical spatial profile (APPLESOSS) of an
 * observation as a SPECPROFILE reference file for decontaminating extraction, with its diagnostic PNG.
 */
final class SpecProfileCommand {
    /** The command's own options and the two parameters of the block it uses (with their older spellings). */
    private static final Set<String> VALUED = Set.of("input", "out", "date", "profile-from", "centroids-file",
            "centroids");

    private final PrintStream out;
    private final PrintStream err;

    SpecProfileCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(String[] argv) {
        Args a = Args.parse(argv, 0, VALUED, Set.of());
        List<Path> inputs = new ArrayList<>();
        if (a.get("input") != null) {
            inputs.add(Path.of(a.get("input")));
        }
        a.positionals.forEach(p -> inputs.add(Path.of(p)));
        if (inputs.isEmpty()) {
            throw new Args.UsageException("specprofile needs --input <dir or files>");
        }
        if (a.get("out") == null) {
            throw new Args.UsageException("specprofile needs --out <dir>");
        }
        String date = a.get("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        // --profile-from and --centroids-file are parameters of the Stage 3 block, parsed as run parses them
        SpecProfileStep.Result r = SpecProfileStep.run(BatchRun.expandInputs(inputs), Path.of(a.get("out")),
                RunCommand.options(a), date, new ProgressBar(err));
        SpecProfile p = r.profile();
        out.printf(Locale.ROOT, "specprofile: %s, padding %d, oversampling %d, from %d segment(s); centroids: %s;"
                        + " profile built in %.2f s (%.2f s CPU)%n", p.subarray(), p.padding(), p.oversampling(),
                r.inputs().size(), r.centroids().source(), r.buildSeconds(), r.buildCpuSeconds());
        out.println("  profile: " + r.profileFile());
        out.println("  plot:    " + r.plot());
        return Main.OK;
    }
}
