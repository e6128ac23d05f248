package io.sossstream.stage3;

import io.sossstream.ProgressListener;
import io.sossstream.Workers;
import io.sossstream.extract.BadPixelFiller;
import io.sossstream.extract.BoxAperture;
import io.sossstream.extract.WidthOptimizer;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.segment.Frame;
import io.sossstream.segment.Observation;
import io.sossstream.segment.PixelWindow;
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
     * @param deepStack the model that repairs missing pixels: the complete deep stack when centroids were measured or
     *                  the observation is extracted with ATOCA; otherwise (given centroids, box extraction) exact only
     *                  at the pixels the repair can use for any width the settings allow ({@link DeepStack#complete()}
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
            // exoTEDRF: order 2 takes order 1's (resolved) width unless it has a width setting of its own
            boolean ownOrder2 = options.get(WIDTH_ORDER2) != null;
            ApertureWidth w2 = ownOrder2 ? options.get(WIDTH_ORDER2) : w1;
            TraceCentroids given = options.get(CENTROIDS_FILE) != null
                    ? CentroidsCsv.read(Path.of(options.get(CENTROIDS_FILE))) : null;
            int rows = first.rows();
            DeepStack stack;
            DeepStack picture;
            PixelWindow window = null;
            if (given == null || options.get(Stage3Parameters.EXTRACT_METHOD) == ExtractMethod.ATOCA) {
                stack = DeepStack.compute(readers, progress);
                picture = stack;
            } else {
                // given centroids, box: only the repair of missing pixels reads the deep stack, near the traces (in
                // the boxes of every candidate width when a width is optimised); the plot gets a preview
                window = boxWindow(given, w1, w2, rows);
                DeepStack.Sparse sparse = DeepStack.computeSparse(readers, window.mask(), progress);
                stack = sparse.model();
                picture = sparse.preview();
            }
            TraceCentroids centroids = given != null ? given : SossCentroids.find(stack, first.subarray(), prior);
            PriorDistance distance = PriorDistance.between(centroids, prior, first.rows());
            distance.lines().forEach(l -> LOG.log(distance.flagged() ? System.Logger.Level.WARNING
                    : System.Logger.Level.INFO, obs.observationId() + ": " + l));

            WidthOptimizer opt1 = w1.optimize()
                    ? new WidthOptimizer(BoxAperture.extractedCentres(centroids, 1), rows) : null;
            WidthOptimizer opt2 = ownOrder2 && w2.optimize()
                    ? new WidthOptimizer(BoxAperture.extractedCentres(centroids, 2), rows) : null;
            if (opt1 != null || opt2 != null) {
                PixelWindow read = window != null ? window : boxWindow(centroids, w1, w2, rows);
                optimisePass(readers, new BadPixelFiller(stack, centroids, read), read, opt1, opt2, progress);
            }
            WidthOptimizer.Metric metric = options.get(Stage3Parameters.WIDTH_METRIC);
            WidthOptimizer.Result r1 = opt1 == null ? null : opt1.result(metric);
            WidthOptimizer.Result r2 = opt2 == null ? null : opt2.result(metric);
            int width1 = r1 != null ? r1.bestWidth() : w1.pixels();
            int width2 = r2 != null ? r2.bestWidth() : (ownOrder2 ? w2.pixels() : width1);

            Profile profile = new Profile(obs.observationId(), first.targetName(), first.subarray(), centroids,
                    width1, width2, headers.stream().map(SegmentHeader::segmentNumber).sorted().toList(),
                    curve(r1), curve(r2), distance);
            return new Result(profile, stack, picture, prior);
        } finally {
            readers.forEach(SegmentReader::close);
        }
    }

    /**
     * The pixels box extraction and its repair read ({@link SegmentExtraction#window}) for every width the settings
     * allow: the one fixed width of an order, or all of {@link WidthOptimizer#MIN_WIDTH} to
     * {@link WidthOptimizer#MAX_WIDTH} when it is optimised (order 2 following an optimised order 1 takes any of them
     * too).
     */
    private static PixelWindow boxWindow(TraceCentroids centroids, ApertureWidth w1, ApertureWidth w2, int rows) {
        List<BoxAperture> boxes = new ArrayList<>();
        for (int order = 1; order <= 2; order++) {
            ApertureWidth w = order == 1 ? w1 : w2;
            int from = w.optimize() ? WidthOptimizer.MIN_WIDTH : w.pixels();
            int to = w.optimize() ? WidthOptimizer.MAX_WIDTH : w.pixels();
            for (int width = from; width <= to; width++) {
                boxes.add(BoxAperture.forOrder(centroids, order, width, rows));
            }
        }
        return SegmentExtraction.window(rows, io.sossstream.segment.Subarray.COLUMNS, boxes, centroids);
    }

    private static Profile.WidthCurve curve(WidthOptimizer.Result r) {
        return r == null ? null : new Profile.WidthCurve(r.widths(), r.scores(), r.metric().unit());
    }

    /**
     * One pass over the profile segments, frames read through {@code window} (every pixel a box of any candidate
     * width reads) and repaired as extraction will repair them. Blocks of consecutive
     * integrations on the Workers' threads, each with its own frame and prefix sums; the white-light fluxes are
     * added in time order afterwards, so the curves do not depend on the schedule.
     */
    private static void optimisePass(List<FitsSegmentReader> readers, BadPixelFiller filler, PixelWindow window,
                                     WidthOptimizer o1, WidthOptimizer o2, ProgressListener progress) {
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
                    r.read(i, frame, window);
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
