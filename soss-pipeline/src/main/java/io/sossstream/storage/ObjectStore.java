package io.sossstream.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Minimal object storage used by the pipeline (S3 semantics). Every write is atomic from a reader's view: a reader
 * sees either no object or the whole object, never a partial one. A missing object or bucket is an empty result,
 * never an exception. Store outages throw {@link io.sossstream.error.RetriableException}; refusals that a retry will
 * not cure throw {@link StorageException}.
 */
public interface ObjectStore extends AutoCloseable {

    /** Creates the bucket if it does not exist (idempotent). */
    void ensureBucket(String bucket);

    /** Stores the file's content under {@code key} (large files in several parts where the store supports it). */
    ObjectInfo put(String bucket, String key, Path file, String contentType);

    /** Stores {@code data} under {@code key}. */
    ObjectInfo put(String bucket, String key, byte[] data, String contentType);

    /** Whether the object exists. */
    default boolean exists(String bucket, String key) {
        return stat(bucket, key).isPresent();
    }

    /** Size and ETag of the object, empty when the object (or bucket) does not exist. */
    Optional<ObjectInfo> stat(String bucket, String key);

    /** The object's content, empty when it does not exist. Meant for small objects (JSON, CSV). */
    Optional<byte[]> get(String bucket, String key);

    /**
     * Downloads the object to {@code target} (to a temporary file next to it, then renamed, so {@code target} is
     * never partial), replacing any existing file.
     *
     * @return false when the object does not exist ({@code target} untouched)
     */
    boolean download(String bucket, String key, Path target);

    /**
     * Objects whose key starts with {@code prefix} (recursive), sorted by key. Directory markers (keys ending in
     * {@code /}, which S3Proxy's filesystem backend lists) are left out. Empty when the bucket does not exist.
     */
    List<ObjectInfo> list(String bucket, String prefix);

    /**
     * The object as a local file, when the store keeps it as one (a folder on this machine): readers then use the
     * file where it is instead of downloading a copy. Empty for remote stores and missing objects.
     */
    default Optional<Path> localFile(String bucket, String key) {
        return Optional.empty();
    }

    /**
     * The {@link io.sossstream.stage3.InputFile#checksum} of the object's current content when the store has it without another read of
     * the object (the batch run's store digests its input files in the background as the run starts); empty
     * otherwise, and the caller digests the bytes itself.
     */
    default Optional<String> checksum(String bucket, String key) {
        return Optional.empty();
    }

    /** Removes the object; no-op when it does not exist. */
    void delete(String bucket, String key);

    @Override
    default void close() {
    }
}
