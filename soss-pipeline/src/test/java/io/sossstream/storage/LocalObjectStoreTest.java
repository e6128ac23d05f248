package io.sossstream.storage;

import io.sossstream.error.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The batch store's background digests of its input files. */
class LocalObjectStoreTest {
    @TempDir
    Path dir;

    @Test
    void digestsTheChosenInputsInTheBackgroundAndNothingElse() throws Exception {
        Path a = Files.writeString(dir.resolve("a.fits"), "abc", StandardCharsets.US_ASCII);
        Path b = Files.writeString(dir.resolve("soss-config.json"), "{}", StandardCharsets.US_ASCII);
        ObjectLayout layout = ObjectLayout.defaults();
        LocalObjectStore store = new LocalObjectStore(layout, Map.of("in/a.fits", a, "in/soss-config.json", b),
                dir.resolve("work"));
        assertEquals(Optional.empty(), store.sha256(layout.rawBucket(), "in/a.fits"), "nothing digested yet");

        store.digestInputs(ObjectLayout::isSegmentKey);
        // FIPS 180-2, appendix B.1: SHA-256("abc")
        assertEquals(Optional.of("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                store.sha256(layout.rawBucket(), "in/a.fits"));
        assertEquals(Optional.empty(), store.sha256(layout.rawBucket(), "in/soss-config.json"));
        assertEquals(Optional.empty(), store.sha256(layout.workBucket(), "in/a.fits"));
    }

    @Test
    void anUnreadableInputIsBadInputNamingItWhenItsDigestIsAsked() {
        ObjectLayout layout = ObjectLayout.defaults();
        LocalObjectStore store = new LocalObjectStore(layout, Map.of("in/gone.fits", dir.resolve("gone.fits")),
                dir.resolve("work"));
        store.digestInputs(key -> true);
        BadInputException e = assertThrows(BadInputException.class, () -> store.sha256(layout.rawBucket(), "in/gone.fits"));
        assertEquals("gone.fits", e.source());
    }
}
