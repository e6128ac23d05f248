package io.sossstream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code redrive}'s command line; the redrive itself runs on a real broker in soss-e2e's RedriveTest. */
class RedriveCommandTest {
    @TempDir
    Path dir;

    @Test
    void needsExactlyOneOfObservationOrAll() {
        RunCommandTest.Run none = RunCommandTest.run("redrive", "--dir", dir.toString());
        assertEquals(Main.USAGE, none.code());
        assertTrue(none.err().contains("redrive needs either --observation ID or --all"), none.err());
        assertEquals(Main.USAGE, RunCommandTest.run("redrive", "--all", "--observation", "jw1_nis").code());
        assertEquals(Main.USAGE, RunCommandTest.run("redrive", "--all", "extra").code());
    }

    @Test
    void withoutARunningStackOrBootstrapItSaysSo() {
        RunCommandTest.Run r = RunCommandTest.run("redrive", "--all", "--dir", dir.resolve("none").toString());
        assertEquals(Main.INTERNAL_ERROR, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("stack"), r.err());
    }

    @Test
    void anUnreadableClientConfigIsBadInputNamingIt() {
        Path missing = dir.resolve("kafka-client.properties");
        RunCommandTest.Run r = RunCommandTest.run("redrive", "--all", "--bootstrap", "127.0.0.1:1", "--client-config",
                missing.toString(), "--dir", dir.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(missing.toString()), r.err());
    }
}
