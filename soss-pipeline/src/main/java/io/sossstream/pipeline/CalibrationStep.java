package io.sossstream.pipeline;

import io.sossstream.calibrate.ModelSpectrum;
import io.sossstream.calibrate.WavelengthRefinement;
import io.sossstream.error.RetriableException;
import io.sossstream.events.CalibrationReady;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.spectra.SegmentSpectra;
import io.sossstream.stage3.Calibration;
import io.sossstream.stage3.DiagnosticPlots;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.stage3.WavelengthCalibration;

import java.util.ArrayList;
import java.util.List;

/**
 * calibration-service's step (topic {@code soss.segment-extracted}): once every segment of the profile is
 * extracted, measures the wavelength shift against the observation's stellar model (models bucket) with
 * {@link WavelengthCalibration}, or keeps the reference solution, flagged; the pupil-wheel position is that of
 * {@link Stage3Rules#pwcposSegment}. Stores the calibration plots and {@code calibration.json}; announces
 * {@link CalibrationReady}.
 */
public final class CalibrationStep extends Step {
    public CalibrationStep(StepContext context) {
        super(context);
    }

    public Outcome onSegmentExtracted(SegmentExtracted event) {
        String obs = event.observationId();
        ProfileFiles.Document profile = observations.profileDocument(obs).orElseThrow(() -> new RetriableException(
                context.layout().workBucket() + "/" + context.layout().profile(obs) + ": segment extracted but no profile found"));
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
        List<SegmentRecord> records = new ArrayList<>();
        List<SegmentSpectra> reference = new ArrayList<>();
        for (int n : refs) {
            records.add(registry.record(obs, n).orElseThrow(() -> new RetriableException(
                    context.layout().workBucket() + "/" + context.layout().segmentRecord(obs, n) + ": not found")));
            reference.add(observations.spectra(obs, n));
        }
        Stage3Options options = config.frozen(obs);
        try (Scratch scratch = Scratch.in(context.workDir())) {
            ModelSpectrum model = WavelengthCalibration.model(options,
                    new ObjectStoreModelSource(context.store(), context.layout().modelsBucket(), options.get(Stage3Parameters.STELLAR_MODELS)),
                    key -> observations.modelFile(key, scratch, "stellar template"));
            SegmentRecord pwcposSegment = context.rules().pwcposSegment(records);
            WavelengthCalibration.Outcome out = WavelengthCalibration.compute(reference, profile.subarray(), model,
                    pwcposSegment.pwcpos(), options.get(Stage3Parameters.USE_PASTASOSS), pwcposSegment.fileName());
            observations.putPlots(obs, DiagnosticPlots.calibration(out.refinement(), scratch.folder("plots")));
            observations.put(context.layout().calibration(obs), PipelineJson.write(out.calibration()), "application/json");
            return Outcome.of(ready(obs, out.calibration()), obs + " calibration " + out.calibration().status()
                    + " shift " + out.calibration().shiftPixels() + " px");
        }
    }

    private CalibrationReady ready(String obs, Calibration c) {
        boolean fitted = WavelengthRefinement.Status.REFINED.name().equals(c.status());
        double shift = Double.isFinite(c.shiftPixels()) ? c.shiftPixels() : 0.0;
        return new CalibrationReady(obs, context.layout().calibration(obs), fitted ? shift : 0.0,
                fitted ? CalibrationReady.Status.FITTED : CalibrationReady.Status.REFERENCE);
    }
}
