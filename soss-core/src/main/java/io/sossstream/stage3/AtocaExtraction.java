package io.sossstream.stage3;

import io.sossstream.ProgressListener;
import io.sossstream.atoca.AtocaModel;
import io.sossstream.atoca.AtocaOptions;
import io.sossstream.atoca.AtocaOrder;
import io.sossstream.atoca.AtocaSpectra;
import io.sossstream.atoca.SossEstimate;
import io.sossstream.atoca.SossEstimateFits;
import io.sossstream.atoca.TypicalIntegration;
import io.sossstream.error.BadInputException;
import io.sossstream.plot.LinePlot;
import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthMap;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.segment.Frame;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.SegmentReader;
import io.sossstream.specprofile.SpecProfile;
import io.sossstream.spectra.SegmentSpectra;
import io.sossstream.spectra.SpectraFitsWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Stage 3's decontaminating extraction (extractMethod atoca): the {@link AtocaModel} of the observation, computed
 * once from its reference segments, then each segment's integrations extracted with it into the same
 * {@link SegmentSpectra} layout as box extraction (orders 1 and 2, 2048 columns; order 2 beyond its 1783
 * extracted columns holds 0, as box extraction's unextracted columns). Keeps what the product's header, the
 * soss_estimate file and the decontamination plot need.
 */
public final class AtocaExtraction {
    public static final String ESTIMATE_FILE = "soss_estimate.fits";
    public static final String DECONTAMINATION_PLOT = "atoca_decontamination.png";

    private final AtocaModel model;
    private final String profileSource;
    private final double[][] contaminationSum = new double[2][];
    private final int[][] contaminationCount = new int[2][];

    private AtocaExtraction(AtocaModel model, String profileSource) {
        this.model = model;
        this.profileSource = profileSource;
        for (int o = 0; o < 2; o++) {
            contaminationSum[o] = new double[model.columns(o + 1)];
            contaminationCount[o] = new int[model.columns(o + 1)];
        }
    }

    /**
     * @param referenceFiles segments whose integrations make the typical integration (the profile's segments)
     * @param spec           spatial profile of orders 1–3
     * @param profileSource  where {@code spec} came from (file name, or "built from the deep stack")
     * @param width          box width (px) of the decontaminated extraction
     */
    public static AtocaExtraction prepare(List<Path> referenceFiles, SpecProfile spec, String profileSource,
                                          double width, Stage3Options options, ProgressListener progress) {
        List<FitsSegmentReader> readers = new ArrayList<>();
        try {
            int total = 0;
            for (Path f : referenceFiles) {
                FitsSegmentReader r = FitsSegmentReader.open(f);
                readers.add(r);
                total += r.header().integrations();
            }
            SegmentHeader h0 = readers.get(0).header();
            TypicalIntegration.Accumulator acc = new TypicalIntegration.Accumulator(h0.rows(),
                    io.sossstream.segment.Subarray.COLUMNS, total);
            Frame frame = new Frame(h0.rows(), io.sossstream.segment.Subarray.COLUMNS);
            int done = 0;
            for (FitsSegmentReader r : readers) {
                for (int i = 0; i < r.header().integrations(); i++) {
                    r.read(i, frame);
                    acc.add(frame);
                    progress.progress("atoca typical integration", ++done, total);
                }
            }
            TypicalIntegration typical = acc.finish(null);
            AtocaOptions opt = options(options, width);
            SpecTrace trace = SpecTrace.load(h0.subarray());
            List<AtocaOrder> orders = AtocaOrder.of(trace, WavelengthMap.fromSpecTrace(trace), spec,
                    opt.orderThree() ? 3 : 2, profileSource);
            progress.progress("atoca model", 0, 1);
            AtocaModel model = AtocaModel.build(orders, typical, opt);
            progress.progress("atoca model", 1, 1);
            return new AtocaExtraction(model, profileSource);
        } finally {
            readers.forEach(SegmentReader::close);
        }
    }

    /** The engine settings the parameters ask for. */
    static AtocaOptions options(Stage3Options options, double width) {
        AtocaOptions opt = AtocaOptions.defaults(width)
                .withOrderThree(options.get(Stage3Parameters.SOSS_ORDER3).on())
                .withBadPixels(options.get(Stage3Parameters.SOSS_BAD_PIX));
        Double tik = options.get(Stage3Parameters.SOSS_TIKFAC);
        if (tik != null) {
            opt = opt.withTikfac(tik);
        }
        String est = options.get(Stage3Parameters.SOSS_ESTIMATE);
        if (est != null) {
            opt = opt.withEstimate(SossEstimateFits.read(Path.of(est)));
        }
        return opt;
    }

    public AtocaModel model() {
        return model;
    }

    /** Extracts every integration of one segment. */
    public SegmentSpectra extract(Path segmentFile, ProgressListener progress) {
        try (FitsSegmentReader reader = FitsSegmentReader.open(segmentFile)) {
            SegmentHeader h = reader.header();
            int cols = io.sossstream.segment.Subarray.COLUMNS;
            int n = h.integrations();
            SegmentSpectra out = SegmentSpectra.allocate(h.segmentNumber(), h.intStart(), n, cols);
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
                    for (int x = 0; x < contaminationSum[o].length; x++) {
                        double total = s.flux()[o][x] + s.contamination()[o][x];
                        double frac = s.contamination()[o][x] / total;
                        if (Double.isFinite(frac)) {
                            contaminationSum[o][x] += frac;
                            contaminationCount[o][x]++;
                        }
                    }
                }
                progress.progress(task, i + 1, n);
            }
            return out;
        }
    }

    private static void copy(AtocaSpectra s, int o, double[] flux, double[] err) {
        Arrays.fill(flux, 0);
        Arrays.fill(err, 0);
        System.arraycopy(s.flux()[o], 0, flux, 0, s.flux()[o].length);
        System.arraycopy(s.fluxError()[o], 0, err, 0, s.fluxError()[o].length);
    }

    /** Header cards of the product: Tikhonov factors, grid size, specprofile source. */
    public List<SpectraFitsWriter.Card> cards() {
        List<SpectraFitsWriter.Card> cards = new ArrayList<>();
        cards.add(new SpectraFitsWriter.Card("TIKFAC1", model.tikfac(1), "ATOCA Tikhonov factor, orders 1+2"));
        cards.add(new SpectraFitsWriter.Card("TIKFAC2", finiteOr(model.tikfac(2)), "ATOCA Tikhonov factor, blue order 2"));
        cards.add(new SpectraFitsWriter.Card("TIKFAC3", finiteOr(model.tikfac(3)), "ATOCA Tikhonov factor, order 3"));
        cards.add(new SpectraFitsWriter.Card("GRIDSIZE", model.grid().length, "ATOCA wavelength grid points"));
        cards.add(new SpectraFitsWriter.Card("ATOCAWID", model.options().width(), "ATOCA box width (px)"));
        cards.add(new SpectraFitsWriter.Card("SPECPROF", profileSource, "spatial profile of the orders"));
        cards.add(new SpectraFitsWriter.Card("BADPIX", model.options().badPixels().name().toLowerCase(Locale.ROOT),
                "ATOCA bad pixels in the box"));
        cards.add(new SpectraFitsWriter.Card("ORDER3", model.options().orderThree() ? "on" : "off", "order 3 modelled"));
        return cards;
    }

    private static Object finiteOr(double v) {
        return Double.isFinite(v) ? (Object) v : "NaN";
    }

    /** Writes this run's order-1 spectrum as a soss_estimate file. */
    public void writeEstimate(Path file) throws IOException {
        SossEstimate e = model.orderOneSpectrum();
        SossEstimateFits.write(e, file);
    }

    /** Per order, the mean fraction of the box flux that was another order's light, against wavelength. */
    public void writePlot(Path png) throws IOException {
        LinePlot plot = new LinePlot("ATOCA decontamination: other orders' share of the box flux", "wavelength (µm)",
                "contamination fraction");
        for (int o = 0; o < 2; o++) {
            double[] w = model.wavelengths(o + 1);
            double[] f = new double[w.length];
            for (int x = 0; x < w.length; x++) {
                f[x] = contaminationCount[o][x] > 0 ? contaminationSum[o][x] / contaminationCount[o][x] : Double.NaN;
            }
            plot.line("order " + (o + 1), w, f);
        }
        plot.write(png);
    }

    /** A SPECPROFILE file given by the user, checked against the subarray. */
    static void check(SpecProfile spec, io.sossstream.segment.Subarray subarray, String source) {
        if (spec.subarray() != subarray) {
            throw new BadInputException(source, "specprofile is for " + spec.subarray() + ", the data are " + subarray);
        }
    }
}
