package io.sossstream.ingest;

import io.sossstream.events.S3EventNotification;
import io.sossstream.events.Topics;
import io.sossstream.storage.FileSystemObjectStore;
import io.sossstream.storage.ObjectLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class IngestWatchTest {
    @TempDir
    Path tmp;

    record Sent(String topic, String key, byte[] value) {
    }

    static final class ListPublisher implements EventPublisher {
        final List<Sent> sent = new ArrayList<>();

        @Override
        public void publish(String topic, String key, byte[] value) {
            sent.add(new Sent(topic, key, value));
        }
    }

    @Test
    void detectorReportsOnlyStableWholeFitsFiles() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("dl"));
        CompleteFileDetector d = new CompleteFileDetector();
        Path a = dir.resolve("a.fits");
        Files.write(a, new byte[2880]);
        Files.write(dir.resolve("b.fits.part"), new byte[2880]);
        Path c = dir.resolve("c.fits");
        Files.write(c, new byte[1000]);             // partial: not a whole FITS block
        assertEquals(List.of(), d.poll(dir), "first sight: not yet known to be stable");
        assertEquals(List.of(a), d.poll(dir));
        assertEquals(List.of(), d.poll(dir), "reported once");
        Files.write(c, new byte[1880], StandardOpenOption.APPEND); // now 2880 bytes, but just grew
        assertEquals(List.of(), d.poll(dir));
        assertEquals(List.of(c), d.poll(dir));
    }

    @Test
    void ingestUploadsConfigThenSegmentsAndPublishesMinioEvents() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("obs1"));
        Files.write(dir.resolve("seg002.fits"), new byte[2 * 2880]);
        Files.write(dir.resolve("seg001.fits"), new byte[2880]);
        Files.writeString(dir.resolve("soss-config.json"), "{\"widthOrder1\":30}");
        FileSystemObjectStore store = new FileSystemObjectStore(tmp.resolve("store"));
        ObjectLayout layout = ObjectLayout.defaults();
        layout.buckets().forEach(store::ensureBucket);
        ListPublisher pub = new ListPublisher();
        List<Ingest.Uploaded> up = new Ingest(store, layout, pub, 2880).ingest(List.of(dir), null, null);

        assertEquals(List.of("obs1/seg001.fits", "obs1/seg002.fits"), up.stream().map(u -> u.object().key()).toList());
        assertEquals("{\"widthOrder1\":30}", new String(store.get("raw", "obs1/soss-config.json").orElseThrow()));
        assertEquals(2, pub.sent.size(), "one event per segment, none for the config");
        Sent second = pub.sent.get(1);
        assertEquals(Topics.SEGMENTS, second.topic());
        assertEquals("raw/obs1/seg002.fits", second.key());
        S3EventNotification e = S3EventNotification.parse(second.value(), "test");
        assertEquals("raw/obs1/seg002.fits", e.messageKey());
        assertEquals(S3EventNotification.COMPLETE_MULTIPART_UPLOAD, e.eventName(), "larger than the threshold");
        assertEquals(S3EventNotification.PUT, S3EventNotification.parse(pub.sent.get(0).value(), "t").eventName());
        assertEquals(store.stat("raw", "obs1/seg002.fits").orElseThrow().etag(), e.eTag());
    }

    @Test
    void watchPicksUpFilesAsTheyComplete() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("obs2"));
        FileSystemObjectStore store = new FileSystemObjectStore(tmp.resolve("store"));
        ObjectLayout.defaults().buckets().forEach(store::ensureBucket);
        ListPublisher pub = new ListPublisher();
        Ingest ingest = new Ingest(store, ObjectLayout.defaults(), pub, Long.MAX_VALUE);
        Path seg = dir.resolve("seg001.fits");
        AtomicInteger polls = new AtomicInteger();
        // Drive the "download" from keepGoing, which runs once per poll: half a file, then the rest, then stop.
        int n = ingest.watch(dir, "obsX", null, Duration.ofMillis(1), () -> {
            try {
                switch (polls.getAndIncrement()) {
                    case 0 -> Files.write(seg, new byte[2880]);
                    case 1 -> Files.write(seg, new byte[2880], StandardOpenOption.APPEND);
                    default -> { }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return polls.get() < 6;
        }, u -> { });
        assertEquals(1, n, "the file is uploaded once, complete");
        assertEquals(2 * 2880, store.stat("raw", "obsX/seg001.fits").orElseThrow().size());
        assertEquals(List.of("raw/obsX/seg001.fits"), pub.sent.stream().map(Sent::key).toList());
    }
}
