package io.sossstream.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class LocalStackSmokeTest {
    @TempDir
    Path dir;

    @Test
    void startsAndStops() {
        long t0 = System.nanoTime();
        try (LocalStack stack = LocalStack.startForTests(dir)) {
            System.out.printf("stack up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            System.out.println(stack.status().toText());
            assertTrue(stack.status().allUp());
        }
        assertTrue(LocalStack.status(dir).allDown());
    }
}
