package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.SossStream;
import io.sossstream.atoca.SossEstimate;
import io.sossstream.atoca.SossEstimateFits;
import io.sossstream.error.RetriableException;
import io.sossstream.specprofile.EmpiricalProfile;
import io.sossstream.specprofile.Provenance;
import io.sossstream.specprofile.SpecProfile;
import io.sossstream.specprofile.SpecProfileFits;
import io.sossstream.stage3.AtocaExtraction;
import io.sossstream.stage3.AtocaSummary;
import io.sossstream.stage3.Decontamination;
import io.sossstream.stage3.Profile;
import io.sossstream.stage3.ProfileBuilder;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An observation's ATOCA objects (extractMethod atoca) in the work bucket, under its profile keys: the profile
 * step stores them once ({@link #prepare}), extract replicas load the model ({@link #extraction}, kept for the
 * latest observation), the format step reads what the product records ({@link #summary}).
 *
 * <p>The spatial profile is, first, the {@code specProfile} of the observation's config (a models-bucket key;
 * {@code run --specprofile FILE}), else a {@code specprofile.fits} uploaded next to the raw segment, else the
 * empirical profile (APPLESOSS) of the deep stack with the observation's centroids, as exoTEDRF's specprofilestep.
 */
final class AtocaObjects {
    /** The SPECPROF card of a profile built from the data. */
    static final String BUILT_PROFILE = "empirical profile of the deep stack";

    private final ObjectStore store;
    private final ObjectLayout layout;
    private final ObservationStore observations;
    /** The latest observation's loaded model: one model is ~100 MB of heap, a replica keeps one. */
    private final Map<String, AtocaExtraction> loaded = new LinkedHashMap<>();

    AtocaObjects(StepContext context) {
        this.store = context.store();
        this.layout = context.layout();
        this.observations = new ObservationStore(store, layout);
    }

    /**
     * Resolves or builds the spatial profile, computes the ATOCA model on the reference segments and stores the
     * specprofile, the model, its summary and its soss_estimate (all before profile.json, which marks the profile
     * complete).
     *
     * @param referenceFiles local files of the profile's segments
     * @param rawKey         raw key of a segment of the observation (its folder may hold the uploaded specprofile)
     * @param date           creation date of a built specprofile
     */
    void prepare(Profile profile, ProfileBuilder.Result built, List<Path> referenceFiles, Stage3Options options,
                 String rawKey, Instant date, Scratch scratch, ProgressListener progress) {
        String obs = profile.observationId();
        String configured = options.get(Stage3Parameters.SPEC_PROFILE);
        String uploaded = uploadedKey(rawKey);
        SpecProfile spec;
        String source;
        byte[] specBytes;
        if (configured != null) {
            Path file = observations.modelFile(configured, scratch, "specProfile of the observation's config");
            spec = SpecProfileFits.read(file, profile.subarray());
            source = file.getFileName().toString();
            specBytes = ObservationStore.readFile(file);
        } else if (store.exists(layout.rawBucket(), uploaded)) {
            specBytes = store.get(layout.rawBucket(), uploaded).orElseThrow(() -> new RetriableException(
                    layout.rawBucket() + "/" + uploaded + ": listed but not found"));
            spec = SpecProfileFits.fromBytes(specBytes, layout.rawBucket() + "/" + uploaded, profile.subarray());
            source = "uploaded " + ObjectLayout.SPEC_PROFILE_NAME;
        } else {
            List<String> names = referenceFiles.stream().map(p -> p.getFileName().toString()).toList();
            Provenance provenance = new Provenance(SossStream.NAME, SossStream.pipeline(), profile.centroids().source(),
                    names, date.truncatedTo(ChronoUnit.SECONDS).toString());
            spec = EmpiricalProfile.build(built.deepStack().toDoubleArray(), profile.subarray(), profile.centroids(),
                    provenance, obs);
            source = BUILT_PROFILE;
            specBytes = SpecProfileFits.toBytes(spec, SpecProfileFits.fileName(spec));
        }
        String estimateKey = options.get(Stage3Parameters.SOSS_ESTIMATE);
        SossEstimate estimate = estimateKey == null ? null : SossEstimateFits.read(
                observations.modelFile(estimateKey, scratch, "sossEstimate of the observation's config"));
        AtocaExtraction atoca = AtocaExtraction.prepare(referenceFiles, spec, source,
                AtocaExtraction.settings(options, profile.widthOrder1(), estimate), progress);
        observations.put(layout.specProfile(obs), specBytes, "application/fits");
        // through a scratch file: the model (~50 MB) is never one array on the heap beside itself
        Path model = scratch.folder("atoca").resolve("atoca-model.bin");
        atoca.write(model);
        store.put(layout.workBucket(), layout.atocaModel(obs), model, "application/octet-stream");
        observations.put(layout.sossEstimate(obs), atoca.estimateBytes(), "application/fits");
        observations.put(layout.atocaSummary(obs), PipelineJson.write(atoca.summary(source)), "application/json");
    }

    /** Raw key of the specprofile uploaded next to {@code rawKey}. */
    private String uploadedKey(String rawKey) {
        int slash = rawKey.lastIndexOf('/');
        return slash < 0 ? ObjectLayout.SPEC_PROFILE_NAME : layout.uploadedSpecProfile(rawKey.substring(0, slash));
    }

    /**
     * The observation's stored model, loaded once per replica (the latest observation's is kept).
     *
     * @param workDir where the object is downloaded to be read (then deleted)
     */
    synchronized AtocaExtraction extraction(String obs, Path workDir) {
        AtocaExtraction atoca = loaded.get(obs);
        if (atoca == null) {
            String key = layout.atocaModel(obs);
            loaded.clear();  // before loading: never two models on the heap
            try (Scratch scratch = Scratch.in(workDir)) {
                Path file = scratch.folder("atoca").resolve("atoca-model.bin");
                if (!store.download(layout.workBucket(), key, file)) {
                    throw new RetriableException(layout.workBucket() + "/" + key + ": announced but not found");
                }
                atoca = AtocaExtraction.read(file, layout.workBucket() + "/" + key);
            }
            loaded.put(obs, atoca);
        }
        return atoca;
    }

    /** Stores one segment's decontamination record (before its spectra, whose presence means extracted). */
    void putDecontamination(String obs, int segment, Decontamination d) {
        observations.put(layout.decontamination(obs, segment), PipelineJson.write(d), "application/json");
    }

    Decontamination decontamination(String obs, int segment) {
        String key = layout.decontamination(obs, segment);
        byte[] json = store.get(layout.workBucket(), key).orElseThrow(() -> new RetriableException(
                layout.workBucket() + "/" + key + ": segment extracted but not found"));
        return PipelineJson.read(json, Decontamination.class, layout.workBucket() + "/" + key);
    }

    AtocaSummary summary(String obs) {
        String key = layout.atocaSummary(obs);
        byte[] json = store.get(layout.workBucket(), key).orElseThrow(() -> new RetriableException(
                layout.workBucket() + "/" + key + ": profile stored but not found"));
        return PipelineJson.read(json, AtocaSummary.class, layout.workBucket() + "/" + key);
    }

    Optional<byte[]> sossEstimate(String obs) {
        return store.get(layout.workBucket(), layout.sossEstimate(obs));
    }
}
