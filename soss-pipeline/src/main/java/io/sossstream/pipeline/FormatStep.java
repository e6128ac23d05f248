package io.sossstream.pipeline;

import io.sossstream.error.RetriableException;
import io.sossstream.events.CalibrationReady;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.events.SpectraReady;
import io.sossstream.spectra.SegmentSpectra;
import io.sossstream.spectra.SpectraFitsWriter;
import io.sossstream.spectra.TimeSeriesSpectra;
import io.sossstream.stage3.AtocaExtraction;
import io.sossstream.stage3.AtocaSummary;
import io.sossstream.stage3.Calibration;
import io.sossstream.stage3.Decontamination;
import io.sossstream.stage3.ExtractMethod;
import io.sossstream.stage3.DiagnosticPlots;
import io.sossstream.stage3.InputFile;
import io.sossstream.stage3.ProductWriter;
import io.sossstream.stage3.Profile;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * formatter-service's stream steps: when the spectra of all EXSEGTOT segments and the calibration are stored,
 * assembles {@code <TARGNAME>_<method>_spectra_fullres.fits} with {@link ProductWriter} (inputs' names and checksums
 * from the segment records; with extractMethod atoca also the decontamination plot, the soss_estimate and the ATOCA
 * header cards), stores the product plots and then the product, and
 * announces {@link SpectraReady}. Whichever of the two awaited events comes last triggers it; an existing product
 * is re-announced, never recomputed.
 */
public final class FormatStep extends Step {
    public FormatStep(StepContext context) {
        super(context);
    }

    public Outcome onSegmentExtracted(SegmentExtracted event) {
        return formatIfComplete(event.observationId());
    }

    public Outcome onCalibrationReady(CalibrationReady event) {
        return formatIfComplete(event.observationId());
    }

    private Outcome formatIfComplete(String obs) {
        List<SegmentRecord> records = registry.records(obs);
        Optional<ProfileFiles.Document> doc = observations.profileDocument(obs);
        if (records.isEmpty() || doc.isEmpty()) {
            return Outcome.none(obs + " waiting for segments and profile");
        }
        int total = records.get(0).segmentTotal();
        Stage3Options options = config.frozen(obs);
        String productKey = context.layout().product(obs, options.productName(doc.get().targetName()));
        if (observations.exists(productKey)) {
            return Outcome.of(ready(obs, productKey, records), obs + " product already stored; re-announced");
        }
        Optional<Calibration> calibration = observations.calibration(obs);
        if (calibration.isEmpty()) {
            return Outcome.none(obs + " waiting for calibration");
        }
        List<Integer> missing = new ArrayList<>();
        for (int n = 1; n <= total; n++) {
            if (!observations.hasSpectra(obs, n)) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty() || records.size() != total) {
            return Outcome.none(obs + " waiting for spectra of segments " + missing);
        }
        try (Scratch scratch = Scratch.in(context.workDir())) {
            Profile profile = observations.profile(obs, scratch);
            List<SegmentSpectra> spectra = new ArrayList<>();
            List<InputFile> inputs = new ArrayList<>();
            for (SegmentRecord r : records) {
                spectra.add(observations.spectra(obs, r.segmentNumber()));
                inputs.add(new InputFile(r.fileName(), r.checksum()));
            }
            String date = context.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
            List<SpectraFitsWriter.Card> methodCards = List.of();
            if (options.get(Stage3Parameters.EXTRACT_METHOD) == ExtractMethod.ATOCA) {
                methodCards = atocaProducts(obs, records, scratch);
            }
            ProductWriter.Product product = ProductWriter.assemble(spectra, profile, calibration.get(), options,
                    inputs, date, methodCards);
            // the plots (deferred: in the batch run drawn while the product is written) before the product
            for (BiFunction<TimeSeriesSpectra, Path, Path> plot : List.<BiFunction<TimeSeriesSpectra, Path, Path>>of(
                    DiagnosticPlots::whiteLightCurve, DiagnosticPlots::stellarSpectrum)) {
                context.deferred().run(() -> {
                    try (Scratch plots = Scratch.in(context.workDir())) {
                        observations.putPlots(obs, List.of(plot.apply(product.spectra(), plots.folder("plots"))));
                    }
                });
            }
            java.nio.file.Path file = scratch.folder("product").resolve(product.fileName());
            product.write(file);
            context.deferred().await();
            context.store().put(context.layout().workBucket(), productKey, file, "application/fits");
            return Outcome.of(ready(obs, productKey, records), obs + " product " + product.fileName() + " ("
                    + product.spectra().integrations() + " integrations)");
        }
    }

    /**
     * ATOCA's products besides the spectra: the decontamination plot (the segments' records summed in segment
     * order) and the observation's soss_estimate; returns the product's ATOCA header cards.
     */
    private List<SpectraFitsWriter.Card> atocaProducts(String obs, List<SegmentRecord> records, Scratch scratch) {
        AtocaSummary summary = atoca.summary(obs);
        Decontamination removed = null;
        for (SegmentRecord r : records) {
            Decontamination d = atoca.decontamination(obs, r.segmentNumber());
            removed = removed == null ? d : removed.plus(d);
        }
        Path png = scratch.folder("atoca").resolve(Decontamination.PLOT);
        try {
            removed.writePlot(summary, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + png, e);
        }
        observations.putPlots(obs, List.of(png));
        byte[] estimate = atoca.sossEstimate(obs).orElseThrow(() -> new RetriableException(context.layout().workBucket()
                + "/" + context.layout().sossEstimate(obs) + ": profile stored but not found"));
        observations.put(context.layout().product(obs, obs + "_" + AtocaExtraction.ESTIMATE_FILE), estimate,
                "application/fits");
        return summary.cards();
    }

    private SpectraReady ready(String obs, String productKey, List<SegmentRecord> records) {
        context.deferred().await(); // every plot stored before they are listed
        // The first landing, unknown if any segment's is (its event had no time): then no latency is recorded.
        boolean allKnown = records.stream().allMatch(r -> r.landedAt() != SegmentRecord.UNKNOWN_TIME);
        long landedAt = allKnown ? records.stream().mapToLong(SegmentRecord::landedAt).min().orElseThrow()
                : SegmentRecord.UNKNOWN_TIME;
        int integrations = records.stream().mapToInt(SegmentRecord::integrations).sum();
        return new SpectraReady(obs, productKey, observations.plotKeys(obs), records.get(0).targetName(),
                integrations, landedAt, context.clock().millis());
    }
}
