package io.sossstream.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FileSystemObjectStoreTest {
    @TempDir
    Path dir;

    @Test
    void putGetListStatDelete() throws Exception {
        FileSystemObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
        store.ensureBucket("soss");
        store.ensureBucket("soss");
        ObjectInfo a = store.put("soss", "observations/o/profile/profile.json", "{}".getBytes(), "application/json");
        assertEquals(2, a.size());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update("{}".getBytes());
        assertEquals(String.format("%08x", crc.getValue()), a.etag(), "CRC32C of {}");
        Path src = dir.resolve("seg.fits");
        Files.write(src, new byte[2880]);
        ObjectInfo copied = store.put("soss", "observations/o/spectra/seg001.fits", src, "application/fits");
        assertEquals(store.stat("soss", "observations/o/spectra/seg001.fits").orElseThrow(), copied);
        assertEquals(a, store.stat("soss", "observations/o/profile/profile.json").orElseThrow());
        Files.write(src, new byte[(1 << 18) + 7]);   // more than one read buffer
        byte[] big = Files.readAllBytes(src);
        big[100_000] = 1;
        Files.write(src, big);
        ObjectInfo b = store.put("soss", "tmp/big", src, "application/fits");
        assertEquals(store.put("soss", "tmp/big2", big, "application/fits").etag(), b.etag());
        assertNotEquals(store.put("soss", "tmp/big2", new byte[big.length], "application/fits").etag(), b.etag());
        assertArrayEquals(big, store.get("soss", "tmp/big").orElseThrow());
        store.delete("soss", "tmp/big");
        store.delete("soss", "tmp/big2");
        Files.createDirectories(dir.resolve("store/soss/observations/o/empty"));

        assertTrue(store.exists("soss", "observations/o/profile/profile.json"));
        assertFalse(store.exists("soss", "observations/o/nothing.json"));
        assertFalse(store.exists("nobucket", "x"));
        assertEquals("{}", new String(store.get("soss", "observations/o/profile/profile.json").orElseThrow()));
        assertTrue(store.get("soss", "missing").isEmpty());
        assertEquals(2880, store.stat("soss", "observations/o/spectra/seg001.fits").orElseThrow().size());

        List<ObjectInfo> all = store.list("soss", "observations/o/");
        assertEquals(List.of("observations/o/profile/profile.json", "observations/o/spectra/seg001.fits"),
                all.stream().map(ObjectInfo::key).toList());
        assertEquals(1, store.list("soss", "observations/o/spectra/").size());
        assertEquals(List.of(), store.list("nobucket", ""));

        Path out = dir.resolve("out/seg.fits");
        assertTrue(store.download("soss", "observations/o/spectra/seg001.fits", out));
        assertEquals(2880, Files.size(out));
        assertFalse(store.download("soss", "observations/o/spectra/seg002.fits", dir.resolve("out/none")));
        assertFalse(Files.exists(dir.resolve("out/none")));
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }

        store.delete("soss", "observations/o/spectra/seg001.fits");
        store.delete("soss", "observations/o/spectra/seg001.fits");
        assertFalse(store.exists("soss", "observations/o/spectra/seg001.fits"));
        assertThrows(IllegalArgumentException.class, () -> store.put("soss", "../escape", new byte[1], null));
        assertThrows(StorageException.class, () -> store.put("nobucket", "k", new byte[1], null));
    }

    @Test
    void overwriteReplacesWholeObject() {
        FileSystemObjectStore store = new FileSystemObjectStore(dir);
        store.ensureBucket("soss");
        store.put("soss", "k.json", "first-longer-content".getBytes(), null);
        store.put("soss", "k.json", "second".getBytes(), null);
        assertEquals("second", new String(store.get("soss", "k.json").orElseThrow()));
        assertEquals(1, store.list("soss", "").size());
    }

    /**
     * A listing while another thread stores objects (their temporary files appear and vanish under the walked tree)
     * and deletes others: never fails, and lists complete objects only.
     */
    @Test
    void listingWhileObjectsAreWrittenAndDeleted() throws Exception {
        FileSystemObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
        store.ensureBucket("soss");
        byte[] body = new byte[20_000];
        store.put("soss", "observations/o/segments/seg001.json", "{}".getBytes(), "application/json");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 400; i++) {
                store.put("soss", "observations/o/products/plots/p" + (i % 7) + ".png", body, "image/png");
                if (i % 5 == 0) {
                    store.delete("soss", "observations/o/products/plots/p" + ((i + 3) % 7) + ".png");
                }
            }
            done.set(true);
        });
        writer.start();
        int listings = 0;
        try {
            while (!done.get() || listings < 10) {
                for (ObjectInfo o : store.list("soss", "observations/o/")) {
                    assertFalse(o.key().contains(".soss-tmp-"), o.key());
                    assertTrue(o.key().endsWith(".json") || o.size() == body.length, o.key() + " " + o.size());
                }
                assertEquals(1, store.list("soss", "observations/o/segments/").size());
                listings++;
            }
        } finally {
            writer.join();
        }
        assertTrue(listings >= 10);
    }
}
