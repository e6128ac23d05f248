package io.sossstream.pipeline;

import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectStore;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An {@link ObjectStore} that counts the writes per {@code bucket/key}, to prove that a step did not write again. */
final class CountingStore extends ForwardingStore {
    final Map<String, Integer> puts = new TreeMap<>();

    CountingStore(ObjectStore delegate) {
        super(delegate);
    }

    int totalPuts() {
        return puts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void count(String bucket, String key) {
        puts.merge(bucket + "/" + key, 1, Integer::sum);
    }

    /** Like S3: no local files, the steps download what they read. */
    @Override
    public Optional<Path> localFile(String bucket, String key) {
        return Optional.empty();
    }

    @Override
    public ObjectInfo put(String bucket, String key, Path file, String contentType) {
        count(bucket, key);
        return super.put(bucket, key, file, contentType);
    }

    @Override
    public ObjectInfo put(String bucket, String key, byte[] data, String contentType) {
        count(bucket, key);
        return super.put(bucket, key, data, contentType);
    }
}
