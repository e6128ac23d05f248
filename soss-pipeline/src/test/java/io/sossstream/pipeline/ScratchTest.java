package io.sossstream.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scratch folders: gone after each message, and what a killed process left is cleared at the next start. */
class ScratchTest {
    @TempDir
    Path workDir;

    @Test
    void aClosedScratchLeavesNothing() throws IOException {
        Path file;
        try (Scratch s = Scratch.in(workDir)) {
            file = Files.writeString(s.folder("raw-1").resolve("seg001.fits"), "x");
        }
        assertFalse(Files.exists(file));
        try (var left = Files.list(workDir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void leftoversOfAKilledProcessAreClearedOtherFilesKept() throws IOException {
        // what a SIGKILL mid-message leaves: the scratch folder with its downloaded raw segment
        Scratch killed = Scratch.in(workDir);
        Path segment = Files.writeString(killed.folder("raw-1").resolve("seg001.fits"), "raw bytes");
        Scratch other = Scratch.in(workDir);
        Path notes = Files.writeString(workDir.resolve("operator-notes.txt"), "keep me");
        Path unrelated = Files.createDirectories(workDir.resolve("models-cache"));

        assertEquals(2, Scratch.clearLeftovers(workDir));
        assertFalse(Files.exists(segment));
        assertFalse(Files.exists(killed.dir()));
        assertFalse(Files.exists(other.dir()));
        assertTrue(Files.exists(notes));
        assertTrue(Files.exists(unrelated));
        assertEquals(0, Scratch.clearLeftovers(workDir));
        assertEquals(0, Scratch.clearLeftovers(workDir.resolve("never-created")));
    }
}
