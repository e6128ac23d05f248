package io.sossstream.stage3;

import io.sossstream.ProgressListener;
import io.sossstream.Workers;
import io.sossstream.extract.BadPixelFiller;
import io.sossstream.extract.BoxAperture;
import io.sossstream.extract.WidthOptimizer;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.segment.Frame;
import io.sossstream.segment.Observation;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.SegmentReader;
import io.sossstream.stack.DeepStack;
import io.sossstream.trace.CentroidsCsv;
import io.sossstream.trace.SossCentroids;
import io.sossstream.trace.PriorDistance;
import io.sossstream.trace.TraceCentroids;
import io.sossstream.trace.TracePrior;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.sossstream.stage3.Stage3Parameters.CENTROIDS_FILE;
import static io.sossstream.stage3.Stage3Parameters.WIDTH_ORDER1;
import static io.sossstream.stage3.Stage3Parameters.WIDTH_ORDER2;

/**
 * Builds an observation's {@link Profile} from its reference segments (profile-service's science): deep stack
 * (exact NaN median, row blocks), trace centroids (edge-trigger, or a user CSV), and the box width per order
 * (fixed, or optimised on white-light scatter in one streaming pass).
 */
public final class ProfileBuilder {
    private static final System.Logger LOG = System.getLogger(ProfileBuilder.class.getName());
    private ProfileBuilder() {
    }

    /**
     * A profile with the deep stack it was measured on and the trace prior (both for products and plots; extraction
     * needs only the profile).
     *
     * @param deepStack the model that repairs missing pixels: the complete deep stack when centroids were measured, a
     *                  width optimised or the observation is extracted with ATOCA; otherwise (given centroids, fixed
     *                  widths, box extraction) exact only at the pixels the repair can use ({@link DeepStack#complete()}
     *                  false; {@link SegmentExtraction#window})
     * @param picture   the image the deep-stack plot shows: the deep stack itself when complete, else the median of
     *                  {@link DeepStack#PREVIEW_INTEGRATIONS} integrations spread over the profile segments
     */
    public record Result(Profile profile, DeepStack deepStack, DeepStack picture, TracePrior prior) {
    }

