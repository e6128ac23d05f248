package io.sossstream.cli;

import io.sossstream.ProgressListener;
import io.sossstream.pipeline.BatchRun;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.stage3.ProfileBuilder;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.trace.CentroidsCsv;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code soss-stream bench --whole}: what a user waits for. For each observation length, the whole
 * {@code soss-stream run} as a new process (JVM start included, with the launcher's JVM options ({@code
 * bin/jvm-options}) and class-data archive;
 * {@code -Xmx128m}: the heap it needs stays flat in the number of integrations) against exoTEDRF's box path on the same files (its {@code do_box_extraction} for orders 1
 * and 2 and {@code sigma_clip_lightcurves}, read and written with astropy: {@code bench/exotedrf_box.py}, a
 * measurement script outside the product, run when a python3 with numpy, scipy and astropy is found), both with the
 * same given centroids and width 30; soss-stream once more with {@code --width-order1 optimize} (the optimisation's
 * cost over one extraction); and {@code cat} of the same files from the page cache, the floor for reading them.
 * Medians of {@code runs} rounds after one warm-up round, the sides taking turns within each round
 * (files in the page cache, like a re-run; a shared machine's slow and fast phases fall on every side alike).
 */
final class WholeProcessBench {
    /** Box width of both sides (exoTEDRF's default for SOSS). */
    private static final String WIDTH = "30";
    /** soss-stream's side once more with the width optimised: what the optimisation costs over one extraction. */
    private static final String OPTIMIZE = "optimize";
    /** Class-data archive of the CLI's classes, as {@code bin/soss-stream} makes and maps it. */
    private static final String CDS_ARCHIVE = "soss-cli/target/soss-cli.jsa";
    private static final Pattern PEAK = Pattern.compile("peak heap (\\d+) MB of (\\d+) MB(?:, peak RSS (\\d+) MB)?");
    private static final Pattern CPU = Pattern.compile("CPU ([0-9.]+) s");
    private static final Pattern PY_RSS = Pattern.compile("\"max_rss_mb\": ([0-9.]+)");
    private static final Pattern PY_CPU = Pattern.compile("\"cpu_seconds\": ([0-9.]+)");

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    WholeProcessBench(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.home = Path.of(System.getProperty("soss.home", "."));
    }

    /** One side's figures: wall seconds, CPU seconds of the process (NaN if unknown) and its peak memory. */
    private record Timing(double seconds, double cpu, String memory) {
    }

    int execute(List<Integer> sizes, int runs, Path root) throws IOException, InterruptedException {
        Optional<String> python = python();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        out.printf(Locale.ROOT, "bench --whole: SUBSTRIP256, box width %s, given centroids, medians of %d alternating "
                + "rounds after a warm-up; %d cores, load average %.2f at start%n", WIDTH, runs,
                Runtime.getRuntime().availableProcessors(), load);
        if (python.isEmpty()) {
            out.println("  (exoTEDRF side skipped: no python3 with numpy, scipy and astropy; on Debian: apt-get install"
                    + " python3-numpy python3-scipy python3-astropy)");
        }
        out.printf(Locale.ROOT, "%-5s %11s %9s %6s  %11s %9s %6s  %9s %9s %8s%n", "ints", "soss-stream", "exoTEDRF",
                "ratio", "CPU: soss", "exoTEDRF", "ratio", "read MB/s", "cat MB/s", "% of cat");
        for (int n : sizes) {
            Path dir = root.resolve("whole-" + n);
            List<Path> files = observation(dir, n);
            Path centroids = centroids(dir, files);
            long bytes = 0;
            for (Path f : files) {
                bytes += Files.size(f);
            }
            List<Run> sides = new ArrayList<>();
            sides.add(() -> runJava(dir, centroids, root.resolve("out-" + n), WIDTH));
            sides.add(() -> runJava(dir, centroids, root.resolve("out-optimize-" + n), OPTIMIZE));
            python.ifPresent(py -> sides.add(
                    () -> runPython(py, files, centroids, root.resolve("exotedrf-" + n + ".fits"))));
            sides.add(() -> runCat(files));
            List<Timing> medians = alternating(runs, sides);
            Timing java = medians.get(0);
            Timing optimised = medians.get(1);
            Timing exo = python.isPresent() ? medians.get(2) : null;
            Timing cat = medians.get(medians.size() - 1);
            double mb = bytes / 1048576.0;
            out.printf(Locale.ROOT, "%-5d %10.2fs %9s %6s  %10.2fs %9s %6s  %9.0f %9.0f %7.0f%%%n", n, java.seconds(),
                    exo == null ? "-" : String.format(Locale.ROOT, "%.2fs", exo.seconds()),
                    exo == null ? "-" : String.format(Locale.ROOT, "%.1fx", exo.seconds() / java.seconds()),
                    java.cpu(), exo == null ? "-" : String.format(Locale.ROOT, "%.2fs", exo.cpu()),
                    exo == null ? "-" : String.format(Locale.ROOT, "%.1fx", exo.cpu() / java.cpu()),
                    mb / java.seconds(), mb / cat.seconds(), 100 * cat.seconds() / java.seconds());
            out.printf(Locale.ROOT, "      soss-stream (-Xmx128m): %s%s%n", java.memory(),
                    exo == null ? "" : "; exoTEDRF: peak RSS " + exo.memory());
            out.printf(Locale.ROOT, "      soss-stream --width-order1 %s: %.2fs, CPU %.2fs (+%.2fs over width %s for "
                    + "widths 10..60); %s%n", OPTIMIZE, optimised.seconds(), optimised.cpu(),
                    optimised.seconds() - java.seconds(), WIDTH, optimised.memory());
        }
        out.printf(Locale.ROOT, "load average %.2f at end%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return Main.OK;
    }

    @FunctionalInterface
    private interface Run {
        Timing once() throws IOException, InterruptedException;
    }

    /**
     * The median timing of each side over {@code runs} rounds, the sides taking turns within a round (after one
     * warm-up round: page cache, the launcher's build check), so that every side meets the same phases of a shared
     * machine's speed: what the ratios compare.
     */
    private static List<Timing> alternating(int runs, List<Run> sides) throws IOException, InterruptedException {
        for (Run side : sides) {
            side.once();
        }
        double[][] s = new double[sides.size()][runs];
        double[][] c = new double[sides.size()][runs];
        Timing[] last = new Timing[sides.size()];
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < sides.size(); k++) {
                last[k] = sides.get(k).once();
                s[k][i] = last[k].seconds();
                c[k][i] = last[k].cpu();
            }
        }
        List<Timing> out = new ArrayList<>();
        for (int k = 0; k < sides.size(); k++) {
            out.add(new Timing(median(s[k]), median(c[k]), last[k].memory()));
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static double group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private Timing runJava(Path dir, Path centroids, Path outDir, String width)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> runArgs = List.of("run", "--input", dir.toString(), "--out", outDir.toString(),
                "--centroids-file", centroids.toString(), "--width-order1", width, "--date", "2026-01-01T00:00:00");
        // the launcher's class-data archive, as a user's run maps it; when missing or older than the jars (the JVM
        // would silently ignore it: +0.8 s CPU a run), one untimed run through the launcher makes it the way it does
        // for a user (bin/soss-stream alone knows how to dump it safely)
        Path archive = home.resolve(CDS_ARCHIVE);
        if (!isCurrent(archive)) {
            List<String> launcher = new ArrayList<>(List.of(home.resolve("bin/soss-stream").toString()));
            launcher.addAll(runArgs);
            timed(launcher);
        }
        // the launcher's JVM options (bin/jvm-options), as a user's `bin/soss-stream run` gets them
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvmOptions(home));
        cmd.addAll(List.of("-Xmx128m", "-Dsoss.home=" + home, "-XX:SharedArchiveFile=" + archive,
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(runArgs);
        Result r = timed(cmd);
        Matcher m = PEAK.matcher(r.output());
        String memory = !m.find() ? "?" : "peak heap " + m.group(1) + " MB of " + m.group(2) + " MB"
                + (m.group(3) == null ? "" : ", peak RSS " + m.group(3) + " MB");
        return new Timing(r.seconds(), group(CPU, r.output()), memory);
    }

    /** Whether the archive exists and no jar of this process's class path is newer. */
    private static boolean isCurrent(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            return false;
        }
        long dumped = Files.getLastModifiedTime(archive).toMillis();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (Files.isRegularFile(jar) && Files.getLastModifiedTime(jar).toMillis() > dumped) {
                return false;
            }
        }
        return true;
    }

    /** The file of the CLI's JVM options, read by {@code bin/soss-stream} too. */
    static final String JVM_OPTIONS = "bin/jvm-options";

    /**
     * The options of {@link #JVM_OPTIONS} under {@code home} as {@code bin/soss-stream} reads them: one a line, '#'
     * to the end of the line a comment, blank lines skipped (none if the file is missing).
     */
    static List<String> jvmOptions(Path home) throws IOException {
        Path file = home.resolve(JVM_OPTIONS);
        List<String> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int hash = line.indexOf('#');
            String option = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!option.isEmpty()) {
                out.add(option);
            }
        }
        return out;
    }

    private Timing runPython(String python, List<Path> files, Path centroids, Path product)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, home.resolve("bench/exotedrf_box.py").toString(),
                "--centroids", centroids.toString(), "--width", WIDTH, "--out", product.toString()));
        files.forEach(f -> cmd.add(f.toString()));
        Result r = timed(cmd);
        double rss = group(PY_RSS, r.output());
        return new Timing(r.seconds(), group(PY_CPU, r.output()), Double.isNaN(rss) ? "?" : Math.round(rss) + " MB");
    }

    private Timing runCat(List<Path> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("cat"));
        files.forEach(f -> cmd.add(f.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("cat failed");
        }
        return new Timing((System.nanoTime() - t0) / 1e9, Double.NaN, "");
    }

    private record Result(double seconds, String output) {
    }

    /** Runs {@code cmd} to its end; its output (stdout and stderr) kept for the figures it prints. */
    private static Result timed(List<String> cmd) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String text = new String(output, StandardCharsets.UTF_8);
        if (code != 0) {
            throw new IOException(String.join(" ", cmd.subList(0, 2)) + " ... exited with " + code + ":\n" + text);
        }
        return new Result(seconds, text);
    }

    /** A python3 that has numpy, scipy and astropy (Debian's, if the one on the PATH lacks them), if any. */
    private static Optional<String> python() throws InterruptedException {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import numpy, scipy, astropy")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // not installed
            }
        }
        return Optional.empty();
    }

    /** The simulated observation of n integrations in {@code dir}, simulated once (segments of at most 200). */
    private List<Path> observation(Path dir, int n) throws IOException {
        int segments = (n + 199) / 200;
        while (n % segments != 0) {
            segments++;
        }
        List<Path> existing = Files.isDirectory(dir) ? BatchRun.expandInputs(List.of(dir)) : List.of();
        if (existing.size() == segments) {
            return existing;
        }
        err.println("bench: simulating " + n + " integrations in " + segments + " segments into " + dir
                + " (reused next time)");
        Simulator.run(SimulationOptions.defaults().withSegments(segments, n / segments).withSeed(7), dir,
                new ProgressBar(err));
        return BatchRun.expandInputs(List.of(dir));
    }

    /** Trace centroids measured once on segment 1 (edge trigger), given to both sides. */
    private static Path centroids(Path dir, List<Path> files) {
        Path csv = dir.resolve("bench_centroids.csv");
        if (!Files.isRegularFile(csv)) {
            ProfileBuilder.Result built = ProfileBuilder.build(files.subList(0, 1), Stage3Options.defaults(),
                    ProgressListener.NONE);
            CentroidsCsv.write(csv, built.profile().centroids(), "1970-01-01T00:00:00", List.of());
        }
        return csv;
    }
}
