package io.sossstream.ingest;

import io.sossstream.events.S3EventNotification;
import io.sossstream.events.Topics;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Uploads segments to the raw bucket as {@code <folder>/<file name>} and, when the store emits no bucket
 * notifications (S3Proxy), publishes to {@link Topics#SEGMENTS} the same JSON MinIO would, keyed
 * {@code <bucket>/<key>}. The event is published only after the upload returned, so a consumer always finds the
 * object. Against MinIO with notifications configured, pass no publisher: MinIO publishes the event itself.
 * <p>
 * The optional per-observation config is uploaded, before the segments, next to them as
 * {@code <folder>/soss-config.json} ({@link ObjectLayout#ingestConfig(String)}); the services read it from there
 * (the observation id is only known once a segment's header has been read).
 */
public final class Ingest implements AutoCloseable {
    /** One uploaded object and the event that announced it (null when no publisher). */
    public record Uploaded(ObjectInfo object, S3EventNotification event) {
    }

    private final ObjectStore store;
    private final ObjectLayout layout;
    private final EventPublisher publisher;
    private final long multipartThreshold;

    /**
     * @param store              where to upload
     * @param layout             bucket names
     * @param publisher          where to publish the S3 events; null when the store publishes them itself
     * @param multipartThreshold files larger than this are uploaded in parts (the event then says
     *                           {@code CompleteMultipartUpload}, as MinIO's would)
     */
    public Ingest(ObjectStore store, ObjectLayout layout, EventPublisher publisher, long multipartThreshold) {
        this.store = store;
        this.layout = layout;
        this.publisher = publisher;
        this.multipartThreshold = multipartThreshold;
    }

    /** Ingest into a MinIO-client store, publishing the events itself (S3Proxy). */
    public Ingest(MinioObjectStore store, EventPublisher publisher) {
        this(store, ObjectLayout.defaults(), publisher, store.partSize());
    }

    /** The folder a file is uploaded to when none is given: the name of its directory. */
    public static String defaultFolder(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent == null || parent.getFileName() == null) {
            throw new IllegalArgumentException("cannot derive a folder for " + file + "; pass one");
        }
        return parent.getFileName().toString();
    }

    /** Uploads {@code configFile} as {@code <folder>/soss-config.json} in the raw bucket. */
    public ObjectInfo uploadConfig(Path configFile, String folder) {
        return store.put(layout.rawBucket(), layout.ingestConfig(folder), configFile, "application/json");
    }

    /** Uploads a SPECPROFILE for extractMethod atoca to {@code <folder>/specprofile.fits} (no event). */
    public ObjectInfo uploadSpecProfile(Path file, String folder) {
        return store.put(layout.rawBucket(), layout.uploadedSpecProfile(folder), file, "application/fits");
    }

    /** Uploads one segment to {@code <folder>/<file name>} and publishes its event. */
    public Uploaded upload(Path file, String folder) {
        String key = layout.rawKey(folder, file.getFileName().toString());
        ObjectInfo info = store.put(layout.rawBucket(), key, file, "application/fits");
        S3EventNotification event = null;
        if (publisher != null) {
            event = S3EventNotification.objectCreated(info.bucket(), info.key(), info.size(), info.etag(),
                    info.size() > multipartThreshold, Instant.now());
            publisher.publish(Topics.SEGMENTS, event.messageKey(), event.toJson());
        }
        return new Uploaded(info, event);
    }

    /**
     * Uploads files and the {@code *.fits} files of directories (not recursive, in name order); a directory's
     * {@code specprofile.fits} is uploaded as the observation's SPECPROFILE, before the segments.
     *
     * @param paths      files or directories
     * @param folder     raw-bucket folder; null = each file's directory name
     * @param configFile optional config (null); when null and a directory holds {@code soss-config.json}, that
     *                   one is uploaded
     */
    public List<Uploaded> ingest(List<Path> paths, String folder, Path configFile) {
        List<Path> files = new ArrayList<>();
        List<Path> configs = new ArrayList<>();
        List<Path> specProfiles = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                files.addAll(fitsFiles(p));
                Path s = p.resolve(ObjectLayout.SPEC_PROFILE_NAME);
                if (Files.isRegularFile(s)) {
                    specProfiles.add(s);
                }
                Path c = p.resolve(ObjectLayout.INGEST_CONFIG_NAME);
                if (configFile == null && Files.isRegularFile(c)) {
                    configs.add(c);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + p);
            }
        }
        List<String> folders = files.stream().map(f -> folder != null ? folder : defaultFolder(f)).distinct()
                .toList();
        for (String f : folders) {
            if (configFile != null) {
                uploadConfig(configFile, f);
            }
        }
        for (Path c : configs) {
            uploadConfig(c, folder != null ? folder : defaultFolder(c));
        }
        for (Path s : specProfiles) {
            uploadSpecProfile(s, folder != null ? folder : defaultFolder(s));
        }
        List<Uploaded> out = new ArrayList<>();
        for (Path f : files) {
            out.add(upload(f, folder != null ? folder : defaultFolder(f)));
        }
        return out;
    }

    private static List<Path> fitsFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> ObjectLayout.isSegmentKey(f.getFileName().toString()) && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * Watches {@code dir} and uploads each FITS file once it is complete ({@link CompleteFileDetector}), including
     * those already there. Runs until {@code keepGoing} returns false (checked every poll).
     *
     * @param folder     raw-bucket folder; null = the directory's name
     * @param configFile optional config, uploaded once before the first segment (null = none, or the directory's
     *                   own {@code soss-config.json} when present)
     * @param poll       time between polls (a file must be unchanged across two polls)
     * @param onUpload   told of each upload (e.g. to print it)
     * @return how many segments were uploaded
     */
    public int watch(Path dir, String folder, Path configFile, Duration poll, BooleanSupplier keepGoing,
            Consumer<Uploaded> onUpload) {
        String target = folder != null ? folder : dir.toAbsolutePath().normalize().getFileName().toString();
        CompleteFileDetector detector = new CompleteFileDetector();
        boolean configDone = false;
        int count = 0;
        while (keepGoing.getAsBoolean()) {
            List<Path> complete = detector.poll(dir);
            if (!complete.isEmpty() && !configDone) {
                Path c = configFile != null ? configFile : dir.resolve(ObjectLayout.INGEST_CONFIG_NAME);
                if (Files.isRegularFile(c)) {
                    uploadConfig(c, target);
                }
                Path s = dir.resolve(ObjectLayout.SPEC_PROFILE_NAME);
                if (Files.isRegularFile(s)) {
                    uploadSpecProfile(s, target);
                }
                configDone = true;
            }
            for (Path f : complete) {
                if (!ObjectLayout.isSegmentKey(f.getFileName().toString())) {
                    continue;
                }
                onUpload.accept(upload(f, target));
                count++;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return count;
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
    }
}
