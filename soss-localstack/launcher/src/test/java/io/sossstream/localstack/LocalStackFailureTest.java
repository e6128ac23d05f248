package io.sossstream.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Start-up failures name the log to read and leave no process behind. */
class LocalStackFailureTest {
    @TempDir
    Path dir;

    @Test
    void missingLibFolderSaysHowToBuildIt() {
        System.setProperty("soss.kafka.lib", dir.resolve("nothing").toString());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LocalStack.startForTests(dir.resolve("stack")));
            assertTrue(e.getMessage().contains("mvn -B -o package"), e.getMessage());
        } finally {
            System.clearProperty("soss.kafka.lib");
        }
    }

    @Test
    void brokerThatCannotStartIsReportedWithItsLog() throws Exception {
        // A lib folder that looks right but holds no broker classes: the JVM exits at once.
        Path fake = Files.createDirectories(dir.resolve("fakelib"));
        Files.write(fake.resolve("kafka_2.13-0.0.jar"), new byte[0]);
        System.setProperty("soss.kafka.lib", fake.toString());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LocalStack.startForTests(dir.resolve("stack")));
            Path log = dir.resolve("stack/logs/kafka-format.log").toAbsolutePath();
            assertTrue(e.getMessage().contains(log.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("kafka.tools.StorageTool"), "quotes the log: " + e.getMessage());
            assertTrue(LocalStack.status(dir.resolve("stack")).allDown(), "S3Proxy stopped again");
        } finally {
            System.clearProperty("soss.kafka.lib");
        }
    }
}
