package io.sossstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium driven through its command line: {@code --dump-dom} gives the DOM after the page's
 * scripts ran (within a virtual-time budget), {@code --screenshot} a PNG. Every call gets a new empty profile.
 * The binary: system property {@code chromium.binary}, else /usr/bin/chromium (apt-get install -y chromium).
 */
final class Chromium {
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
            // The status page has no script; the budget only lets its images load. It must stay shorter than the
            // page's meta refresh (5 s): a reload starting as the budget expires left a screenshot hanging.
            "--virtual-time-budget=2000");
    private static final long TIMEOUT_SECONDS = 90;
    /** Attempts per call: a headless start that hangs (seen once on a loaded 2-core CI machine) is retried. */
    private static final int ATTEMPTS = 2;

    private final Path binary;
    private final Path scratch;

    private Chromium(Path binary, Path scratch) {
        this.binary = binary;
        this.scratch = scratch;
    }

    /** The installed Chromium; fails with the install command when there is none. */
    static Chromium find(Path scratch) {
        String configured = System.getProperty("chromium.binary");
        List<Path> candidates = configured != null && !configured.isBlank() ? List.of(Path.of(configured))
                : List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return new Chromium(p, scratch);
            }
        }
        throw new AssertionError("headless Chromium not found at " + candidates
                + ": install Debian's package (apt-get install -y chromium) or set -Dchromium.binary=...");
    }

    /** The serialized DOM of {@code url} after its scripts ran. */
    String dumpDom(String url) {
        return run(List.of("--dump-dom", url), "dom");
    }

    /** Saves a {@code width}×{@code height} screenshot of {@code url} as PNG. */
    void screenshot(String url, Path png, int width, int height) {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, url), "shot");
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("Chromium wrote no screenshot " + png + "; see " + scratch);
        }
    }

    private String run(List<String> args, String tag) {
        AssertionError last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return runOnce(args, tag);
            } catch (TimedOut e) {
                last = e;
            }
        }
        throw last;
    }

    /** Chromium did not exit in time (killed); the only failure worth a second attempt. */
    private static final class TimedOut extends AssertionError {
        TimedOut(String message) {
            super(message);
        }
    }

    private String runOnce(List<String> args, String tag) {
        try {
            Files.createDirectories(scratch);
            Path profile = Files.createTempDirectory(scratch, "profile-");
            Path out = scratch.resolve(tag + ".out");
            Path err = scratch.resolve(tag + ".err");
            List<String> cmd = new ArrayList<>();
            cmd.add(binary.toString());
            cmd.addAll(FLAGS);
            cmd.add("--user-data-dir=" + profile);
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new TimedOut("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + cmd);
            }
            String text = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new AssertionError("Chromium exited " + p.exitValue() + ": " + cmd + "\n" + tail(err));
            }
            deleteTree(profile);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
