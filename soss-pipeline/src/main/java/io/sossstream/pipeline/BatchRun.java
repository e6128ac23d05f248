package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.error.BadInputException;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SpectraReady;
import io.sossstream.atoca.SossEstimateFits;
import io.sossstream.segment.Observation;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.ValidatedSegment;
import io.sossstream.specprofile.SpecProfileFits;
import io.sossstream.stage3.Calibration;
import io.sossstream.stage3.Parameter;
import io.sossstream.stage3.Profile;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.ExtractMethod;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.storage.LocalObjectStore;
import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Stage 3 of one observation in one process (the batch CLI), run by the services' own steps: the input files are
 * the raw bucket of a {@link LocalObjectStore} (used in place, never copied), the steps are wired by an
 * {@link InProcessBus}, and the command line's parameters are the defaults a {@code soss-config.json} next to the
 * inputs overrides, as in the stream. Every decision (profile segments, PWCPOS, parameters) is therefore the
 * stream's ({@link Stage3Rules}). Outputs are staged in a hidden folder and moved into place only when everything
 * succeeded: a bad input leaves no partial product.
 */
public final class BatchRun {
    /** The frozen parameters of the observation, next to the product. */
    public static final String CONFIG_JSON = "config.json";

    private BatchRun() {
    }

    /** What a run produced, with figures for the summary. */
    public record Result(Path spectra, Path centroids, List<Path> plots, Profile profile, Calibration calibration,
                         int segments, int integrations, double seconds) {
    }

