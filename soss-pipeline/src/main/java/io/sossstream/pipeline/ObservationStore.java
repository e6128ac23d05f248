package io.sossstream.pipeline;

import io.sossstream.error.BadInputException;
import io.sossstream.error.RetriableException;
import io.sossstream.spectra.SegmentSpectra;
import io.sossstream.stack.DeepStack;
import io.sossstream.stack.DeepStackFits;
import io.sossstream.stage3.Calibration;
import io.sossstream.stage3.Profile;
import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the work bucket holds for observations, read and written through {@link ObjectLayout}'s keys: the profile,
 * per-segment spectra, the calibration, products and plots. The steps read their inputs through it so that they
 * all parse the stored documents the same way.
 */
final class ObservationStore {
    private final ObjectStore store;
    private final ObjectLayout layout;

    ObservationStore(ObjectStore store, ObjectLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    ObjectLayout layout() {
        return layout;
    }

    String bucket() {
        return layout.workBucket();
    }

    boolean exists(String key) {
        return store.exists(layout.workBucket(), key);
    }

    /** profile.json (its presence means the whole profile is stored), if written. */
    Optional<ProfileFiles.Document> profileDocument(String obs) {
        String key = layout.profile(obs);
        return store.get(bucket(), key).map(b -> PipelineJson.read(b, ProfileFiles.Document.class, bucket() + "/" + key));
    }

    /** The stored profile, centroids included (the CSV is read back exactly: shortest round-trip decimals). */
    Profile profile(String obs, Scratch scratch) {
        String key = layout.profile(obs);
        byte[] json = store.get(bucket(), key).orElseThrow(() -> missing(key));
        Path csv = scratch.folder("profile").resolve("centroids.csv");
        if (!store.download(bucket(), layout.centroids(obs), csv)) {
            throw missing(layout.centroids(obs));
        }
        return ProfileFiles.read(json, csv, bucket() + "/" + key);
    }

    /** The stored deep stack: the model that repairs missing pixels during extraction (as in the batch run). */
    DeepStack deepStack(String obs) {
        String key = layout.deepStack(obs);
        byte[] fits = store.get(bucket(), key).orElseThrow(() -> missing(key));
        return DeepStackFits.fromBytes(fits, bucket() + "/" + key);
    }

    Optional<Calibration> calibration(String obs) {
        String key = layout.calibration(obs);
        return store.get(bucket(), key).map(b -> PipelineJson.read(b, Calibration.class, bucket() + "/" + key));
    }

    boolean hasSpectra(String obs, int segment) {
        return exists(layout.spectra(obs, segment));
    }

    SegmentSpectra spectra(String obs, int segment) {
        String key = layout.spectra(obs, segment);
        byte[] bytes = store.get(bucket(), key).orElseThrow(() -> missing(key));
        return SegmentSpectra.fromBytes(bytes, bucket() + "/" + key);
    }

    /** Stores an object of the work bucket. */
    void put(String key, byte[] data, String contentType) {
        store.put(bucket(), key, data, contentType);
    }

    /** Uploads local plot files as {@code products/plots/<name>}; returns their keys. */
    List<String> putPlots(String obs, List<Path> plots) {
        List<String> keys = new ArrayList<>();
        for (Path p : plots) {
            String key = layout.plot(obs, p.getFileName().toString());
            store.put(bucket(), key, p, "image/png");
            keys.add(key);
        }
        return keys;
    }

    /** Keys of every stored plot of the observation (profile, calibration and product plots), sorted. */
    List<String> plotKeys(String obs) {
        String prefix = layout.plotsPrefix(obs);
        return store.list(bucket(), prefix).stream().map(ObjectInfo::key).toList();
    }

    /** Every object key of the work bucket under {@code prefix}. */
    List<ObjectInfo> list(String prefix) {
        return store.list(bucket(), prefix);
    }

    /**
     * The local file of a models-bucket key (a user centroids CSV, a stellar template): the store's own file when it
     * keeps local files, else a download into {@code scratch} under the key's base name (readers name it).
     *
     * @param what what the key is, for the message when it is missing
     */
    Path modelFile(String key, Scratch scratch, String what) {
        String bucket = layout.modelsBucket();
        Optional<Path> local = store.localFile(bucket, key);
        if (local.isPresent()) {
            return local.get();
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        Path target = scratch.folder("models").resolve(name.isEmpty() ? "model" : name);
        if (!store.download(bucket, key, target)) {
            throw new BadInputException(bucket + "/" + key, what + " not found");
        }
        return target;
    }

    static byte[] readFile(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new RetriableException("cannot read " + p + ": " + e, e);
        }
    }

    /** An object an earlier step announced is not there (yet): eventual consistency or a lost write; retry. */
    private RetriableException missing(String key) {
        return new RetriableException(bucket() + "/" + key + ": announced but not found");
    }
}
