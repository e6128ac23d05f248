package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.calibrate.DirectoryModelSource;
import io.sossstream.calibrate.ModelSpectrum;
import io.sossstream.error.BadInputException;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.segment.Observation;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.specprofile.SpecProfileFits;
import io.sossstream.spectra.SegmentSpectra;
import io.sossstream.SossStream;
import io.sossstream.atoca.SossEstimateFits;
import io.sossstream.specprofile.EmpiricalProfile;
import io.sossstream.specprofile.Provenance;
import io.sossstream.specprofile.SpecProfile;
import io.sossstream.spectra.SpectraFitsWriter;
import io.sossstream.stage3.AtocaExtraction;
import io.sossstream.stage3.Calibration;
import io.sossstream.stage3.ExtractMethod;
import io.sossstream.stage3.DiagnosticPlots;
import io.sossstream.stage3.InputFile;
import io.sossstream.stage3.ProductWriter;
import io.sossstream.stage3.Profile;
import io.sossstream.stage3.ProfileBuilder;
import io.sossstream.stage3.SegmentExtraction;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.stage3.WavelengthCalibration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Stage 3 with {@code extractMethod = atoca} in one process: profile, ATOCA model (once), decontaminated extraction
 * of every segment, wavelength calibration and the product, plus the soss_estimate and the decontamination plot.
 * Interim: ATOCA is not yet one of the profile/extract/format steps that {@link BatchRun} and the services share
 * (the model, computed once per observation, must become a stored object every extract replica loads), so this
 * path runs the same science in sequence itself. Outputs are staged in a hidden folder and moved into place only
 * when everything succeeded.
 */
final class AtocaBatchRun {
    private AtocaBatchRun() {
    }

    static BatchRun.Result run(List<Path> inputs, Path outDir, Stage3Options options, String date, ProgressListener progress) {
        long t0 = System.nanoTime();
        List<Path> files = BatchRun.expandInputs(inputs);
        Map<Path, SegmentHeader> headers = new LinkedHashMap<>();
        for (Path f : files) {
            try (FitsSegmentReader r = FitsSegmentReader.open(f)) {
                headers.put(f, r.header());
            }
        }
        Observation obs = Observation.of(new ArrayList<>(headers.values()));
        List<Path> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparingInt(p -> headers.get(p).segmentNumber()));
        String specProfile = options.get(Stage3Parameters.SPEC_PROFILE);
        if (specProfile != null) {
            // checked before any work: a profile of another subarray or shape cannot model these frames
            SpecProfileFits.read(Path.of(specProfile), obs.segments().get(0).subarray());
        }
        if (options.get(Stage3Parameters.EXTRACT_METHOD) == ExtractMethod.ATOCA
                && options.get(Stage3Parameters.SOSS_ESTIMATE) != null) {
            // checked before any work, like the profile
            SossEstimateFits.read(Path.of(options.get(Stage3Parameters.SOSS_ESTIMATE)));
        }
        List<Path> reference = options.get(Stage3Parameters.PROFILE_FROM) == Stage3Options.ProfileSegments.ALL ? ordered : ordered.subList(0, 1);
        SegmentHeader first = headers.get(ordered.get(0));
        if (options.get(Stage3Parameters.USE_PASTASOSS)) {
            // refuse an unusable PWCPOS before hours of extraction, not after
            Calibration.reference(first.subarray(), true, first.pwcpos(), first.fileName());
        }
        ModelSpectrum model = WavelengthCalibration.model(options,
                options.get(Stage3Parameters.STELLAR_MODELS) == null ? null
                        : new DirectoryModelSource(Path.of(options.get(Stage3Parameters.STELLAR_MODELS))), Path::of);