    /** Expands folders to their {@code *.fits} files (sorted by name); files pass through. */
    public static List<Path> expandInputs(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.list(in)) {
                    s.filter(p -> ObjectLayout.isSegmentKey(p.getFileName().toString()) && Files.isRegularFile(p))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new BadInputException(in.toString(), "cannot list folder: " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in);
            } else {
                throw new BadInputException(in.toString(), "no such file or folder");
            }
        }
        if (files.isEmpty()) {
            throw new BadInputException(inputs.toString(), "no .fits segment files found");
        }
        return files;
    }

    /**
     * Refuses, before hours of extraction, what would only fail at the end: a specprofile of another subarray or
     * shape, an unreadable soss_estimate, and a PWCPOS outside the PASTASOSS models' range when their solution is
     * asked for.
     */
    private static void checkBeforeWork(Observation obs, Stage3Options options) {
        SegmentHeader first = obs.segments().get(0);
        String specProfile = options.get(Stage3Parameters.SPEC_PROFILE);
        if (specProfile != null) {
            SpecProfileFits.read(Path.of(specProfile), first.subarray());
        }
        String estimate = options.get(Stage3Parameters.SOSS_ESTIMATE);
        if (estimate != null && options.get(Stage3Parameters.EXTRACT_METHOD) == ExtractMethod.ATOCA) {
            SossEstimateFits.read(Path.of(estimate));
        }
        if (options.get(Stage3Parameters.USE_PASTASOSS)) {
            Calibration.reference(first.subarray(), true, first.pwcpos(), first.fileName());
        }
    }

    public static Result run(List<Path> inputs, Path outDir, Stage3Options options, String date,
                             ProgressListener progress) {
        return run(inputs, outDir, options, date, progress, Stage3Rules.STANDARD);
    }

    /**
     * @param date  the product's DATE card (ISO-8601; without a zone = UTC)
     * @param rules the decisions of each step (the stream's own, {@link Stage3Rules#STANDARD}, unless a test)
     */
    public static Result run(List<Path> inputs, Path outDir, Stage3Options options, String date,
                             ProgressListener progress, Stage3Rules rules) {
        long t0 = System.nanoTime();
        List<Path> files = expandInputs(inputs);
        ObjectLayout layout = ObjectLayout.defaults();
        Map<String, Path> raw = rawBucket(files, layout);
        boolean newOutDir = !Files.exists(outDir);
        boolean done = false;
        Path work = hiddenFolder(outDir, ".soss-work-");
        Path staging = hiddenFolder(outDir, ".soss-stage3-");
        LocalObjectStore store = new LocalObjectStore(layout, raw, work.resolve("store"));
        Deferred.Background plots = null;
        try {
            // the inputs' checksums on the cores the steps leave idle, from the start: the first landing waits for
            // its segment's, and the headers are read meanwhile (a bad input's digests are simply dropped)
            store.digestInputs(ObjectLayout::isSegmentKey);
            Observation obs = oneCompleteObservation(files);
            checkBeforeWork(obs, options);
            layout.buckets().forEach(store::ensureBucket);
            // the plots on a thread of their own, overlapping extraction and the product's writing
            plots = Deferred.onOwnThread();
            StepContext context = new StepContext(store, layout, localPaths(options), work.resolve("steps"), progress,
                    Clock.fixed(dateCard(date), ZoneOffset.UTC), rules, plots);
            InProcessBus bus = InProcessBus.direct(context);
            Instant landed = Instant.now();
            for (Map.Entry<String, Path> e : raw.entrySet()) {
                if (ObjectLayout.isSegmentKey(e.getKey())) {
                    ObjectInfo info = store.stat(layout.rawBucket(), e.getKey()).orElseThrow();
                    bus.send(S3EventNotification.objectCreated(layout.rawBucket(), e.getKey(), info.size(),
                            info.etag(), false, landed));
                }
            }
            bus.drain();
            plots.shutdown();
            SpectraReady spectra = bus.spectraReady().stream().findFirst().orElseThrow(() -> new IllegalStateException(
                    obs.observationId() + ": the steps produced no spectra:\n" + String.join("\n", bus.log())));
            Result result = collect(spectra, store, layout, work, staging, outDir, obs, t0);
            done = true;
            return result;
        } catch (BadInputException e) {
            throw localised(e, raw, layout);
        } finally {
            if (plots != null) {
                plots.shutdownQuietly(); // before its folders go
            }
            Scratch.delete(work);
            Scratch.delete(staging);
            if (!done && newOutDir) {
                deleteIfEmpty(outDir); // a failed run leaves no output folder it made
            }
        }
    }

    /**
     * A run is one whole observation: every segment of it, nothing else (the stream would wait instead); each
     * segment validated as the stream validates it on landing, before any compute.
     */
    private static Observation oneCompleteObservation(List<Path> files) {
        List<SegmentHeader> headers = new ArrayList<>();
        for (Path f : files) {
            headers.add(ValidatedSegment.header(f));
        }
        return Observation.of(headers);
    }

    /**
     * Raw-bucket keys {@code <folder>/<file>} of the inputs, and the {@code soss-config.json} and
     * {@code specprofile.fits} next to them (the observation's config and SPECPROFILE, as ingest would upload them).
     */
    private static Map<String, Path> rawBucket(List<Path> files, ObjectLayout layout) {
        Map<String, Path> raw = new LinkedHashMap<>();
        for (Path f : files) {
            Path dir = f.toAbsolutePath().getParent();
            String folder = dir.getFileName() == null ? "input" : dir.getFileName().toString();
            Path previous = raw.put(layout.rawKey(folder, f.getFileName().toString()), f);
            if (previous != null && !previous.toAbsolutePath().equals(f.toAbsolutePath())) {
                throw new BadInputException(f.toString(), "has the same folder and file name as " + previous);
            }
            Path config = dir.resolve(ObjectLayout.INGEST_CONFIG_NAME);
            if (Files.isRegularFile(config)) {
                raw.put(layout.ingestConfig(folder), config);
            }
            Path specProfile = dir.resolve(ObjectLayout.SPEC_PROFILE_NAME);
            if (Files.isRegularFile(specProfile)) {
                raw.put(layout.uploadedSpecProfile(folder), specProfile);
            }
        }
        return raw;
    }

    /** File parameters name local paths here; the steps read them as keys of the models bucket (the file system). */
    private static Stage3Options localPaths(Stage3Options options) {
        Stage3Options out = options;
        for (Parameter<?> p : Stage3Parameters.ALL) {
            if (p.isFile() && options.isSet(p)) {
                @SuppressWarnings("unchecked")
                Parameter<String> file = (Parameter<String>) p;
                out = out.with(file, LocalObjectStore.modelsKey(Path.of(options.get(file))));
            }
        }
        return out;
    }

    private static Instant dateCard(String date) {
        try {
            return Instant.parse(date);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(date).toInstant(ZoneOffset.UTC);
        }
    }

    /**
     * Products (the spectra, and with atoca the soss_estimate), plots, centroids CSV, profile.json and the frozen
     * config from the store into the output folder.
     */
    private static Result collect(SpectraReady done, LocalObjectStore store, ObjectLayout layout, Path work,
                                  Path staging, Path outDir, Observation obs, long t0) {
        String id = done.observationId();
        ObservationStore observations = new ObservationStore(store, layout);
        Map<String, Path> outputs = new LinkedHashMap<>();
        String plotPrefix = layout.plotsPrefix(id);
        for (ObjectInfo product : store.list(layout.workBucket(), layout.productsPrefix(id))) {
            if (!product.key().startsWith(plotPrefix)) {
                outputs.put(product.key(), staging.resolve(baseName(product.key())));
            }
        }
        outputs.put(layout.centroids(id), staging.resolve(id + "_centroids.csv"));
        outputs.put(layout.profile(id), staging.resolve(ProfileFiles.PROFILE_JSON));
        outputs.put(layout.config(id), staging.resolve(CONFIG_JSON));
        List<Path> plots = new ArrayList<>();
        for (String key : done.plotKeys()) {
            outputs.put(key, staging.resolve(baseName(key)));
            plots.add(outDir.resolve(baseName(key)));
        }
        outputs.forEach((key, target) -> {
            if (!store.download(layout.workBucket(), key, target)) {
                throw new IllegalStateException(layout.workBucket() + "/" + key + " announced but not stored");
            }
        });
        Profile profile;
        try (Scratch scratch = Scratch.in(work)) {
            profile = observations.profile(id, scratch);
        }
        Calibration calibration = observations.calibration(id).orElseThrow();
        publish(staging, outDir);
        return new Result(outDir.resolve(baseName(done.productKey())), outDir.resolve(id + "_centroids.csv"), plots,
                profile, calibration, obs.segments().size(), obs.integrations(), (System.nanoTime() - t0) / 1e9);
    }

    private static String baseName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** A bad input names the local file, not its raw-bucket address. */
    private static BadInputException localised(BadInputException e, Map<String, Path> raw, ObjectLayout layout) {
        String source = e.source();
        String rawPrefix = layout.rawBucket() + "/";
        String modelsPrefix = layout.modelsBucket() + "/";
        if (source.startsWith(rawPrefix) && raw.containsKey(source.substring(rawPrefix.length()))) {
            return new BadInputException(raw.get(source.substring(rawPrefix.length())).toString(), e.problem(), e);
        }
        if (source.startsWith(modelsPrefix)) {
            return new BadInputException("/" + source.substring(modelsPrefix.length()), e.problem(), e);
        }
        return e;
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty (or not ours to remove): left as it is
        }
    }

    private static Path hiddenFolder(Path outDir, String prefix) {
        try {
            Files.createDirectories(outDir);
            return Files.createTempDirectory(outDir, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + outDir, e);
        }
    }

    /** Moves every staged file into the output folder (each move atomic, replacing an older product). */
    private static void publish(Path staging, Path outDir) {
        try (Stream<Path> s = Files.list(staging)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                Files.move(p, outDir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the outputs into " + outDir, e);
        }
    }
}
