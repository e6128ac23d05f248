package io.sossstream.pipeline;

import io.sossstream.calibrate.ModelFileSource;
import io.sossstream.storage.ObjectStore;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Optional;

/**
 * Stellar model files in the models bucket, under an optional prefix (the {@code stellarModels} option of the
 * services: a key prefix where the batch CLI has a folder). PHOENIX HiRes files are a few MB: read whole.
 */
public final class ObjectStoreModelSource implements ModelFileSource {
    private final ObjectStore store;
    private final String bucket;
    private final String prefix;

    /** @param prefix key prefix ({@code "phoenix"} or {@code "phoenix/"}), null or blank for the bucket root */
    public ObjectStoreModelSource(ObjectStore store, String bucket, String prefix) {
        this.store = store;
        this.bucket = bucket;
        String p = prefix == null ? "" : prefix.trim();
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    @Override
    public Optional<InputStream> open(String name) {
        return store.get(bucket, prefix + name).map(ByteArrayInputStream::new);
    }

    @Override
    public String describe(String name) {
        return "s3://" + bucket + "/" + prefix + name;
    }
}
