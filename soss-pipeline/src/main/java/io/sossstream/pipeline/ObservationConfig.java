package io.sossstream.pipeline;

import io.sossstream.error.RetriableException;
import io.sossstream.stage3.Parameter;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.util.Optional;

/**
 * The Stage 3 parameters of one observation, resolved once and frozen. The profile step resolves them when the
 * observation's first segment lands ({@link Stage3Rules#observationOptions}: the {@code soss-config.json} that
 * ingest uploaded next to the raw segments over the defaults) and stores every value in
 * {@code observations/<obs>/config.json}; from then on every step reads that frozen copy ({@link #frozen}), so a
 * service default changed meanwhile cannot split an observation.
 */
final class ObservationConfig {
    private final ObjectStore store;
    private final ObjectLayout layout;
    private final Stage3Options defaults;
    private final Stage3Rules rules;

    ObservationConfig(StepContext context) {
        this.store = context.store();
        this.layout = context.layout();
        this.defaults = context.defaults();
        this.rules = context.rules();
    }

    /**
     * The observation's frozen parameters, resolving and storing them first if no step has yet.
     *
     * @param rawKey key of one of the observation's raw segments (its folder holds the ingest config)
     * @throws io.sossstream.error.BadInputException naming the ingest config when it is malformed or inconsistent
     */
    Stage3Options resolveOnce(String obs, String rawKey) {
        Optional<Stage3Options> stored = read(obs);
        if (stored.isPresent()) {
            return stored.get();
        }
        Stage3Options resolved = rules.observationOptions(defaults, ingestConfig(rawKey).orElse(null)).resolved();
        store.put(layout.workBucket(), layout.config(obs), PipelineJson.writeOptions(resolved), "application/json");
        return resolved;
    }

    /** The frozen parameters, for the steps after the profile (which resolved them). */
    Stage3Options frozen(String obs) {
        return read(obs).orElseThrow(() -> new RetriableException(layout.workBucket() + "/" + layout.config(obs)
                + ": the observation's config is not stored yet"));
    }

    private Optional<Stage3Options> read(String obs) {
        String key = layout.config(obs);
        return store.get(layout.workBucket(), key)
                .map(b -> PipelineJson.readOptions(b, layout.workBucket() + "/" + key));
    }

    private Optional<Stage3Options> ingestConfig(String rawKey) {
        int slash = rawKey.lastIndexOf('/');
        String key = slash < 0 ? ObjectLayout.INGEST_CONFIG_NAME : layout.ingestConfig(rawKey.substring(0, slash));
        String source = layout.rawBucket() + "/" + key;
        return store.get(layout.rawBucket(), key).map(b -> PipelineJson.readOptions(b, source)
                .checkConsistent(Parameter.Place.CONFIG, source));
    }
}
