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
        Path a = Files.writeString(dir.resolve("a.fits"), "123456789", StandardCharsets.US_ASCII);
        Path b = Files.writeString(dir.resolve("soss-config.json"), "{}", StandardCharsets.US_ASCII);
        ObjectLayout layout = ObjectLayout.defaults();
        LocalObjectStore store = new LocalObjectStore(layout, Map.of("in/a.fits", a, "in/soss-config.json", b),
                dir.resolve("work"));
        assertEquals(Optional.empty(), store.checksum(layout.rawBucket(), "in/a.fits"), "nothing digested yet");

        store.digestInputs(ObjectLayout::isSegmentKey);
        // the CRC-32C check value of "123456789" (RFC 3720, Castagnoli polynomial): 0xE3069283
        assertEquals(Optional.of("crc32c:e3069283"),
                store.checksum(layout.rawBucket(), "in/a.fits"));
        assertEquals(Optional.empty(), store.checksum(layout.rawBucket(), "in/soss-config.json"));
        assertEquals(Optional.empty(), store.checksum(layout.workBucket(), "in/a.fits"));
    }

    @Test
    void anUnreadableInputIsBadInputNamingItWhenItsDigestIsAsked() {
        ObjectLayout layout = ObjectLayout.defaults();
        LocalObjectStore store = new LocalObjectStore(layout, Map.of("in/gone.fits", dir.resolve("gone.fits")),
                dir.resolve("work"));
        store.digestInputs(key -> true);
        BadInputException e = assertThrows(BadInputException.class, () -> store.checksum(layout.rawBucket(), "in/gone.fits"));
        assertEquals("gone.fits", e.source());
    }
}
