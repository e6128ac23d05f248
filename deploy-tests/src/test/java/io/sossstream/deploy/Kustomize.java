package io.sossstream.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Kustomize, as {@code kubectl kustomize} renders for {@code kubectl apply -k}: the binary named by
 * {@code -Dsoss.kubectl} or {@code SOSS_KUBECTL} (bin/test sets it), else the kubectl bin/test provisions under
 * var/tools/, else {@code kubectl} on PATH. Its Kustomize must be 5.x (kubectl 1.27+); Debian's kubernetes-client
 * (1.20, Kustomize 2) renders these overlays differently. Never skips: without one the tests fail and say how to
 * get one.
 */
final class Kustomize {
    private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"v(\\d+)\\.([^\"]*)\"");
    private static final int REQUIRED_MAJOR = 5;
    private static String kubectl;
    private static String version;

    private Kustomize() {
    }

    /** The rendered YAML of the kustomization in {@code dir} (an overlay, or a copy of one). */
    static String render(Path dir) {
        List<String> cmd = List.of(kubectl(), "kustomize", dir.toString());
        Run r = run(cmd, 120);
        if (r.exit != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + r.exit + "):\n" + r.err);
        }
        return r.out;
    }

    /** "kubectl at PATH, Kustomize vX.Y.Z", for messages. */
    static synchronized String describe() {
        kubectl();
        return kubectl + " (Kustomize v" + version + ")";
    }

    static synchronized String kubectl() {
        if (kubectl != null) {
            return kubectl;
        }
        List<String> tried = new ArrayList<>();
        String explicit = System.getProperty("soss.kubectl", System.getenv("SOSS_KUBECTL"));
        List<String> candidates = new ArrayList<>();
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(explicit);
        }
        try (var tools = Files.list(Project.root().resolve("var/tools"))) {
            tools.map(d -> d.resolve("kubectl")).filter(Files::isExecutable).sorted()
                    .forEach(p -> candidates.add(p.toString()));
        } catch (IOException e) {
            // no var/tools: bin/test has not provisioned one
        }
        candidates.add("kubectl");
        for (String c : candidates) {
            String v = kustomizeVersion(c);
            tried.add(c + ": " + (v == null ? "not runnable" : "Kustomize v" + v));
            if (v != null && Integer.parseInt(v.substring(0, v.indexOf('.'))) >= REQUIRED_MAJOR) {
                kubectl = c;
                version = v;
                return c;
            }
            if (c.equals(explicit)) {
                break; // an explicit choice that does not work is an error, not a reason to look elsewhere
            }
        }
        throw new AssertionError("no kubectl with Kustomize " + REQUIRED_MAJOR + ".x to render deploy/overlays"
                + " (tried " + String.join("; ", tried) + "). Run bin/test, which installs kubectl into var/tools/"
                + " when the machine has none, or install kubectl 1.27+, or set SOSS_KUBECTL=/path/to/kubectl.");
    }

    /** "5.5.0" from {@code kubectl version --client -o json}, or null when the binary does not run. */
    private static String kustomizeVersion(String binary) {
        try {
            Run r = run(List.of(binary, "version", "--client", "-o", "json"), 30);
            Matcher m = KUSTOMIZE_VERSION.matcher(r.out);
            return r.exit == 0 && m.find() ? m.group(1) + "." + m.group(2) : null;
        } catch (AssertionError e) {
            return null;
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(List<String> cmd, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("kustomize", ".out");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
                }
                return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
