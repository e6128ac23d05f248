package io.sossstream.calibrate;

import io.sossstream.reference.WavelengthSolution;
import io.sossstream.stats.NanStats;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * §7 orchestration: bins the stellar model onto the order-1 data wavelengths (flux-conserving), measures the
 * shift by {@link CrossCorrelation}, and adds it to both orders of the reference solution. Without a model the
 * reference solution is kept and the result says so. The pupil-wheel prediction is carried along for reporting.
 */
public final class WavelengthRefinement {

    /** What happened to the wavelength solution; {@link #message()} goes to the log and the output header. */
    public enum Status {
        REFINED("wavelength solution refined by cross-correlation with the stellar model"),
        REFERENCE_KEPT("reference solution kept: no stellar parameters or template");

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
     * @param status                refined or kept
     * @param shift                 the measured shift, null when kept
     * @param predictedOffsetPixels {@link PupilWheelPrior} prediction (NaN when PWCPOS is unknown)
     * @param modelOnData           the model binned onto λ₁ (detector order), null when kept
     * @param modelDescription      where the model came from, null when kept
     */
    public record Result(WavelengthSolution solution, Status status, WavelengthShift shift,
                         double predictedOffsetPixels, double[] modelOnData, String modelDescription) {

        /** One line for logs: status, measured shift and the pupil-wheel prediction. */
        public String logLine() {
            String prior = Double.isNaN(predictedOffsetPixels) ? "PWCPOS unknown"
                    : String.format(Locale.ROOT, "PWCPOS predicts %+.2f px", predictedOffsetPixels);
            if (shift == null) {
                return status.message() + " (" + prior + ")";
            }
            return status.message() + ": " + shift.summary() + "; " + prior + "; model " + modelDescription;
        }
    }

    /** Model samples kept beyond the data range when cropping before rebinning. */
    private static final int CROP_MARGIN = 16;

    private WavelengthRefinement() {
    }

    /**
     * @param x1dOrderOne order-1 data spectrum per detector column (x1d = nansum over integrations of Flux O1)
     * @param reference   the reference wavelength solution
     * @param model       the stellar model or template, or null to keep the reference
     * @param pwcpos      pupil-wheel position (degrees), NaN if unknown
     */
    public static Result refine(double[] x1dOrderOne, WavelengthSolution reference, ModelSpectrum model,
                                double pwcpos) {
        double prior = PupilWheelPrior.predictedOffsetPixels(pwcpos);
        if (model == null) {
            return new Result(reference, Status.REFERENCE_KEPT, null, prior, null, null);
        }
        double[] lambda = reference.orderOne();
        double[] modelOnData = binOnto(model, lambda);
        WavelengthShift shift = CrossCorrelation.measure(lambda, x1dOrderOne, modelOnData, micronsPerPixel(lambda));
        return new Result(reference.shifted(shift.microns()), Status.REFINED, shift, prior, modelOnData,
                model.description());
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
