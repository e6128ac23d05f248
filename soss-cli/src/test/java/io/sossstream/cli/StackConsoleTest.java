package io.sossstream.cli;

import io.sossstream.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code soss-stream stack up|status|down} as a user runs them, each in a JVM of its own (the broker and S3Proxy,
 * not the services): the console shows the CLI's own lines only, no warning of the Kafka clients retrying while the
 * broker starts and no secret; the clients' log is in the stack's log folder.
 */
class StackConsoleTest {
    @TempDir
    Path dir;

    record Cli(int code, String out, String err) {
        String console() {
            return out + err;
        }
    }

    @Test
    void stackUpStatusDownSpeakOnlyForThemselves() throws Exception {
        Path state = dir.resolve("stack");
        try {
            Cli up = cli("stack", "up", "--dir", state.toString());
            assertEquals(Main.OK, up.code, up.console());
            assertTrue(up.out.startsWith("local stack up in "), up.console());
            assertFalse(up.console().matches("(?s).*\\b(WARN|WARNING|ERROR)\\b.*"), "client warnings on the console:\n"
                    + up.console());
            assertFalse(up.console().contains("Connection to node"), up.console());
            assertFalse(up.console().contains(LocalStack.SECRET_KEY), "secret on the console:\n" + up.console());
            assertTrue(Files.isRegularFile(state.resolve("logs").resolve(ClientLogs.FILE_NAME)),
                    "client log in the stack's log folder");

            Cli status = cli("stack", "status", "--dir", state.toString());
            assertEquals(Main.OK, status.code, status.console());
            assertTrue(status.out.matches("(?s)kafka +up .*\ns3proxy +up .*"), status.console());
        } finally {
            Cli down = cli("stack", "down", "--dir", state.toString());
            assertEquals(Main.OK, down.code, down.console());
        }
        assertTrue(LocalStack.status(state).allDown());
    }

    /** {@code java -cp <this test's class path> io.sossstream.cli.Main args}, without the packaged services. */
    private Cli cli(String... args) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-services"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dsoss.home=" + Path.of("..").toAbsolutePath().normalize(), "-Dsoss.services.dir=" + empty,
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS"); // "Picked up ..." would be the JVM's line, not ours
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("soss-stream " + String.join(" ", args) + " did not finish");
        }
        return new Cli(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
