package io.sossstream.pipeline;

import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** An {@link ObjectStore} that hands every call to another; tests override the calls they watch or disturb. */
class ForwardingStore implements ObjectStore {
    private final ObjectStore delegate;

    ForwardingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void ensureBucket(String bucket) {
        delegate.ensureBucket(bucket);
    }

    @Override
    public ObjectInfo put(String bucket, String key, Path file, String contentType) {
        return delegate.put(bucket, key, file, contentType);
    }

    @Override
    public ObjectInfo put(String bucket, String key, byte[] data, String contentType) {
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
    public Optional<Path> localFile(String bucket, String key) {
        return delegate.localFile(bucket, key);
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
