package io.sossstream.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/soss-stream} itself, run by bash in a scratch git checkout with stand-ins for {@code mvn} (counts builds,
 * writes the jar) and {@code java} (prints its arguments): when it rebuilds, and which heap option it passes.
 */
class LauncherScriptTest {
    static final Path SCRIPT = Path.of("..", "bin", "soss-stream").toAbsolutePath().normalize();
    static final Path OPTIONS = Path.of("..", "bin", "jvm-options").toAbsolutePath().normalize();

    @TempDir
    Path project;
    Path builds;

    record Result(int code, List<String> javaArgs, String err) {
    }

    @BeforeEach
    void checkout() throws Exception {
        Files.createDirectories(project.resolve("bin"));
        Files.copy(SCRIPT, project.resolve("bin/soss-stream"));
        Files.copy(OPTIONS, project.resolve("bin/jvm-options"));
        write("pom.xml", "<project/>\n");
        write("mod/pom.xml", "<project/>\n");
        write("mod/src/main/java/A.java", "class A {}\n");
        write("mod/src/test/java/ATest.java", "class ATest {}\n");
        write(".gitignore", "target/\nvar/\n");
        builds = project.resolve("builds.log");
        Path stubs = Files.createDirectories(project.resolve("stubs"));
        executable(stubs.resolve("mvn"), "#!/bin/sh\necho build >> '" + builds + "'\n"
                + "mkdir -p soss-cli/target && touch soss-cli/target/soss-cli.jar\n");
        // prints its arguments, and writes the class-data archive it is asked to dump, as the JVM does at exit
        executable(stubs.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; case \"$a\" in "
                + "-XX:ArchiveClassesAtExit=*) touch \"${a#*=}\";; esac; done\n");
        git("init", "-q");
        git("add", "-A");
        git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "sources");
    }

    @Test
    void buildsOnFirstUseThenOnlyWhenSourcesChange() throws Exception {
        Result first = run(Map.of(), "stack", "status");
        assertEquals(0, first.code, first.err);
        assertEquals(1, builds(), "first use builds");
        assertTrue(first.javaArgs.contains("io.sossstream.cli.Main"), first.javaArgs.toString());
        assertEquals(List.of("stack", "status"), first.javaArgs.subList(first.javaArgs.size() - 2,
                first.javaArgs.size()));

        run(Map.of(), "stack", "status");
        assertEquals(1, builds(), "nothing changed");

        // What the stack, the tests and editors leave behind is not a source change.
        write("var/stack/stack.properties", "kafka.port=19092\n");
        write("var/stack/kafka/server.properties", "node.id=1\n");
        write("mod/target/classes/app.properties", "x=1\n");
        write("mod/src/test/java/ATest.java", "class ATest { int changedTest; }\n");
        Files.setLastModifiedTime(project.resolve("mod/src/main/java/A.java"), FileTime.from(Instant.now()
                .plusSeconds(60)));
        run(Map.of(), "stack", "status");
        assertEquals(1, builds(), "var/, target/, a test source and a touch without a change do not rebuild");

        write("mod/src/main/java/A.java", "class A { int changed; }\n");
        run(Map.of(), "run");
        assertEquals(2, builds(), "edited tracked source");
        run(Map.of(), "run");
        assertEquals(2, builds());

        write("mod/src/main/resources/new.properties", "a=b\n");
        run(Map.of(), "run");
        assertEquals(3, builds(), "new source file, not yet added to git");

        write("mod/pom.xml", "<project><!-- changed --></project>\n");
        run(Map.of(), "run");
        assertEquals(4, builds(), "edited pom");

        Files.delete(project.resolve("mod/src/main/java/A.java"));
        run(Map.of(), "run");
        assertEquals(5, builds(), "deleted tracked source");

        run(Map.of("SOSS_SKIP_BUILD", "1"), "run");
        write("mod/src/main/java/B.java", "class B {}\n");
        run(Map.of("SOSS_SKIP_BUILD", "1"), "run");
        assertEquals(5, builds(), "SOSS_SKIP_BUILD=1 never builds");
    }

    @Test
    void defaultHeapOnlyWhenNeitherJavaToolOptionsNorSossJavaOptsSetsOne() throws Exception {
        Result plain = run(Map.of());
        assertTrue(plain.javaArgs.contains("-Xmx4g"), plain.javaArgs.toString());

        Result tool = run(Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g"));
        assertFalse(tool.javaArgs.stream().anyMatch(a -> a.startsWith("-Xmx")),
                "JAVA_TOOL_OPTIONS' heap must win: " + tool.javaArgs);

        Result ram = run(Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=50 -Dfile.encoding=UTF-8"));
        assertFalse(ram.javaArgs.stream().anyMatch(a -> a.startsWith("-Xmx")), ram.javaArgs.toString());

        Result soss = run(Map.of("SOSS_JAVA_OPTS", "-Xmx2g -Dsoss.example=a"));
        assertTrue(soss.javaArgs.containsAll(List.of("-Xmx2g", "-Dsoss.example=a")), soss.javaArgs.toString());
        assertFalse(soss.javaArgs.contains("-Xmx4g"), soss.javaArgs.toString());

        Result other = run(Map.of("SOSS_JAVA_OPTS", "-Dsoss.example=a -XX:+UseSerialGC",
                "JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8"));
        assertTrue(other.javaArgs.containsAll(List.of("-Xmx4g", "-Dsoss.example=a", "-XX:+UseSerialGC")),
                other.javaArgs.toString());
    }

    @Test
    void classDataArchiveMadeByTheFirstRunAfterEachBuildAndMappedByEveryLaterStart() throws Exception {
        Path archive = project.resolve("soss-cli/target/soss-cli.jsa");
        Result status = run(Map.of(), "stack", "status");
        assertFalse(status.javaArgs.stream().anyMatch(a -> a.contains("SharedArchiveFile")
                || a.contains("ArchiveClassesAtExit")), "only a run makes the archive: " + status.javaArgs);

        Result first = run(Map.of(), "run");
        assertEquals(0, first.code, first.err);
        assertTrue(first.javaArgs.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + archive + ".")),
                "dumped under a name of its own: " + first.javaArgs);
        assertTrue(Files.isRegularFile(archive), "moved into place");
        try (var files = Files.list(archive.getParent())) {
            assertEquals(List.of(archive), files.filter(f -> f.getFileName().toString().startsWith("soss-cli.jsa"))
                    .toList(), "no half-named dump left");
        }

        Result later = run(Map.of(), "stack", "status");
        assertTrue(later.javaArgs.contains("-XX:SharedArchiveFile=" + archive), later.javaArgs.toString());

        write("mod/src/main/java/A.java", "class A { int changed; }\n");
        Result rebuilt = run(Map.of(), "stack", "status");
        assertEquals(2, builds());
        assertFalse(Files.exists(archive), "a rebuild drops the archive of the old jars");
        assertFalse(rebuilt.javaArgs.stream().anyMatch(a -> a.contains("SharedArchiveFile")), rebuilt.javaArgs.toString());
    }

    /**
     * Jars rewritten outside the launcher (a `mvn package` by hand) leave an archive the JVM would silently ignore:
     * it is removed, and the next run dumps a fresh one.
     */
    @Test
    void archiveOlderThanTheJarsIsDroppedAndDumpedAgain() throws Exception {
        Path archive = project.resolve("soss-cli/target/soss-cli.jsa");
        run(Map.of(), "run");
        assertTrue(Files.isRegularFile(archive));
        Path jar = project.resolve("soss-cli/target/soss-cli.jar");
        Files.setLastModifiedTime(jar, FileTime.from(Files.getLastModifiedTime(archive).toInstant().plusSeconds(5)));

        Result status = run(Map.of(), "stack", "status");
        assertEquals(1, builds(), "no source changed: no build");
        assertFalse(status.javaArgs.stream().anyMatch(a -> a.contains("SharedArchiveFile")), status.javaArgs.toString());
        assertFalse(Files.exists(archive), "the stale archive is gone");

        Result again = run(Map.of(), "run");
        assertTrue(again.javaArgs.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=")),
                "the next run dumps it again: " + again.javaArgs);
        assertTrue(Files.isRegularFile(archive));
    }

    /** bin/jvm-options reaches every start, before the user's options; the bench reads the same list. */
    @Test
    void jvmOptionsFileIsPassedFirstAndIsWhatTheBenchUses() throws Exception {
        List<String> options = WholeProcessBench.jvmOptions(project);
        assertTrue(options.contains("-Djava.awt.headless=true") && options.contains("-XX:+UseSerialGC"),
                options.toString());
        Result plain = run(Map.of("SOSS_JAVA_OPTS", "-Dsoss.example=a"), "run");
        assertEquals(options, plain.javaArgs.subList(0, options.size()), plain.javaArgs.toString());
        assertTrue(plain.javaArgs.indexOf("-Dsoss.example=a") > options.size(), "the user's come later, and win");

        Result g1 = run(Map.of("SOSS_JAVA_OPTS", "-XX:+UseG1GC"), "run");
        assertFalse(g1.javaArgs.contains("-XX:+UseSerialGC"), "a collector of the user's replaces ours: " + g1.javaArgs);
        assertTrue(g1.javaArgs.contains("-XX:+UseG1GC") && g1.javaArgs.contains("-Djava.awt.headless=true"));
        Result tool = run(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC"), "run");
        assertFalse(tool.javaArgs.contains("-XX:+UseSerialGC"), tool.javaArgs.toString());

        Files.delete(project.resolve("bin/jvm-options"));
        Result none = run(Map.of(), "run");
        assertEquals(0, none.code, none.err);
        assertTrue(WholeProcessBench.jvmOptions(project).isEmpty());
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(concat(List.of("bash", project.resolve("bin/soss-stream").toString()),
                args)).directory(project.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("SOSS_JAVA_OPTS");
        pb.environment().remove("SOSS_SKIP_BUILD");
        pb.environment().put("PATH", project.resolve("stubs") + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        Path out = project.resolve("out.txt");
        Path err = project.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/soss-stream hangs");
        return new Result(p.exitValue(), Files.readAllLines(out), Files.readString(err));
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private int builds() throws IOException {
        return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
    }

    private void write(String relative, String text) throws IOException {
        Path f = project.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void git(String... args) throws Exception {
        Process p = new ProcessBuilder(concat(List.of("git"), args)).directory(project.toFile())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "git " + String.join(" ", args) + ": "
                + text);
    }
}
