package io.sossstream.cli;

import io.sossstream.stage3.ApertureWidth;
import io.sossstream.stage3.Stage3;
import io.sossstream.stage3.Stage3Options;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code soss-stream run}: Stage 3 of one observation in this process. */
final class RunCommand {
    private static final Set<String> VALUED = Set.of("input", "out", "width", "width-o2", "centroids", "profile-from",
            "teff", "logg", "met", "stellar-models", "stellar-template", "output-tag", "planet-letter", "date");
    private static final Set<String> FLAGS = Set.of("flux-calibrate");

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(String[] argv) {
        Args a = Args.parse(argv, 0, VALUED, FLAGS);
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
        Stage3Options options = options(a);
        String date = a.get("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Stage3.Result r = Stage3.run(inputs, Path.of(a.get("out")), options, date, new ProgressBar(err));
        out.printf(Locale.ROOT, "%s: %d segments, %d integrations in %.1f s (%.0f integrations/s)%n",
                r.profile().observationId(), r.segments(), r.integrations(), r.seconds(), r.integrations() / r.seconds());
        out.printf(Locale.ROOT, "  widths: order 1 = %d px, order 2 = %d px; centroids: %s%n",
                r.profile().widthOrder1(), r.profile().widthOrder2(), r.profile().centroids().source());
        out.printf(Locale.ROOT, "  wavelength: %s%s%n", r.calibration().message(),
                Double.isFinite(r.calibration().shiftPixels())
                        ? String.format(Locale.ROOT, " (shift %+.3f ± %.3f px, PWCPOS predicts %+.2f px)",
                        r.calibration().shiftPixels(), r.calibration().uncertaintyPixels(), r.calibration().predictedOffsetPixels())
                        : "");
        out.println("  spectra:   " + r.spectra());
        out.println("  centroids: " + r.centroids());
        r.plots().forEach(p -> out.println("  plot:      " + p));
        return Main.OK;
    }

    /** Maps the flags onto the one parameter block (the services read the same block from config.json). */
    static Stage3Options options(Args a) {
        Stage3Options d = Stage3Options.defaults();
        ApertureWidth w1 = a.get("width") == null ? d.widthOrder1() : parseWidth(a.get("width"), "--width");
        ApertureWidth w2 = a.get("width-o2") == null ? null : parseWidth(a.get("width-o2"), "--width-o2");
        Stage3Options.ProfileSegments from = d.profileFrom();
        if (a.get("profile-from") != null) {
            from = switch (a.get("profile-from").toLowerCase(Locale.ROOT)) {
                case "reference", "first" -> Stage3Options.ProfileSegments.REFERENCE;
                case "all" -> Stage3Options.ProfileSegments.ALL;
                default -> throw new Args.UsageException("--profile-from must be 'reference' or 'all'");
            };
        }
        Double teff = a.doubleValue("teff");
        Double logg = a.doubleValue("logg");
        Double met = a.doubleValue("met");
        int given = (teff != null ? 1 : 0) + (logg != null ? 1 : 0) + (met != null ? 1 : 0);
        if (given != 0 && given != 3) {
            throw new Args.UsageException("--teff, --logg and --met go together");
        }
        if (given == 3 && a.get("stellar-models") == null) {
            throw new Args.UsageException("--teff/--logg/--met need --stellar-models DIR (PHOENIX HiRes files)");
        }
        if (given == 3 && a.get("stellar-template") != null) {
            throw new Args.UsageException("use either PHOENIX parameters or --stellar-template, not both");
        }
        return new Stage3Options(w1, w2, from, a.get("centroids"), teff, logg, met, a.get("stellar-models"),
                a.get("stellar-template"), a.flag("flux-calibrate"), d.clipThreshold(), d.clipWindow(),
                a.get("output-tag"), a.get("planet-letter", d.planetLetter()));
    }

    private static ApertureWidth parseWidth(String v, String option) {
        try {
            return ApertureWidth.parse(v, option);
        } catch (RuntimeException e) {
            throw new Args.UsageException(option + " must be an integer (1…200) or 'optimize', not '" + v + "'");
        }
    }
}
