package io.sossstream.stage3;

import io.sossstream.calibrate.CrossCorrelation;
import io.sossstream.calibrate.ModelFileSource;
import io.sossstream.calibrate.ModelSpectrum;
import io.sossstream.calibrate.PhoenixGrid;
import io.sossstream.calibrate.PupilWheelPrior;
import io.sossstream.calibrate.TemplateSpectrum;
import io.sossstream.calibrate.WavelengthRefinement;
import io.sossstream.calibrate.WavelengthShift;
import io.sossstream.reference.WavelengthSolution;
import io.sossstream.segment.Subarray;
import io.sossstream.spectra.SegmentSpectra;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static io.sossstream.stage3.Stage3Parameters.FEH;
import static io.sossstream.stage3.Stage3Parameters.LOGG;
import static io.sossstream.stage3.Stage3Parameters.STELLAR_TEMPLATE;
import static io.sossstream.stage3.Stage3Parameters.TEFF;

/**
 * calibration-service's science: the wavelength shift of the reference segments' order-1 spectrum against the
 * configured stellar model (exoTEDRF {@code format_soss_spectra} + {@code do_ccf}, §7), or the reference
 * solution kept, flagged, when no model is configured.
 */
public final class WavelengthCalibration {
    private static final System.Logger LOG = System.getLogger(WavelengthCalibration.class.getName());
    private WavelengthCalibration() {
    }

    /** The persisted calibration and the full refinement result (for plots). */
    public record Outcome(Calibration calibration, WavelengthRefinement.Result refinement, double[] x1d) {
    }

    /**
     * @param reference   the extracted spectra of the profile's reference segments
     * @param model       stellar model or template, null to keep the reference solution
     * @param pwcpos      pupil-wheel position in degrees (NaN if unknown)
     * @param pastasoss   start from the PASTASOSS solution at {@code pwcpos} instead of SPECTRACE
     * @param pwcposSource the file PWCPOS came from (named in the error if PASTASOSS cannot use it)
     */
    public static Outcome compute(List<SegmentSpectra> reference, Subarray subarray, ModelSpectrum model, double pwcpos,
                                  boolean pastasoss, String pwcposSource) {
        double[] x1d = WavelengthRefinement.sumOverIntegrations(reference.stream().map(SegmentSpectra::fluxO1).toList());
        double[] x1dErr = WavelengthRefinement.errorOverIntegrations(
                reference.stream().map(SegmentSpectra::fluxO1).toList(), reference.stream().map(SegmentSpectra::errO1).toList());
        fillInteriorGaps(x1d);
        WavelengthSolution ref = Calibration.reference(subarray, pastasoss, pwcpos, pwcposSource);
        // SPECTRACE is the solution at the calibration PWCPOS: expect the trace to sit where PWCPOS moves it.
        // PASTASOSS already follows PWCPOS: expect no shift.
        double prior = pastasoss ? 0.0 : PupilWheelPrior.predictedOffsetPixels(pwcpos);
        WavelengthRefinement.Result r = WavelengthRefinement.refine(x1d, x1dErr, ref, model, prior);
        WavelengthShift s = r.shift();
        boolean applied = r.status() == WavelengthRefinement.Status.REFINED;
        Calibration c = new Calibration(r.status().name(), r.reason(),
                applied ? s.microns() : 0.0, s == null ? Double.NaN : s.pixels(),
                s == null ? Double.NaN : s.uncertaintyPixels(), r.predictedOffsetPixels(), r.modelDescription(), pwcpos,
                s == null ? null : CrossCorrelation.METHOD, s == null ? Double.NaN : s.microns(),
                s == null ? Double.NaN : s.peakCorrelation(), s == null ? Double.NaN : s.secondPeakRatio(),
                pastasoss ? Calibration.PASTASOSS : Calibration.SPECTRACE);
        LOG.log(applied || s == null ? System.Logger.Level.INFO : System.Logger.Level.WARNING, r.logLine());
        return new Outcome(c, r, x1d);
    }

    /**
     * Columns lost to a bad pixel (NaN) are bridged linearly between their finite neighbours. exoTEDRF drops NaN
     * samples before filtering, which splices the spectrum and makes the high-pass filter ring at every splice: with
     * a few dozen dead columns the ringing, not the stellar lines, dominates the cross-correlation.
     */
    static void fillInteriorGaps(double[] a) {
        int prev = -1;
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                continue;
            }
            if (prev >= 0 && i - prev > 1) {
                for (int k = prev + 1; k < i; k++) {
                    a[k] = a[prev] + (a[i] - a[prev]) * (k - prev) / (double) (i - prev);
                }
            }
            prev = i;
        }
    }

    /**
     * The stellar model the options ask for: a template (resolved to a local file by {@code fileResolver}) or a
     * PHOENIX spectrum interpolated from {@code phoenix}; null when none is configured.
     */
    public static ModelSpectrum model(Stage3Options options, ModelFileSource phoenix, Function<String, Path> fileResolver) {
        if (options.get(STELLAR_TEMPLATE) != null) {
            return TemplateSpectrum.read(fileResolver.apply(options.get(STELLAR_TEMPLATE)));
        }
        if (options.hasStellarModel()) {
            return new PhoenixGrid(phoenix).spectrum(options.get(TEFF), options.get(LOGG), options.get(FEH));
        }
        return null;
    }
}
