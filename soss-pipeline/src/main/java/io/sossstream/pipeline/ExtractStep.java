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
 * re-announced. A segment refused at landing is skipped: {@link ProfileStep} dead-letters it.
 */
public final class ExtractStep extends Step {
    public ExtractStep(StepContext context) {
        super(context);
    }

    /** A raw object landed (topic {@code soss.segments}). */
    public Outcome onSegmentLanded(S3EventNotification event) {
        return registry.onLanded(event, context.workDir(), "profile-service", (landed, scratch) -> {
            SegmentRecord rec = landed.record();
            String obs = rec.observationId();
            if (observations.profileDocument(obs).isEmpty()) {
                return Outcome.none(obs + " segment " + rec.segmentNumber() + " registered; waiting for profile");
            }
            if (observations.hasSpectra(obs, rec.segmentNumber())) {
                return Outcome.of(extracted(rec), obs + " segment " + rec.segmentNumber()
                        + " already extracted; re-announced");
            }
            return Outcome.of(extract(rec, landed.file(), method(obs, scratch)), obs + " segment "
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
            Method method = null;
            for (SegmentRecord rec : registry.records(obs)) {
                if (!observations.hasSpectra(obs, rec.segmentNumber())) {
                    if (method == null) {
                        method = method(obs, scratch);
                    }
                    Path raw = registry.fetch(rec, scratch);
                    out.add(extract(rec, raw, method));
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

    /** The observation's extraction method, with what it needs loaded once for all its segments. */
    @FunctionalInterface
    private interface Method {
        SegmentSpectra extract(SegmentRecord rec, Path raw);
    }

    /**
     * Box extraction with the stored profile and deep stack, or ATOCA's per-integration step with the stored model
     * (its decontamination record stored with each segment).
     */
    private Method method(String obs, Scratch scratch) {
        if (config.frozen(obs).get(Stage3Parameters.EXTRACT_METHOD) == ExtractMethod.ATOCA) {
            AtocaExtraction model = atoca.extraction(obs, context.workDir());
            return (rec, raw) -> {
                AtocaExtraction.Segment segment = model.extract(raw, context.progress());
                atoca.putDecontamination(obs, rec.segmentNumber(), segment.decontamination());
                return segment.spectra();
            };
        }
        Profile profile = observations.profile(obs, scratch);
        DeepStack deepStack = observations.deepStack(obs);
        return (rec, raw) -> SegmentExtraction.extract(raw, profile, deepStack, context.progress());
    }

    private SegmentExtracted extract(SegmentRecord rec, Path raw, Method method) {
        SegmentSpectra spectra = method.extract(rec, raw);
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
