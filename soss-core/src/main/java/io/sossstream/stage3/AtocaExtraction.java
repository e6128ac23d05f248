package io.sossstream.stage3;

import io.sossstream.ProgressListener;
import io.sossstream.atoca.AtocaModel;
import io.sossstream.atoca.AtocaModelFile;
import io.sossstream.atoca.AtocaOptions;
import io.sossstream.atoca.AtocaOrder;
import io.sossstream.atoca.AtocaSpectra;
import io.sossstream.atoca.SossEstimate;
import io.sossstream.atoca.SossEstimateFits;
import io.sossstream.atoca.TypicalIntegration;
import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthMap;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.segment.Frame;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.SegmentReader;
import io.sossstream.segment.Subarray;
import io.sossstream.specprofile.SpecProfile;
import io.sossstream.spectra.SegmentSpectra;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Stage 3's decontaminating extraction (extractMethod atoca): the {@link AtocaModel} of the observation, computed
 * once from its reference segments ({@link #prepare}, the profile step) and stored ({@link #toBytes}); each segment's
 * integrations are then extracted with it ({@link #extract}, the extract step, after {@link #fromBytes}) into the
 * same {@link SegmentSpectra} layout as box extraction (orders 1 and 2, 2048 columns; order 2 beyond its 1783
 * extracted columns holds 0, as box extraction's unextracted columns), with the segment's {@link Decontamination}.
 */
public final class AtocaExtraction {
    /** Suffix of the soss_estimate product ({@code <obs>_soss_estimate.fits}). */
    public static final String ESTIMATE_FILE = "soss_estimate.fits";

    private final AtocaModel model;

    private AtocaExtraction(AtocaModel model) {
        this.model = model;
    }

    /** One segment's spectra and what decontamination removed from them. */
    public record Segment(SegmentSpectra spectra, Decontamination decontamination) {
    }

    /**
     * @param referenceFiles segments whose integrations make the typical integration (the profile's segments)
     * @param spec           spatial profile of orders 1–3
     * @param profileSource  where {@code spec} came from (for messages)
     * @param settings       the engine's settings ({@link #settings})
     */
    public static AtocaExtraction prepare(List<Path> referenceFiles, SpecProfile spec, String profileSource,
                                         AtocaOptions settings, ProgressListener progress) {
        List<FitsSegmentReader> readers = new ArrayList<>();
        try {
            int total = 0;
            for (Path f : referenceFiles) {
                FitsSegmentReader r = FitsSegmentReader.open(f);
                readers.add(r);
                total += r.header().integrations();
            }
            SegmentHeader h0 = readers.get(0).header();
            TypicalIntegration.Accumulator acc = new TypicalIntegration.Accumulator(h0.rows(), Subarray.COLUMNS, total);
            Frame frame = new Frame(h0.rows(), Subarray.COLUMNS);
            int done = 0;
            for (FitsSegmentReader r : readers) {
                for (int i = 0; i < r.header().integrations(); i++) {
                    r.read(i, frame);
                    acc.add(frame);
                    progress.progress("atoca typical integration", ++done, total);
                }
            }
            TypicalIntegration typical = acc.finish(null);
            SpecTrace trace = SpecTrace.load(h0.subarray());
            List<AtocaOrder> orders = AtocaOrder.of(trace, WavelengthMap.fromSpecTrace(trace), spec,
                    settings.orderThree() ? 3 : 2, profileSource);
            progress.progress("atoca model", 0, 1);
            AtocaModel model = AtocaModel.build(orders, typical, settings);
            progress.progress("atoca model", 1, 1);
            return new AtocaExtraction(model);
        } finally {
            readers.forEach(SegmentReader::close);
        }
    }

    /**
     * The engine settings the parameters ask for.
     *
     * @param width    box width (px) of the decontaminated extraction
     * @param estimate the observation's soss_estimate, or null
     */
    public static AtocaOptions settings(Stage3Options options, double width, SossEstimate estimate) {
        AtocaOptions opt = AtocaOptions.defaults(width)
                .withOrderThree(options.get(Stage3Parameters.SOSS_ORDER3).on())
                .withBadPixels(options.get(Stage3Parameters.SOSS_BAD_PIX));
        Double tik = options.get(Stage3Parameters.SOSS_TIKFAC);
        if (tik != null) {
            opt = opt.withTikfac(tik);
        }
        return estimate == null ? opt : opt.withEstimate(estimate);
    }

    /** Stores the model ({@link AtocaModelFile}). */
    public void write(Path file) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            AtocaModelFile.write(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ATOCA model to " + file, e);
        }
    }

    /**
     * A stored model, ready to extract.
     *
     * @param source the object key or file it came from (messages)
     */
    public static AtocaExtraction read(Path file, String source) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new AtocaExtraction(AtocaModelFile.read(in, source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public AtocaModel model() {
        return model;
    }

    /** Extracts every integration of one segment. */
    public Segment extract(Path segmentFile, ProgressListener progress) {
        try (FitsSegmentReader reader = FitsSegmentReader.open(segmentFile)) {
            SegmentHeader h = reader.header();
            int cols = Subarray.COLUMNS;
            int n = h.integrations();
            SegmentSpectra out = SegmentSpectra.allocate(h.segmentNumber(), h.intStart(), n, cols);
            Decontamination removed = Decontamination.empty(model.columns(1), model.columns(2));
            Frame frame = new Frame(h.rows(), cols);
            int np = h.rows() * cols;
            double[] sci = new double[np];
            double[] err = new double[np];
            boolean[] bad = new boolean[np];
            String task = "atoca seg" + String.format(Locale.ROOT, "%03d", h.segmentNumber());
            for (int i = 0; i < n; i++) {
                reader.read(i, frame);
                for (int p = 0; p < np; p++) {
                    sci[p] = frame.sci[p];
                    err[p] = frame.err[p];
                    bad[p] = !Double.isFinite(sci[p]) || !(err[p] > 0) || (frame.dq[p] & Frame.DO_NOT_USE) != 0;
                }
                AtocaSpectra s = model.extract(sci, err, bad);
                out.times()[i] = frame.timeMid;
                copy(s, 0, out.fluxO1()[i], out.errO1()[i]);
                copy(s, 1, out.fluxO2()[i], out.errO2()[i]);
                for (int o = 0; o < 2; o++) {
                    removed.add(o + 1, s.flux()[o], s.contamination()[o]);
                }
                progress.progress(task, i + 1, n);
            }
            return new Segment(out, removed);
        }
    }

    private static void copy(AtocaSpectra s, int o, double[] flux, double[] err) {
        Arrays.fill(flux, 0);
        Arrays.fill(err, 0);
        System.arraycopy(s.flux()[o], 0, flux, 0, s.flux()[o].length);
        System.arraycopy(s.fluxError()[o], 0, err, 0, s.fluxError()[o].length);
    }

    /** What the product records of this model; {@code profileSource} names the spatial profile. */
    public AtocaSummary summary(String profileSource) {
        return new AtocaSummary(new double[] {model.tikfac(1), model.tikfac(2), model.tikfac(3)}, model.grid().length,
                model.options().width(), profileSource, model.options().badPixels().name(),
                model.options().orderThree(), model.wavelengths(1), model.wavelengths(2));
    }

    /** This observation's order-1 spectrum (of its typical integration), as a soss_estimate file for later runs. */
    public byte[] estimateBytes() {
        return SossEstimateFits.toBytes(model.orderOneSpectrum());
    }
}
