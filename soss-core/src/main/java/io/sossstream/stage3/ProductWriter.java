package io.sossstream.stage3;

import io.sossstream.SossStream;
import io.sossstream.calibrate.FluxCalibration;
import io.sossstream.error.BadInputException;
import io.sossstream.extract.BoxAperture;
import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthSolution;
import io.sossstream.segment.Subarray;
import io.sossstream.spectra.LightCurveClipper;
import io.sossstream.spectra.SegmentSpectra;
import io.sossstream.spectra.SpectraFitsWriter;
import io.sossstream.spectra.TimeSeriesSpectra;
import io.sossstream.trace.PriorDistance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.sossstream.stage3.Stage3Parameters.CLIP_THRESHOLD;
import static io.sossstream.stage3.Stage3Parameters.CLIP_WINDOW;
import static io.sossstream.stage3.Stage3Parameters.FLUX_CALIBRATE;

/**
 * formatter-service's science (§8): assembles every segment's spectra in EXSEGNUM order, applies the
 * calibrated wavelengths, reverses to increasing wavelength, clips outliers along time, and renders
 * {@code <TARGNAME>_box_spectra_fullres.fits} with the provenance that reproduces the run: the inputs, the
 * decisions of the steps and the run's parameters ({@link ParameterCards}).
 */
public final class ProductWriter {
    private ProductWriter() {
    }

    /**
     * The product: its file name, the assembled spectra (for plots and summaries) and what the FITS file holds
     * besides them, written on demand: the file is streamed to disk, never built whole in memory.
     */
    public record Product(String fileName, TimeSeriesSpectra spectra, SpectraFitsWriter.Metadata metadata,
                          List<SpectraFitsWriter.Card> cards, List<SpectraFitsWriter.Extension> extensions) {

        /** Writes the FITS file at {@code path} (atomically, streamed). */
        public void write(Path path) {
            try {
                SpectraFitsWriter.write(path, spectra, metadata, cards, extensions);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path, e);
            }
        }

