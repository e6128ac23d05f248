package io.sossstream.stage3;

import io.sossstream.ProgressListener;
import io.sossstream.Workers;
import io.sossstream.error.BadInputException;
import io.sossstream.extract.BadPixelFiller;
import io.sossstream.extract.BoxAperture;
import io.sossstream.extract.BoxExtractor;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.segment.PixelWindow;
import io.sossstream.segment.Frame;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.SegmentReader;
import io.sossstream.spectra.SegmentSpectra;
import io.sossstream.stack.DeepStack;
import io.sossstream.trace.TraceCentroids;

import java.nio.file.Path;

/**
 * Box-extracts orders 1 and 2 of one segment with an observation's {@link Profile} (extract-service's science),
 * streaming integration by integration: one frame buffer per thread, whatever the number of integrations. The
 * reader must allow reads from several threads ({@link FitsSegmentReader} does).
 */
public final class SegmentExtraction {
    private SegmentExtraction() {
    }

    /**
     * @param deepStack the observation's deep stack, the model that repairs missing pixels
     *                  ({@link BadPixelFiller}); null to leave them missing (exoTEDRF's NaN propagation)
     */
    public static SegmentSpectra extract(Path segmentFile, Profile profile, DeepStack deepStack, ProgressListener progress) {
        try (FitsSegmentReader reader = FitsSegmentReader.open(segmentFile)) {
            return extract(reader, profile, deepStack, progress);
        }
    }

    public static SegmentSpectra extract(SegmentReader reader, Profile profile, DeepStack deepStack,
                                         ProgressListener progress) {
        SegmentHeader h = reader.header();
        if (!h.observationId().equals(profile.observationId())) {
            throw new BadInputException(h.fileName(), "belongs to observation " + h.observationId()
                    + ", not " + profile.observationId());
        }
        if (h.subarray() != profile.subarray()) {
            throw new BadInputException(h.fileName(), "subarray " + h.subarray() + " differs from the observation's "
                    + profile.subarray());
        }
        int cols = io.sossstream.segment.Subarray.COLUMNS;
        BoxExtractor o1 = new BoxExtractor(BoxAperture.forOrder(profile.centroids(), 1, profile.widthOrder1(), h.rows()));
        BoxExtractor o2 = new BoxExtractor(BoxAperture.forOrder(profile.centroids(), 2, profile.widthOrder2(), h.rows()));
        int n = h.integrations();
        SegmentSpectra out = SegmentSpectra.allocate(h.segmentNumber(), h.intStart(), n, cols);
        PixelWindow window = window(h.rows(), cols, o1.aperture(), o2.aperture(),
                deepStack == null ? null : profile.centroids());
        BadPixelFiller filler = deepStack == null ? null : new BadPixelFiller(deepStack, profile.centroids(), window);
        String task = "extract seg" + String.format("%03d", h.segmentNumber());
        int[] done = {0};
        // Blocks of consecutive integrations on the Workers' threads, each with its own frame; every integration
        // writes only its own row of the output, so the spectra do not depend on the schedule.
        int blocks = Math.min(n, 2 * Workers.count());
        Workers.forEach(blocks, b -> {
            Frame frame = new Frame(h.rows(), cols);
            for (int i = b * n / blocks; i < (b + 1) * n / blocks; i++) {
                reader.read(i, frame, window);
                if (filler != null) {
                    filler.fill(frame);
                }
                out.times()[i] = frame.timeMid;
                o1.extract(frame, out.fluxO1()[i], out.errO1()[i]);
                o2.extract(frame, out.fluxO2()[i], out.errO2()[i]);
                synchronized (done) {
                    progress.progress(task, ++done[0], n);
                }
            }
        });
        return out;
    }

    /**
     * The pixels the extraction reads: the rows of both apertures and, when missing pixels are repaired, the band
     * around the order-1 trace that {@link BadPixelFiller} scales the deep stack by ({@link BadPixelFiller#band}).
     * The spectra depend on nothing else: the repair of a column reads only its band and changes only missing pixels,
     * so pixels outside the window (never read, never missing) change nothing. For the same reason these are the
     * pixels where a deep stack that repairs these apertures must be exact.
     *
     * @param centroids the centroids the repair band follows; null when nothing is repaired
     */
    public static PixelWindow window(int rows, int cols, BoxAperture o1, BoxAperture o2, TraceCentroids centroids) {
        return window(rows, cols, java.util.List.of(o1, o2), centroids);
    }

    /** {@link #window(int, int, BoxAperture, BoxAperture, TraceCentroids)} of any set of apertures. */
    public static PixelWindow window(int rows, int cols, java.util.List<BoxAperture> apertures,
                                     TraceCentroids centroids) {
        PixelWindow.Builder b = new PixelWindow.Builder(rows, cols);
        for (BoxAperture a : apertures) {
            for (int x = 0; x < cols; x++) {
                if (!a.isExtracted(x)) {
                    continue;
                }
                b.add(x, a.wholeStart(x), a.wholeEnd(x));
                if (a.lowerRow(x) >= 0) {
                    b.add(x, a.lowerRow(x), a.lowerRow(x) + 1);
                }
                if (a.upperRow(x) >= 0) {
                    b.add(x, a.upperRow(x), a.upperRow(x) + 1);
                }
            }
        }
        if (centroids != null) {
            int[] lo = new int[cols];
            int[] hi = new int[cols];
            BadPixelFiller.band(centroids, rows, cols, lo, hi);
            for (int x = 0; x < cols; x++) {
                b.add(x, lo[x], hi[x]);
            }
        }
        return b.build();
    }
}
