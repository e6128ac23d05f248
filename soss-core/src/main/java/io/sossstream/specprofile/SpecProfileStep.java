package io.sossstream.specprofile;

import io.sossstream.ProgressListener;
import io.sossstream.SossStream;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.segment.Observation;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.SegmentReader;
import io.sossstream.stack.DeepStack;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.trace.CentroidsCsv;
import io.sossstream.trace.SossCentroids;
import io.sossstream.trace.TraceCentroids;
import io.sossstream.trace.TracePrior;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * exoTEDRF's {@code SpecProfileStep}: the observation's empirical spatial profile as a SPECPROFILE file
 * ({@code APPLESOSS_ref_2D_profile_<SUBARRAY>_os1_pad20.fits}) and its diagnostic PNG. The deep stack is the
 * per-pixel median of the profile segments' integrations (segment 1, or all of them: {@link
 * Stage3Parameters#PROFILE_FROM}), the centroids the edge trigger's on it (order 1 searched around its PASTASOSS/SPECTRACE prior, as
 * the box extraction's profile) or the user's centroids CSV
 * ({@link Stage3Parameters#CENTROIDS_FILE}).
 */
public final class SpecProfileStep {
    private SpecProfileStep() {
    }

    /**
     * What the step produced.
     *
     * @param buildSeconds    wall time of {@link EmpiricalProfile#build} alone (deep stack and centroids excluded)
     * @param buildCpuSeconds its CPU time (the figure that does not depend on the machine's load)
     */
    public record Result(Path profileFile, Path plot, SpecProfile profile, TraceCentroids centroids,
                         List<String> inputs, double buildSeconds, double buildCpuSeconds) {
    }

    /**
     * @param files   the observation's segment files (some or all of them)
     * @param options {@code profileFrom} and {@code centroidsFile} are used
     * @param date    the DATE card (ISO 8601)
     */
    public static Result run(List<Path> files, Path outDir, Stage3Options options, String date,
                             ProgressListener progress) {
        List<FitsSegmentReader> readers = new ArrayList<>();
        try {
            for (Path f : files) {
                readers.add(FitsSegmentReader.open(f));
            }
            Observation.partial(readers.stream().map(SegmentReader::header).toList());
            readers.sort(Comparator.comparingInt(r -> r.header().segmentNumber()));
            List<FitsSegmentReader> used = options.get(Stage3Parameters.PROFILE_FROM) == Stage3Options.ProfileSegments.ALL
                    ? readers : readers.subList(0, 1);
            SegmentHeader first = used.get(0).header();
            List<String> names = used.stream().map(r -> r.header().fileName()).toList();
            String source = names.size() == 1 ? names.get(0)
                    : "deep stack of " + names.get(0) + " … " + names.get(names.size() - 1);

            DeepStack stack = DeepStack.compute(used, progress);
            double[] frame = stack.toDoubleArray();
            String centroidsFile = options.get(Stage3Parameters.CENTROIDS_FILE);
            TraceCentroids centroids = centroidsFile != null
                    ? CentroidsCsv.read(Path.of(centroidsFile))
                    : SossCentroids.find(stack, first.subarray(), TracePrior.of(first.subarray(), first.pwcpos()));
            Provenance provenance = new Provenance(SossStream.NAME, SossStream.pipeline(), centroids.source(),
                    names, date);
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            SpecProfile profile = EmpiricalProfile.build(frame, first.subarray(), centroids, provenance, source);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;

            Files.createDirectories(outDir);
            String name = SpecProfileFits.fileName(profile);
            Path file = outDir.resolve(name);
            writeAtomically(file, SpecProfileFits.toBytes(profile, name));
            Path plot = outDir.resolve(name.replaceFirst("\\.fits$", ".png"));
            SpecProfilePlot.write(profile, frame, centroids, plot);
            return new Result(file, plot, profile, centroids, names, seconds, cpuSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            readers.forEach(SegmentReader::close);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".specprofile", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