        /** The FITS file's bytes (for small products and tests; {@link #write} streams). */
        public byte[] fits() {
            return SpectraFitsWriter.toBytes(spectra, metadata, cards, extensions);
        }
    }

    /**
     * @param segments    spectra of every segment of the observation, in any order
     * @param inputs      the raw segment files (name and checksum), in any order
     * @param date        the DATE card (ISO); the only part of the bytes that varies between identical runs
     */
    public static Product assemble(List<SegmentSpectra> segments, Profile profile, Calibration calibration,
                                   Stage3Options options, List<InputFile> inputs, String date) {
        return assemble(segments, profile, calibration, options, inputs, date, List.of());
    }

    /** @param methodCards header cards of the extraction method (e.g. ATOCA's factors), after the provenance */
    public static Product assemble(List<SegmentSpectra> segments, Profile profile, Calibration calibration,
                                   Stage3Options options, List<InputFile> inputs, String date,
                                   List<SpectraFitsWriter.Card> methodCards) {
        List<SegmentSpectra> ordered = new ArrayList<>(segments);
        ordered.sort(Comparator.comparingInt(SegmentSpectra::segmentNumber));
        int expectedStart = ordered.get(0).intStart();
        for (SegmentSpectra s : ordered) {
            if (s.intStart() != expectedStart) {
                throw new BadInputException("segment " + s.segmentNumber(), "starts at integration " + s.intStart()
                        + " but " + expectedStart + " was expected (gap or overlap between segments)");
            }
            expectedStart += s.integrations();
        }
        LightCurveClipper clipper = new LightCurveClipper(options.get(CLIP_THRESHOLD), options.get(CLIP_WINDOW));
        TimeSeriesSpectra spectra = TimeSeriesSpectra.assemble(ordered,
                extractedOnly(calibration.solution(profile.subarray()), profile), clipper);

        String name = options.productName(profile.targetName());
        SpectraFitsWriter.Metadata meta = new SpectraFitsWriter.Metadata(profile.targetName(), date,
                SossStream.pipeline(), SossStream.NAME,
                options.get(Stage3Parameters.EXTRACT_METHOD).name().toLowerCase(java.util.Locale.ROOT),
                profile.widthOrder1(), profile.widthOrder2());
        List<SpectraFitsWriter.Card> cards = provenance(profile, calibration, options, inputs);
        cards.addAll(methodCards);
        List<SpectraFitsWriter.Extension> extra = List.of();
        if (options.get(FLUX_CALIBRATE)) {
            extra = fluxCalibrated(spectra, profile, calibration);
            cards.add(new SpectraFitsWriter.Card("FLUXCAL", FluxCalibration.CAVEAT, "Jy extensions: PHOTOM caveat"));
        }
        return new Product(name, spectra, meta, List.copyOf(cards), List.copyOf(extra));
    }

    /**
     * exoTEDRF's {@code flux_calibrate_soss}: DN/s → Jy with the PHOTOM response at the wavelength each column
     * sees once the trace is moved by the PWCPOS offset; appended as four extensions ({@code Flux O1 Jy}, …).
     */
    private static List<SpectraFitsWriter.Extension> fluxCalibrated(TimeSeriesSpectra s, Profile p, Calibration c) {
        if (!Double.isFinite(c.pwcpos())) {
            throw new BadInputException(p.observationId(), "flux calibration needs PWCPOS in the segment headers");
        }
        FluxCalibration photom = FluxCalibration.load();
        SpecTrace trace = SpecTrace.load(p.subarray());
        List<SpectraFitsWriter.Extension> out = new ArrayList<>();
        for (int order = 1; order <= 2; order++) {
            double[] k = TimeSeriesSpectra.reversed(photom.scaling(order, c.pwcpos(), trace));
            double[][] flux = order == 1 ? s.fluxO1() : s.fluxO2();
            double[][] err = order == 1 ? s.errO1() : s.errO2();
            out.add(new SpectraFitsWriter.Extension("Flux O" + order + " Jy", "Jy", scaled(flux, k)));
            out.add(new SpectraFitsWriter.Extension("Flux Err O" + order + " Jy", "Jy", scaled(err, k)));
        }
        return out;
    }

    private static double[][] scaled(double[][] a, double[] k) {
        double[][] out = new double[a.length][];
        for (int t = 0; t < a.length; t++) {
            out[t] = new double[k.length];
            for (int x = 0; x < k.length; x++) {
                out[t][x] = a[t][x] * k[x];
            }
        }
        return out;
    }

    /**
     * The wavelengths with NaN at every column that was not extracted (no centroid, or the aperture off the
     * detector: order 2 past the end of its trace, all of order 2 in SUBSTRIP96), so that Wave, Flux and Flux Err
     * agree on which columns hold data.
     */
    static WavelengthSolution extractedOnly(WavelengthSolution w, Profile p) {
        double[][] out = {w.orderOne().clone(), w.orderTwo().clone()};
        for (int order = 1; order <= 2; order++) {
            BoxAperture a = BoxAperture.forOrder(p.centroids(), order, p.width(order), p.subarray().rows());
            for (int x = 0; x < out[order - 1].length; x++) {
                if (!a.isExtracted(x)) {
                    out[order - 1][x] = Double.NaN;
                }
            }
        }
        return new WavelengthSolution(out[0], out[1], w.shiftMicrons());
    }

    private static List<SpectraFitsWriter.Card> provenance(Profile p, Calibration c, Stage3Options o, List<InputFile> inputs) {
        List<SpectraFitsWriter.Card> cards = new ArrayList<>();
        cards.add(new SpectraFitsWriter.Card("SOFTVER", SossStream.VERSION, "soss-stream version"));
        cards.add(new SpectraFitsWriter.Card("OBS_ID", p.observationId(), "observation (file root without segment)"));
        cards.add(new SpectraFitsWriter.Card("SUBARRAY", p.subarray().name(), "detector subarray"));
        if (p.subarray() == Subarray.SUBSTRIP96) {
            cards.add(new SpectraFitsWriter.Card("ORDER2", "not observed: SUBSTRIP96 covers order 1 only; "
                    + "Wave/Flux/Flux Err O2 are NaN", "order 2"));
        }
        cards.addAll(ParameterCards.of(o));
        cards.add(new SpectraFitsWriter.Card("CENTSRC", p.centroids().source(), "trace centroid source"));
        PriorDistance d = p.priorDistance();
        if (d != null) {
            cards.add(new SpectraFitsWriter.Card("TRPRIOR", d.priorSource(), "trace prior of the centroids"));
            cards.add(new SpectraFitsWriter.Card("TRPRIDST", d.compact(), "median/max |y - prior| per order"));
            cards.add(new SpectraFitsWriter.Card("TRFLAG", d.flagged(), "a trace departs from its prior (PriorDistance)"));
        }
        cards.add(new SpectraFitsWriter.Card("PROFSEGS", joined(p.referenceSegments()), "segments the profile was built from"));
        cards.add(new SpectraFitsWriter.Card("WAVESOL", c.solution() == null ? Calibration.SPECTRACE : c.solution(),
                "reference wavelength solution"));
        cards.add(new SpectraFitsWriter.Card("WAVESTAT", c.status(), "wavelength refinement outcome"));
        cards.add(new SpectraFitsWriter.Card("WAVEWHY", c.message(), "why"));
        if (c.method() != null) {
            cards.add(new SpectraFitsWriter.Card("WAVEMETH", c.method(), "how the shift was measured"));
        }
        cards.add(new SpectraFitsWriter.Card("WAVESHFT", c.shiftMicrons(), "wavelength shift applied to both orders (um)"));
        cards.add(new SpectraFitsWriter.Card("WAVEMEAS", finiteOr(c.measuredMicrons()), "measured shift (um), applied or not"));
        cards.add(new SpectraFitsWriter.Card("WAVESHPX", finiteOr(c.shiftPixels()), "measured trace x shift (px)"));
        cards.add(new SpectraFitsWriter.Card("WAVESHER", finiteOr(c.uncertaintyPixels()), "1-sigma of the shift (px)"));
        cards.add(new SpectraFitsWriter.Card("WAVEPEAK", finiteOr(c.peakCorrelation()), "normalised CCF peak"));
        cards.add(new SpectraFitsWriter.Card("WAVE2PK", finiteOr(c.secondPeakRatio()), "next CCF maximum / peak"));
        cards.add(new SpectraFitsWriter.Card("PWCPRIOR", finiteOr(c.predictedOffsetPixels()),
                "prior on the shift (px): PWCPOS -11 px/deg, 0 for PASTASOSS"));
        if (c.model() != null) {
            cards.add(new SpectraFitsWriter.Card("STARMODL", c.model(), "stellar model of the refinement"));
        }
        List<InputFile> sorted = new ArrayList<>(inputs);
        sorted.sort(Comparator.comparing(InputFile::name));
        cards.add(new SpectraFitsWriter.Card("NINFILES", sorted.size(), "input segment files"));
        for (int i = 0; i < sorted.size(); i++) {
            cards.add(new SpectraFitsWriter.Card("INFILE" + (i + 1), sorted.get(i).name(), "input segment"));
            cards.add(new SpectraFitsWriter.Card("INSUM" + (i + 1), sorted.get(i).checksum(),
                    InputFile.ALGORITHM + " checksum of INFILE" + (i + 1)));
        }
        return cards;
    }

    private static Object finiteOr(double v) {
        return Double.isFinite(v) ? (Object) v : "NaN";
    }

    private static String joined(List<Integer> segs) {
        StringBuilder sb = new StringBuilder();
        for (int s : segs) {
            sb.append(sb.length() == 0 ? "" : ",").append(s);
        }
        return sb.toString();
    }
}
