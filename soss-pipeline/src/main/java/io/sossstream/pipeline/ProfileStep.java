package io.sossstream.pipeline;

import io.sossstream.events.ProfileReady;
import io.sossstream.events.S3EventNotification;
import io.sossstream.stack.DeepStackFits;
import io.sossstream.stage3.DiagnosticPlots;
import io.sossstream.stage3.ExtractMethod;
import io.sossstream.stage3.Profile;
import io.sossstream.stage3.ProfileBuilder;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * profile-service's step (topic {@code soss.segments}): registers every landed segment, freezes the observation's
 * parameters on its first segment ({@link ObservationConfig}) and, when the profile's segments are in
 * ({@link Stage3Rules#profileSegments}), builds the profile with {@link ProfileBuilder} and stores centroids, deep
 * stack, plots and last {@code profile.json}, whose presence means the profile is complete. With extractMethod
 * atoca it first computes the observation's ATOCA model once and stores it with its spatial profile
 * ({@link AtocaObjects}), named in the {@link ProfileReady} it announces. It owns the refusal of a bad segment (the
 * first step to read one): {@link ExtractStep} skips what this step refuses.
 */
public final class ProfileStep extends Step {
    public ProfileStep(StepContext context) {
        super(context);
    }

    /** A raw object landed (topic {@code soss.segments}). */
    public Outcome onSegmentLanded(S3EventNotification event) {
        return registry.onLanded(event, context.workDir(), null, (landed, scratch) -> {
            SegmentRecord rec = landed.record();
            String obs = rec.observationId();
            Stage3Options options = config.resolveOnce(obs, rec.rawKey());
            List<SegmentRecord> reference = context.rules().profileSegments(options, rec, registry.records(obs));
            if (reference.isEmpty()) {
                return Outcome.none(obs + " segment " + rec.segmentNumber() + " registered; not a profile trigger ("
                        + options.get(Stage3Parameters.PROFILE_FROM) + ")");
            }
            Optional<ProfileFiles.Document> stored = observations.profileDocument(obs);
            if (stored.isPresent()) {
                return Outcome.of(ready(stored.get(), rec.segmentTotal(), options), obs + " profile already stored; re-announced");
            }
            List<Path> files = new ArrayList<>();
            for (SegmentRecord r : reference) {
                files.add(r.segmentNumber() == rec.segmentNumber() ? landed.file() : registry.fetch(r, scratch));
            }
            ProfileBuilder.Result built = ProfileBuilder.build(files, withLocalCentroids(options, scratch), context.progress());
            Profile profile = built.profile();
            if (usesAtoca(options)) {
                atoca.prepare(profile, built, files, options, rec.rawKey(), context.clock().instant(), scratch,
                        context.progress());
            }
            store(profile, built, scratch);
            ProfileFiles.Document doc = observations.profileDocument(obs).orElseThrow();
            return Outcome.of(ready(doc, rec.segmentTotal(), options), obs + " profile built from segments "
                    + profile.referenceSegments() + ", widths " + profile.widthOrder1() + "/" + profile.widthOrder2());
        });
    }

    /**
     * Centroids, deep stack and plots first, profile.json last (the plots {@link Deferred}: in the batch run they are
     * drawn while the segments are extracted, and the formatting step waits for them).
     */
    private void store(Profile profile, ProfileBuilder.Result built, Scratch scratch) {
        String obs = profile.observationId();
        Path out = scratch.folder("profile-out");
        Path json = out.resolve(ProfileFiles.PROFILE_JSON);
        Path csv = out.resolve("centroids.csv");
        context.deferred().run(() -> {
            try (Scratch plots = Scratch.in(context.workDir())) {
                observations.putPlots(obs, DiagnosticPlots.profile(profile, built.picture(), built.prior(),
                        plots.folder("plots")));
            }
        });
        ProfileFiles.write(profile, json, csv);
        context.store().put(context.layout().workBucket(), context.layout().centroids(obs), csv, "text/csv");
        observations.put(context.layout().deepStack(obs), DeepStackFits.toBytes(built.deepStack(), obs), "application/fits");
        observations.put(context.layout().profile(obs), ObservationStore.readFile(json), "application/json");
    }

    private ProfileReady ready(ProfileFiles.Document d, int segmentTotal, Stage3Options options) {
        String obs = d.observationId();
        return new ProfileReady(obs, context.layout().workBucket(), context.layout().profilePrefix(obs),
                d.referenceSegments(), d.widthOrder1(), d.widthOrder2(), d.centroidSource(), segmentTotal,
                usesAtoca(options) ? context.layout().specProfile(obs) : null);
    }

    private static boolean usesAtoca(Stage3Options options) {
        return options.get(Stage3Parameters.EXTRACT_METHOD) == ExtractMethod.ATOCA;
    }

    /** A user centroids CSV ({@code centroidsFile}) is a key of the models bucket; the builder reads a local file. */
    private Stage3Options withLocalCentroids(Stage3Options o, Scratch scratch) {
        String key = o.get(Stage3Parameters.CENTROIDS_FILE);
        return key == null ? o : o.with(Stage3Parameters.CENTROIDS_FILE,
                observations.modelFile(key, scratch, "centroidsFile of the observation's config").toString());
    }
}
