package io.sossstream.storage;

import io.sossstream.Workers;
import io.sossstream.error.RetriableException;
import io.sossstream.stage3.InputFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The batch run's object store, so that {@code run} drives the same steps as the services without copying its
 * inputs: the raw bucket holds the input files where they are (read-only, keys {@code <folder>/<file name>}), the
 * models bucket is this machine's file system (read-only, key = absolute path without its leading {@code /}), and
 * every other bucket is a folder under a work directory ({@link FileSystemObjectStore}). Readers get the inputs in
 * place through {@link #localFile}.
 */
public final class LocalObjectStore implements ObjectStore {
    private final ObjectLayout layout;
    private final FileSystemObjectStore work;
    private final Map<String, Path> raw;
    /** Checksums of raw-bucket files, computed in the background by {@link #digestInputs}. */
    private final Map<String, CompletableFuture<String>> digests = new ConcurrentHashMap<>();

    /**
     * @param raw raw-bucket key → local file
     */
    public LocalObjectStore(ObjectLayout layout, Map<String, Path> raw, Path workDir) {
        this.layout = layout;
        this.work = new FileSystemObjectStore(workDir);
        this.raw = new TreeMap<>(raw);
    }

    /** The models-bucket key of a local file or folder (made absolute). */
    public static String modelsKey(Path local) {
        return local.toAbsolutePath().normalize().toString().substring(1);
    }

    /** The local file or folder a models-bucket key names. */
    private static Path modelsPath(String key) {
        return Path.of("/" + key);
    }

    /**
     * Starts digesting every raw-bucket file whose key {@code which} accepts ({@link InputFile#checksum}, on {@link Workers#count()}
     * background threads, in key order), so that the steps find each input's digest ready ({@link #checksum}) instead
     * of reading the file once more for it, and the digests use the cores the steps leave idle.
     */
    public void digestInputs(Predicate<String> which) {
        ExecutorService pool = Executors.newFixedThreadPool(Workers.count(), r -> {
            Thread t = new Thread(r, "soss-digest");
            t.setDaemon(true);
            return t;
        });
        raw.forEach((key, file) -> {
            if (which.test(key)) {
                digests.put(key, CompletableFuture.supplyAsync(() -> InputFile.checksum(file), pool));
            }
        });
        pool.shutdown(); // the queued digests still run; the threads end with them
    }

    /** The digest {@link #digestInputs} computed for a raw-bucket key (waiting for it if still running). */
    @Override
    public Optional<String> checksum(String bucket, String key) {
        CompletableFuture<String> d = isRaw(bucket) ? digests.get(key) : null;
        if (d == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(d.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private boolean isRaw(String bucket) {
        return bucket.equals(layout.rawBucket());
    }

    private boolean isModels(String bucket) {
        return bucket.equals(layout.modelsBucket());
    }

    @Override
    public Optional<Path> localFile(String bucket, String key) {
        Path p = isRaw(bucket) ? raw.get(key) : isModels(bucket) ? modelsPath(key) : null;
        if (p == null && !isRaw(bucket) && !isModels(bucket)) {
            return work.localFile(bucket, key);
        }
        return p != null && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public void ensureBucket(String bucket) {
        if (!isRaw(bucket) && !isModels(bucket)) {
            work.ensureBucket(bucket);
        }
    }

    @Override
    public ObjectInfo put(String bucket, String key, Path file, String contentType) {
        return work.put(writable(bucket), key, file, contentType);
    }

    @Override
    public ObjectInfo put(String bucket, String key, byte[] data, String contentType) {
        return work.put(writable(bucket), key, data, contentType);
    }

    private String writable(String bucket) {
        if (isRaw(bucket) || isModels(bucket)) {
            throw new StorageException("the batch run's " + bucket + " bucket is its inputs: read-only", null);
        }
        return bucket;
    }

    @Override
    public Optional<ObjectInfo> stat(String bucket, String key) {
        if (!isRaw(bucket) && !isModels(bucket)) {
            return work.stat(bucket, key);
        }
        return localFile(bucket, key).map(p -> {
            try {
                // Size and modification time: enough to tell versions of a local file apart, without reading it.
                return new ObjectInfo(bucket, key, Files.size(p), Long.toHexString(Files.size(p)) + "-"
                        + Long.toHexString(Files.getLastModifiedTime(p).toMillis()));
            } catch (IOException e) {
                throw new RetriableException("cannot stat " + p + ": " + e, e);
            }
        });
    }

    @Override
    public Optional<byte[]> get(String bucket, String key) {
        if (!isRaw(bucket) && !isModels(bucket)) {
            return work.get(bucket, key);
        }
        Optional<Path> p = localFile(bucket, key);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(p.get()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RetriableException("cannot read " + p.get() + ": " + e, e);
        }
    }

    @Override
    public boolean download(String bucket, String key, Path target) {
        if (!isRaw(bucket) && !isModels(bucket)) {
            return work.download(bucket, key, target);
        }
        Optional<Path> p = localFile(bucket, key);
        if (p.isEmpty()) {
            return false;
        }
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(p.get(), target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            throw new RetriableException("cannot copy " + p.get() + " to " + target + ": " + e, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String bucket, String prefix) {
        if (isModels(bucket)) {
            throw new StorageException("the batch run does not list the file system (models bucket)", null);
        }
        if (!isRaw(bucket)) {
            return work.list(bucket, prefix);
        }
        List<ObjectInfo> out = new ArrayList<>();
        for (String key : raw.keySet()) {
            if (key.startsWith(prefix == null ? "" : prefix)) {
                stat(bucket, key).ifPresent(out::add);
            }
        }
        return out;
    }

    @Override
    public void delete(String bucket, String key) {
        work.delete(writable(bucket), key);
    }
}