        Path staging = staging(outDir);
        try {
            ProfileBuilder.Result built = ProfileBuilder.build(reference, options, progress);
            Profile profile = built.profile();
            Path centroids = staging.resolve(obs.observationId() + "_centroids.csv");
            ProfileFiles.write(profile, staging.resolve(ProfileFiles.PROFILE_JSON), centroids);
            List<Path> plots = new ArrayList<>(DiagnosticPlots.profile(profile, built.deepStack(), built.prior(), staging));

            AtocaExtraction atoca = null;
            if (options.get(Stage3Parameters.EXTRACT_METHOD) == ExtractMethod.ATOCA) {
                atoca = prepareAtoca(reference, specProfile, built, profile, options, date, progress);
            }
            List<SegmentSpectra> spectra = new ArrayList<>();
            List<InputFile> inputFiles = new ArrayList<>();
            for (Path f : ordered) {
                spectra.add(atoca != null ? atoca.extract(f, progress)
                        : SegmentExtraction.extract(f, profile, built.deepStack(), progress));
                inputFiles.add(InputFile.of(f));
            }
            List<SpectraFitsWriter.Card> methodCards = List.of();
            if (atoca != null) {
                methodCards = atoca.cards();
                atoca.writeEstimate(staging.resolve(obs.observationId() + "_" + AtocaExtraction.ESTIMATE_FILE));
                Path png = staging.resolve(AtocaExtraction.DECONTAMINATION_PLOT);
                atoca.writePlot(png);
                plots.add(png);
            }
            List<SegmentSpectra> refSpectra = spectra.stream()
                    .filter(s -> profile.referenceSegments().contains(s.segmentNumber())).toList();
            // PWCPOS of the first reference segment, as calibration-service takes it from that segment's record
            SegmentHeader refHeader = headers.values().stream()
                    .filter(h -> h.segmentNumber() == profile.referenceSegments().get(0)).findFirst().orElseThrow();
            double pwcpos = refHeader.pwcpos();
            WavelengthCalibration.Outcome cal = WavelengthCalibration.compute(refSpectra, profile.subarray(), model,
                    pwcpos, options.get(Stage3Parameters.USE_PASTASOSS), refHeader.fileName());
            plots.addAll(DiagnosticPlots.calibration(cal.refinement(), staging));

            ProductWriter.Product product = ProductWriter.assemble(spectra, profile, cal.calibration(), options,
                    inputFiles, date, methodCards);
            Files.write(staging.resolve(product.fileName()), product.fits());
            plots.addAll(DiagnosticPlots.products(product.spectra(), staging));

            publish(staging, outDir);
            Path spectraOut = outDir.resolve(product.fileName());
            List<Path> plotOut = plots.stream().map(p -> outDir.resolve(p.getFileName())).toList();
            return new BatchRun.Result(spectraOut, outDir.resolve(centroids.getFileName()), plotOut, profile, cal.calibration(),
                    ordered.size(), obs.integrations(), (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * The observation's ATOCA model: the given SPECPROFILE, or APPLESOSS's empirical profile built from the deep
     * stack and the run's centroids (as exoTEDRF's specprofilestep would).
     */
    private static AtocaExtraction prepareAtoca(List<Path> reference, String specProfile, ProfileBuilder.Result built,
                                                Profile profile, Stage3Options options, String date,
                                                ProgressListener progress) {
        SpecProfile spec;
        String source;
        if (specProfile != null) {
            spec = SpecProfileFits.read(Path.of(specProfile), profile.subarray());
            source = Path.of(specProfile).getFileName().toString();
        } else {
            List<String> names = reference.stream().map(p -> p.getFileName().toString()).toList();
            Provenance provenance = new Provenance(SossStream.NAME, SossStream.pipeline(), profile.centroids().source(),
                    names, date);
            spec = EmpiricalProfile.build(built.deepStack().toDoubleArray(), profile.subarray(), profile.centroids(),
                    provenance, profile.observationId());
            source = "empirical profile of the deep stack";
        }
        return AtocaExtraction.prepare(reference, spec, source, profile.widthOrder1(), options, progress);
    }

    private static Path staging(Path outDir) {
        try {
            Files.createDirectories(outDir);
            return Files.createTempDirectory(outDir, ".soss-stage3-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + outDir, e);
        }
    }

    /** Moves every staged file into the output folder (each move atomic, replacing an older product). */
    private static void publish(Path staging, Path outDir) throws IOException {
        try (Stream<Path> s = Files.list(staging)) {
            for (Path p : s.sorted().toList()) {
                Files.move(p, outDir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a leftover hidden staging folder is harmless
        }
    }
}
