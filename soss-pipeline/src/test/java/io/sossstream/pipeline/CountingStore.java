package io.sossstream.pipeline;

import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An {@link ObjectStore} that counts the writes per {@code bucket/key}, to prove that a step did not write again. */
final class CountingStore implements ObjectStore {
    private final ObjectStore delegate;
    final Map<String, Integer> puts = new TreeMap<>();

    CountingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    int totalPuts() {
        return puts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void count(String bucket, String key) {
        puts.merge(bucket + "/" + key, 1, Integer::sum);
    }

    @Override
    public void ensureBucket(String bucket) {
        delegate.ensureBucket(bucket);
    }

    @Override
    public ObjectInfo put(String bucket, String key, Path file, String contentType) {
        count(bucket, key);
        return delegate.put(bucket, key, file, contentType);
    }

    @Override
    public ObjectInfo put(String bucket, String key, byte[] data, String contentType) {
        count(bucket, key);
        return delegate.put(bucket, key, data, contentType);
    }

    @Override
    public Optional<ObjectInfo> stat(String bucket, String key) {
        return delegate.stat(bucket, key);
    }

    @Override
    public Optional<byte[]> get(String bucket, String key) {
        return delegate.get(bucket, key);
    }

    @Override
    public boolean download(String bucket, String key, Path target) {
        return delegate.download(bucket, key, target);
    }

    @Override
    public List<ObjectInfo> list(String bucket, String prefix) {
        return delegate.list(bucket, prefix);
    }

    @Override
    public void delete(String bucket, String key) {
        delegate.delete(bucket, key);
    }
}
