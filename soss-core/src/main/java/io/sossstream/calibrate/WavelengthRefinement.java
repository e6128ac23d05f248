package io.sossstream.calibrate;

import io.sossstream.reference.WavelengthSolution;
import io.sossstream.stats.NanStats;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * §7 orchestration: bins the stellar model onto the order-1 data wavelengths (flux-conserving), measures the
 * shift by {@link CrossCorrelation}, and adds it to both orders of the reference solution — only if the result is
 * plausible. exoTEDRF accepts any correlation peak: refined against the right spectrum reversed in wavelength it
 * moved both orders by 895 px. Here the reference solution is kept, and the reason stated, when
 * <ul>
 *   <li>the peak is weak: normalised correlation below {@value #MIN_PEAK_CORRELATION} (the right template on real
 *       data gives ≳ 0.9; a reversed or noise template ≲ 0.3);</li>
 *   <li>the peak is ambiguous: another CCF maximum reaches {@value #MAX_SECOND_PEAK_RATIO} of its height;</li>
 *   <li>the shift is implausible: more than {@value #MAX_PRIOR_DEVIATION_PX} px from the prior — the PWCPOS
 *       prediction ({@link PupilWheelPrior}) for the SPECTRACE solution, 0 for a solution that already follows PWCPOS
 *       (PASTASOSS) or when PWCPOS is unknown. Real offsets are ≲ 1–2 px (the published WASP-39 solutions sit
 *       0.4–0.5 px from SPECTRACE; ±0.1° of pupil wheel is ±1.1 px).</li>
 * </ul>
 */
public final class WavelengthRefinement {
    public static final double MIN_PEAK_CORRELATION = 0.5;
    public static final double MAX_SECOND_PEAK_RATIO = 0.8;
    public static final double MAX_PRIOR_DEVIATION_PX = 4.0;

    /** What happened to the wavelength solution; {@link #message()} goes to the log and the output header. */
    public enum Status {
        REFINED("wavelength solution refined by cross-correlation with the stellar model"),
        REFERENCE_KEPT("reference solution kept: no stellar parameters or template"),
        KEPT_WEAK_PEAK("reference solution kept: CCF peak too weak"),
        KEPT_AMBIGUOUS_PEAK("reference solution kept: CCF peak ambiguous"),
        KEPT_IMPLAUSIBLE_SHIFT("reference solution kept: CCF shift implausible against the PWCPOS prior");

        private final String message;

        Status(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    /**
     * @param solution              the refined solution, or the reference when kept
     * @param status                refined or why kept
     * @param shift                 the measured shift (also when it was rejected), null without a model
     * @param predictedOffsetPixels prior on the shift in pixels (NaN when PWCPOS is unknown)
     * @param modelOnData           the model binned onto λ₁ (detector order), null without a model
     * @param modelDescription      where the model came from, null without a model
     * @param reason                the status with the figures that decided it (log and header)
     */
    public record Result(WavelengthSolution solution, Status status, WavelengthShift shift,
                         double predictedOffsetPixels, double[] modelOnData, String modelDescription, String reason) {

        /** One line for logs: status, measured shift and the prior. */
        public String logLine() {
            String prior = Double.isNaN(predictedOffsetPixels) ? "PWCPOS unknown"
                    : String.format(Locale.ROOT, "prior %+.2f px", predictedOffsetPixels);
            if (shift == null) {
                return reason + " (" + prior + ")";
            }
            return reason + ": " + shift.summary() + "; " + prior + "; model " + modelDescription;
        }
    }

    /** Model samples kept beyond the data range when cropping before rebinning. */
    private static final int CROP_MARGIN = 16;

    private WavelengthRefinement() {
    }

    /**
     * @param x1dOrderOne order-1 data spectrum per detector column (x1d = nansum over integrations of Flux O1)
     * @param x1dError    its 1σ per column, or null to estimate the noise from the spectrum
     * @param reference   the reference wavelength solution
     * @param model       the stellar model or template, or null to keep the reference
     * @param priorPixels expected shift of the reference solution in pixels, NaN if unknown (then 0 is assumed)
     */
    public static Result refine(double[] x1dOrderOne, double[] x1dError, WavelengthSolution reference,
                                ModelSpectrum model, double priorPixels) {
        if (model == null) {
            return new Result(reference, Status.REFERENCE_KEPT, null, priorPixels, null, null,
                    Status.REFERENCE_KEPT.message());
        }
        double[] lambda = reference.orderOne();
        double[] modelOnData = binOnto(model, lambda);
        WavelengthShift shift = CrossCorrelation.measure(lambda, x1dOrderOne, x1dError, modelOnData,
                micronsPerPixel(lambda));
        double prior = Double.isNaN(priorPixels) ? 0.0 : priorPixels;
        Status status;
        String detail;
        if (!(shift.peakCorrelation() >= MIN_PEAK_CORRELATION)) {
            status = Status.KEPT_WEAK_PEAK;
            detail = String.format(Locale.ROOT, "peak r = %.3f < %.2f (shift found %+.2f px)",
                    shift.peakCorrelation(), MIN_PEAK_CORRELATION, shift.pixels());
        } else if (shift.secondPeakRatio() >= MAX_SECOND_PEAK_RATIO) {
            status = Status.KEPT_AMBIGUOUS_PEAK;
            detail = String.format(Locale.ROOT, "another peak reaches %.2f of it (>= %.2f; shift found %+.2f px)",
                    shift.secondPeakRatio(), MAX_SECOND_PEAK_RATIO, shift.pixels());
        } else if (Math.abs(shift.pixels() - prior) > MAX_PRIOR_DEVIATION_PX) {
            status = Status.KEPT_IMPLAUSIBLE_SHIFT;
            detail = String.format(Locale.ROOT, "shift found %+.2f px is %.2f px from the prior %+.2f px (bound %.1f px)",
                    shift.pixels(), Math.abs(shift.pixels() - prior), prior, MAX_PRIOR_DEVIATION_PX);
        } else {
            return new Result(reference.shifted(shift.microns()), Status.REFINED, shift, priorPixels, modelOnData,
                    model.description(), Status.REFINED.message());
        }
        return new Result(reference, status, shift, priorPixels, modelOnData, model.description(),
                status.message() + ": " + detail);
    }

    /**
     * x1d: {@code nansum} over integrations (rows of every block) of the order-1 flux, per column. A column with no
     * finite sample at all is NaN (missing), not 0: a zero would read as a deep absorption line.
     */
    public static double[] sumOverIntegrations(List<double[][]> fluxOrderOne) {
        int nx = fluxOrderOne.get(0)[0].length;
        double[] out = new double[nx];
        int[] finite = new int[nx];
        for (double[][] block : fluxOrderOne) {
            for (double[] row : block) {
                for (int x = 0; x < nx; x++) {
                    if (!Double.isNaN(row[x])) {
                        out[x] += row[x];
                        finite[x]++;
                    }
                }
            }
        }
        for (int x = 0; x < nx; x++) {
            if (finite[x] == 0) {
                out[x] = Double.NaN;
            }
        }
        return out;
    }

    /** 1σ of the x1d per column: √(Σ err²) over the integrations whose flux is finite; NaN where none is. */
    public static double[] errorOverIntegrations(List<double[][]> fluxOrderOne, List<double[][]> errOrderOne) {
        int nx = fluxOrderOne.get(0)[0].length;
        double[] var = new double[nx];
        int[] finite = new int[nx];
        for (int b = 0; b < fluxOrderOne.size(); b++) {
            double[][] f = fluxOrderOne.get(b);
            double[][] e = errOrderOne.get(b);
            for (int t = 0; t < f.length; t++) {
                for (int x = 0; x < nx; x++) {
                    if (!Double.isNaN(f[t][x]) && !Double.isNaN(e[t][x])) {
                        var[x] += e[t][x] * e[t][x];
                        finite[x]++;
                    }
                }
            }
        }
        double[] out = new double[nx];
        for (int x = 0; x < nx; x++) {
            out[x] = finite[x] == 0 ? Double.NaN : Math.sqrt(var[x]);
        }
        return out;
    }

    /** Median |Δλ| between neighbouring columns (µm per pixel), NaN columns ignored. */
    public static double micronsPerPixel(double[] lambda) {
        double[] d = new double[lambda.length - 1];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(lambda[i + 1] - lambda[i]);
        }
        return NanStats.nanmedian(d);
    }

    /** Flux-conserving binning of the model onto λ given in any order (NaN λ → NaN). */
    static double[] binOnto(ModelSpectrum model, double[] lambda) {
        int[] idx = IntStream.range(0, lambda.length).filter(i -> !Double.isNaN(lambda[i])).boxed()
                .sorted((a, b) -> Double.compare(lambda[a], lambda[b])).mapToInt(Integer::intValue).toArray();
        double[] sorted = new double[idx.length];
        for (int j = 0; j < idx.length; j++) {
            sorted[j] = lambda[idx[j]];
        }
        double[] out = new double[lambda.length];
        java.util.Arrays.fill(out, Double.NaN);
        if (sorted.length < 2) {
            return out;
        }
        ModelSpectrum part = model.cropped(sorted[0], sorted[sorted.length - 1], CROP_MARGIN);
        double[] binned = SpectralRebin.rebin(sorted, part.wavelengthMicrons(), part.flux());
        for (int j = 0; j < idx.length; j++) {
            out[idx[j]] = binned[j];
        }
        return out;
    }
}
