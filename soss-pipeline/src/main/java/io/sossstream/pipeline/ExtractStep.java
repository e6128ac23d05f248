package io.sossstream.pipeline;

import io.sossstream.error.RetriableException;
import io.sossstream.events.PipelineEvent;
import io.sossstream.events.ProfileReady;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.spectra.SegmentSpectra;
import io.sossstream.stack.DeepStack;
import io.sossstream.stage3.AtocaExtraction;
import io.sossstream.stage3.ExtractMethod;
import io.sossstream.stage3.Profile;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.stage3.SegmentExtraction;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * extract-service's stream steps: extracts each segment with the observation's stored profile into
 * {@code spectra/segNNN.fits} and announces {@link SegmentExtracted}: box extraction ({@link SegmentExtraction}),
 * or with extractMethod atoca the per-integration step of the observation's stored ATOCA model (loaded once per
 * replica, {@link AtocaObjects}), whose decontamination record is stored first. A segment that lands before the profile is registered and waits; the profile-ready
 * event extracts every registered segment still without spectra. Existing spectra are never recomputed, only
 * re-announced.
 */
public final class ExtractStep {
    private final StepContext context;
    private final SegmentRegistry registry;
    private final ObservationStore observations;
    private final ObservationConfig config;
    private final AtocaObjects atoca;

    public ExtractStep(StepContext context) {
        this.context = context;
        this.registry = new SegmentRegistry(context.store(), context.layout());
        this.observations = new ObservationStore(context.store(), context.layout());
        this.config = new ObservationConfig(context);
        this.atoca = new AtocaObjects(context);
    }

    /** A raw object landed (topic {@code soss.segments}). */
    public Outcome onSegmentLanded(S3EventNotification event) {
        return registry.onLanded(event, context.workDir(), (landed, scratch) -> {
            SegmentRecord rec = landed.record();
            String obs = rec.observationId();
            if (observations.profileDocument(obs).isEmpty()) {
                return Outcome.none(obs + " segment " + rec.segmentNumber() + " registered; waiting for profile");
            }
            if (observations.hasSpectra(obs, rec.segmentNumber())) {
                return Outcome.of(extracted(rec), obs + " segment " + rec.segmentNumber()
                        + " already extracted; re-announced");
            }
            Profile profile = observations.profile(obs, scratch);
            return Outcome.of(extract(rec, landed.file(), profile, observations.deepStack(obs)), obs + " segment "
                    + rec.segmentNumber() + " extracted (" + rec.integrations() + " integrations)");
        });
    }

    /** An observation's profile is stored (topic {@code soss.profile-ready}): extract every waiting segment. */
    public Outcome onProfileReady(ProfileReady event) {
        String obs = event.observationId();
        if (observations.profileDocument(obs).isEmpty()) {
            throw new RetriableException(context.layout().workBucket() + "/" + context.layout().profile(obs) + ": announced but not found");
        }
        List<PipelineEvent> out = new ArrayList<>();
        int extracted = 0;
        try (Scratch scratch = Scratch.in(context.workDir())) {
            Profile profile = null;
            DeepStack model = null;
            for (SegmentRecord rec : registry.records(obs)) {
                if (!observations.hasSpectra(obs, rec.segmentNumber())) {
                    if (profile == null) {
                        profile = observations.profile(obs, scratch);
                        model = observations.deepStack(obs);
                    }
                    Path raw = registry.fetch(rec, scratch);
                    out.add(extract(rec, raw, profile, model));
                    scratch.discard(raw);
                    extracted++;
                } else {
                    out.add(extracted(rec));
                }
            }
        }
        return new Outcome(out, obs + " profile ready: " + extracted + " segment(s) extracted, "
                + (out.size() - extracted) + " re-announced");
    }

    private SegmentExtracted extract(SegmentRecord rec, Path raw, Profile profile, DeepStack model) {
        String obs = rec.observationId();
        SegmentSpectra spectra;
        if (config.frozen(obs).get(Stage3Parameters.EXTRACT_METHOD) == ExtractMethod.ATOCA) {
            AtocaExtraction.Segment segment = atoca.extraction(obs).extract(raw, context.progress());
            atoca.putDecontamination(obs, rec.segmentNumber(), segment.decontamination());
            spectra = segment.spectra();
        } else {
            spectra = SegmentExtraction.extract(raw, profile, model, context.progress());
        }
        // the white light first: once the spectra exist (= extracted), the status page finds it too
        observations.put(context.layout().whiteLight(rec.observationId(), rec.segmentNumber()),
                WhiteLightSeries.of(spectra).toJson(), "application/json");
        // streamed through a scratch file: a long segment's spectra are not copied into one array
        try (Scratch scratch = Scratch.in(context.workDir())) {
            Path file = scratch.folder("spectra").resolve("spectra.fits");
            spectra.write(file);
            context.store().put(context.layout().workBucket(),
                    context.layout().spectra(rec.observationId(), rec.segmentNumber()), file, "application/fits");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the spectra of " + rec.rawAddress(), e);
        }
        return extracted(rec);
    }

    private SegmentExtracted extracted(SegmentRecord rec) {
        return new SegmentExtracted(rec.observationId(), rec.segmentNumber(), rec.segmentTotal(),
                context.layout().spectra(rec.observationId(), rec.segmentNumber()), rec.rawBucket(), rec.rawKey(),
                rec.integrations(), rec.landedAt());
    }
}
