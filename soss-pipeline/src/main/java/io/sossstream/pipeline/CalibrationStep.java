package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.calibrate.ModelSpectrum;
import io.sossstream.calibrate.WavelengthRefinement;
import io.sossstream.error.BadInputException;
import io.sossstream.error.RetriableException;
import io.sossstream.events.CalibrationReady;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.spectra.SegmentSpectra;
import io.sossstream.stage3.Calibration;
import io.sossstream.stage3.DiagnosticPlots;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.stage3.WavelengthCalibration;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * calibration-service's stream step (topic {@code soss.segment-extracted}): once every reference segment of the
 * profile is extracted, measures the wavelength shift against the configured stellar model (models bucket) with
 * {@link WavelengthCalibration}, as the batch run does, or keeps the reference solution, flagged. Stores the
 * calibration plots and {@code calibration.json}; announces {@link CalibrationReady}.
 */
public final class CalibrationStep {
    private final ObjectStore store;
    private final ObjectLayout layout;
    private final SegmentRegistry registry;
    private final ObservationConfig config;
    private final ObservationStore observations;
    private final Path workDir;

    /** {@code progress} is unused (the calibration is quick); kept for a uniform API. */
    public CalibrationStep(ObjectStore store, ObjectLayout layout, Stage3Options defaults, Path workDir,
                            ProgressListener progress) {
        this.store = store;
        this.layout = layout;
        this.registry = new SegmentRegistry(store, layout);
        this.config = new ObservationConfig(store, layout, defaults);
        this.observations = new ObservationStore(store, layout);
        this.workDir = workDir;
    }

    public Outcome onSegmentExtracted(SegmentExtracted event) {
        String obs = event.observationId();
        ProfileFiles.Document profile = observations.profileDocument(obs).orElseThrow(() -> new RetriableException(
                layout.workBucket() + "/" + layout.profile(obs) + ": segment extracted but no profile found"));
        List<Integer> refs = profile.referenceSegments();
        if (!refs.contains(event.segmentNumber())) {
            return Outcome.none(obs + " segment " + event.segmentNumber() + " is not a reference segment " + refs);
        }
        var stored = observations.calibration(obs);
        if (stored.isPresent()) {
            return Outcome.of(ready(obs, stored.get()), obs + " calibration already stored; re-announced");
        }
        for (int n : refs) {
            if (!observations.hasSpectra(obs, n)) {
                return Outcome.none(obs + " waiting for spectra of reference segment " + n);
            }
        }
        SegmentRecord first = registry.record(obs, refs.get(0)).orElseThrow(() -> new RetriableException(
                layout.workBucket() + "/" + layout.segmentRecord(obs, refs.get(0)) + ": not found"));
        Stage3Options options = config.resolve(obs, first.rawKey());
        List<SegmentSpectra> reference = new ArrayList<>();
        for (int n : refs) {
            reference.add(observations.spectra(obs, n));
        }
        try (Scratch scratch = Scratch.in(workDir)) {
            ModelSpectrum model = WavelengthCalibration.model(options,
                    new ObjectStoreModelSource(store, layout.modelsBucket(), options.get(Stage3Parameters.STELLAR_MODELS)),
                    key -> fetchModelFile(key, scratch));
            WavelengthCalibration.Outcome out = WavelengthCalibration.compute(reference, profile.subarray(), model,
                    first.pwcpos(), options.get(Stage3Parameters.USE_PASTASOSS), first.fileName());
            observations.putPlots(obs, DiagnosticPlots.calibration(out.refinement(), scratch.folder("plots")));
            observations.put(layout.calibration(obs), PipelineJson.write(out.calibration()), "application/json");
            return Outcome.of(ready(obs, out.calibration()), obs + " calibration " + out.calibration().status()
                    + " shift " + out.calibration().shiftPixels() + " px");
        }
    }

    private CalibrationReady ready(String obs, Calibration c) {
        boolean fitted = WavelengthRefinement.Status.REFINED.name().equals(c.status());
        double shift = Double.isFinite(c.shiftPixels()) ? c.shiftPixels() : 0.0;
        return new CalibrationReady(obs, layout.calibration(obs), fitted ? shift : 0.0,
                fitted ? CalibrationReady.Status.FITTED : CalibrationReady.Status.REFERENCE);
    }

    /** A stellar template named in the config is a key of the models bucket; download it for the reader. */
    private Path fetchModelFile(String key, Scratch scratch) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        Path local = scratch.folder("models").resolve(name.isEmpty() ? "template.txt" : name);
        if (!store.download(layout.modelsBucket(), key, local)) {
            throw new BadInputException(layout.modelsBucket() + "/" + key, "stellar template not found");
        }
        return local;
    }
}
