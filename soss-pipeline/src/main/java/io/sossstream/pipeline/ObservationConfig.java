package io.sossstream.pipeline;

import io.sossstream.stage3.Parameter;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.util.Optional;

/**
 * The Stage 3 options of one observation: the service-wide defaults overridden by the observation's config,
 * {@code observations/<obs>/config.json} in the work bucket if present, else the {@code soss-config.json} that
 * ingest uploaded next to the raw segments ({@code <raw folder>/soss-config.json}). Both are {@link Stage3Options}
 * JSON ({@link PipelineJson}); only the fields they set replace the defaults.
 */
final class ObservationConfig {
    private final ObjectStore store;
    private final ObjectLayout layout;
    private final Stage3Options defaults;

    ObservationConfig(ObjectStore store, ObjectLayout layout, Stage3Options defaults) {
        this.store = store;
        this.layout = layout;
        this.defaults = defaults;
    }

    /**
     * @param rawKey key of one of the observation's raw segments (its folder holds the ingest config)
     * @throws io.sossstream.error.BadInputException naming the config object when it is malformed
     */
    Stage3Options resolve(String obs, String rawKey) {
        return defaults.overriddenBy(observationConfig(obs, rawKey).orElse(null));
    }

    private Optional<Stage3Options> observationConfig(String obs, String rawKey) {
        Optional<Stage3Options> own = read(layout.workBucket(), layout.config(obs));
        if (own.isPresent()) {
            return own;
        }
        int slash = rawKey.lastIndexOf('/');
        String ingestKey = slash < 0 ? ObjectLayout.INGEST_CONFIG_NAME
                : layout.ingestConfig(rawKey.substring(0, slash));
        return read(layout.rawBucket(), ingestKey);
    }

    private Optional<Stage3Options> read(String bucket, String key) {
        return store.get(bucket, key).map(b -> PipelineJson.readOptions(b, bucket + "/" + key)
                .checkConsistent(Parameter.Place.CONFIG, bucket + "/" + key));
    }
}
