package io.sossstream.cli;

import io.sossstream.error.BadInputException;
import io.sossstream.stage3.Parameter;
import io.sossstream.pipeline.BatchRun;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code soss-stream run}: Stage 3 of one observation in this process. */
final class RunCommand {

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(String[] argv) {
        ProcessUsage.watch();
        Args a = Args.parse(argv, 0, valued(), flags());
        // --input takes the first file/folder; further positionals are more inputs (shell globs).
        List<Path> inputs = new java.util.ArrayList<>();
        if (a.get("input") != null) {
            inputs.add(Path.of(a.get("input")));
        }
        a.positionals.forEach(p -> inputs.add(Path.of(p)));
        if (inputs.isEmpty()) {
            throw new Args.UsageException("run needs --input <dir or files>");
        }
        if (a.get("out") == null) {
            throw new Args.UsageException("run needs --out <dir>");
        }
        Stage3Options options = checked(options(a));
        String date = a.get("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        BatchRun.Result r = BatchRun.run(inputs, Path.of(a.get("out")), options, date, new ProgressBar(err));
        out.printf(Locale.ROOT, "%s: %d segments, %d integrations in %.1f s (%.0f integrations/s)%n",
                r.profile().observationId(), r.segments(), r.integrations(), r.seconds(), r.integrations() / r.seconds());
        out.printf(Locale.ROOT, "  widths: order 1 = %d px, order 2 = %d px; centroids: %s%n",
                r.profile().widthOrder1(), r.profile().widthOrder2(), r.profile().centroids().source());
        if (r.profile().priorDistance() != null) {
            out.printf(Locale.ROOT, "  traces:    %s from prior (%s)%s%n", r.profile().priorDistance().compact(),
                    r.profile().priorDistance().priorSource(), r.profile().priorDistance().flagged()
                            ? " - FLAGGED: a trace departs from its prior, check the deep-stack plot" : "");
        }
        out.printf(Locale.ROOT, "  wavelength: %s%s%n", r.calibration().message(),
                Double.isFinite(r.calibration().shiftPixels())
                        ? String.format(Locale.ROOT, " (shift %+.3f ± %.3f px, PWCPOS predicts %+.2f px)",
                        r.calibration().shiftPixels(), r.calibration().uncertaintyPixels(), r.calibration().predictedOffsetPixels())
                        : "");
        out.println("  spectra:   " + r.spectra());
        out.println("  centroids: " + r.centroids());
        r.plots().forEach(p -> out.println("  plot:      " + p));
        out.println("  " + ProcessUsage.summary());
        return Main.OK;
    }

    /** The parameter block's flags ({@code --width-order1} ...; older spellings too), then the run's own. */
    static Set<String> valued() {
        Set<String> names = new LinkedHashSet<>(List.of("input", "out", "date"));
        for (Parameter<?> p : Stage3Parameters.ALL) {
            if (!p.isFlag()) {
                names.add(p.kebabName());
                if (p.legacyFlag() != null) {
                    names.add(p.legacyFlag());
                }
            }
        }
        return names;
    }

    /** Boolean parameters: a bare {@code --flux-calibrate} (or {@code --flux-calibrate=false}). */
    static Set<String> flags() {
        Set<String> names = new LinkedHashSet<>();
        for (Parameter<?> p : Stage3Parameters.ALL) {
            if (p.isFlag()) {
                names.add(p.kebabName());
            }
        }
        return names;
    }

    /** The flags through the parameter block's one parser (the services read the same block from config.json). */
    static Stage3Options options(Args a) {
        Map<String, String> texts = new LinkedHashMap<>();
        a.options.forEach((name, value) -> {
            if (Stage3Parameters.find(Parameter.Place.CLI, "--" + name).isPresent()) {
                texts.put("--" + name, value);
            }
        });
        try {
            return Stage3Options.parse(texts, Parameter.Place.CLI, "command line");
        } catch (BadInputException e) {
            throw new Args.UsageException(e.problem());
        }
    }

    /** The rules that tie parameters together, and the CLI's own: PHOENIX files are a local folder here. */
    static Stage3Options checked(Stage3Options options) {
        try {
            options.checkConsistent(Parameter.Place.CLI, "command line");
        } catch (BadInputException e) {
            throw new Args.UsageException(e.problem());
        }
        if (options.hasStellarModel() && options.get(Stage3Parameters.STELLAR_TEMPLATE) == null
                && options.get(Stage3Parameters.STELLAR_MODELS) == null) {
            throw new Args.UsageException("--teff/--logg/--feh need --stellar-models DIR (PHOENIX HiRes files)");
        }
        return options;
    }
}