    /**
     * @param referenceFiles the profile segments (segment 1, or all: see {@link Stage3Parameters#PROFILE_FROM})
     */
    public static Result build(List<Path> referenceFiles, Stage3Options options, ProgressListener progress) {
        List<FitsSegmentReader> readers = new ArrayList<>();
        try {
            for (Path f : referenceFiles) {
                readers.add(FitsSegmentReader.open(f));
            }
            List<SegmentHeader> headers = readers.stream().map(SegmentReader::header).toList();
            Observation obs = Observation.partial(headers);
            SegmentHeader first = obs.segments().get(0);
            readers.sort((a, b) -> Integer.compare(a.header().segmentNumber(), b.header().segmentNumber()));

            TracePrior prior = TracePrior.of(first.subarray(), first.pwcpos());
            ApertureWidth w1 = options.get(WIDTH_ORDER1);
            ApertureWidth w2 = options.get(WIDTH_ORDER2) != null ? options.get(WIDTH_ORDER2) : w1;
            boolean optimised = w1.optimize() || (w2.optimize() && options.get(WIDTH_ORDER2) != null);
            TraceCentroids given = options.get(CENTROIDS_FILE) != null
                    ? CentroidsCsv.read(Path.of(options.get(CENTROIDS_FILE))) : null;
            DeepStack stack;
            DeepStack picture;
            if (given == null || optimised || options.get(Stage3Parameters.EXTRACT_METHOD) == ExtractMethod.ATOCA) {
                stack = DeepStack.compute(readers, progress);
                picture = stack;
            } else {
                // given centroids, fixed widths, box: only the repair of missing pixels reads the deep stack, near
                // the traces; the plot gets a preview
                int rows = first.rows();
                int cols = io.sossstream.segment.Subarray.COLUMNS;
                int width2 = options.get(WIDTH_ORDER2) == null ? w1.pixels() : w2.pixels();
                boolean[] used = SegmentExtraction.window(rows, cols, BoxAperture.forOrder(given, 1, w1.pixels(), rows),
                        BoxAperture.forOrder(given, 2, width2, rows), given).mask();
                DeepStack.Sparse sparse = DeepStack.computeSparse(readers, used, progress);
                stack = sparse.model();
                picture = sparse.preview();
            }
            TraceCentroids centroids = given != null ? given : SossCentroids.find(stack, first.subarray(), prior);
            PriorDistance distance = PriorDistance.between(centroids, prior, first.rows());
            distance.lines().forEach(l -> LOG.log(distance.flagged() ? System.Logger.Level.WARNING
                    : System.Logger.Level.INFO, obs.observationId() + ": " + l));

            WidthOptimizer opt1 = w1.optimize() ? new WidthOptimizer(BoxAperture.extractedCentres(centroids, 1), first.rows()) : null;
            WidthOptimizer opt2 = w2.optimize() && options.get(WIDTH_ORDER2) != null
                    ? new WidthOptimizer(BoxAperture.extractedCentres(centroids, 2), first.rows()) : null;
            if (opt1 != null || opt2 != null) {
                optimisePass(readers, new BadPixelFiller(stack, centroids), opt1, opt2, progress);
            }
            WidthOptimizer.Metric metric = options.get(Stage3Parameters.WIDTH_METRIC);
            WidthOptimizer.Result r1 = opt1 == null ? null : opt1.result(metric);
            WidthOptimizer.Result r2 = opt2 == null ? null : opt2.result(metric);
            int width1 = r1 != null ? r1.bestWidth() : w1.pixels();
            // exoTEDRF: order 2 takes the (resolved) order-1 width unless it has its own.
            int width2 = r2 != null ? r2.bestWidth() : (options.get(WIDTH_ORDER2) == null ? width1 : w2.pixels());

            Profile profile = new Profile(obs.observationId(), first.targetName(), first.subarray(), centroids,
                    width1, width2, headers.stream().map(SegmentHeader::segmentNumber).sorted().toList(),
                    curve(r1), curve(r2), distance);
            return new Result(profile, stack, picture, prior);
        } finally {
            readers.forEach(SegmentReader::close);
        }
    }

    private static Profile.WidthCurve curve(WidthOptimizer.Result r) {
        return r == null ? null : new Profile.WidthCurve(r.widths(), r.scores(), r.metric().unit());
    }

    /**
     * One pass over the profile segments, frames repaired as extraction will repair them. Blocks of consecutive
     * integrations on the Workers' threads, each with its own frame and prefix sums; the white-light fluxes are
     * added in time order afterwards, so the curves do not depend on the schedule.
     */
    private static void optimisePass(List<FitsSegmentReader> readers, BadPixelFiller filler, WidthOptimizer o1,
                                     WidthOptimizer o2, ProgressListener progress) {
        long total = readers.stream().mapToLong(r -> r.header().integrations()).sum();
        long[] done = {0};
        for (SegmentReader r : readers) {
            int n = r.header().integrations();
            double[][] w1 = new double[n][];
            double[][] w2 = new double[n][];
            int blocks = Math.min(n, 2 * Workers.count());
            Workers.forEach(blocks, b -> {
                Frame frame = new Frame(r.header().rows(), io.sossstream.segment.Subarray.COLUMNS);
                WidthOptimizer.Sums s1 = o1 == null ? null : o1.newSums();
                WidthOptimizer.Sums s2 = o2 == null ? null : o2.newSums();
                for (int i = b * n / blocks; i < (b + 1) * n / blocks; i++) {
                    r.read(i, frame);
                    filler.fill(frame);
                    if (o1 != null) {
                        w1[i] = o1.whiteLights(frame, s1);
                    }
                    if (o2 != null) {
                        w2[i] = o2.whiteLights(frame, s2);
                    }
                    synchronized (done) {
                        progress.progress("width optimisation", ++done[0], total);
                    }
                }
            });
            for (int i = 0; i < n; i++) {
                if (o1 != null) {
                    o1.add(w1[i]);
                }
                if (o2 != null) {
                    o2.add(w2[i]);
                }
            }
        }
    }
}
