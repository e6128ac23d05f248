package io.sossstream.calibrate;

import io.sossstream.spectra.WavelengthBins;

/**
 * Flux-conserving rebinning with the semantics of {@code spectres.spectres(new_wavs, spec_wavs, spec_fluxes)}:
 * every output bin holds the mean of the input fluxes weighted by how much of each input bin it overlaps.
 * Bins of both grids are built from their centres by {@link WavelengthBins#edges(double[])}. An output bin
 * not entirely inside the input range gets the fill value (NaN). NaN input fluxes propagate.
 */
public final class SpectralRebin {
    private SpectralRebin() {
    }

    /**
     * @param newWavelengths output bin centres, strictly increasing
     * @param wavelengths    input bin centres, strictly increasing
     * @param fluxes         input fluxes (per unit wavelength), same length as wavelengths
     * @return output fluxes; NaN where an output bin reaches outside the input bins
     */
    public static double[] rebin(double[] newWavelengths, double[] wavelengths, double[] fluxes) {
        return rebin(newWavelengths, wavelengths, fluxes, Double.NaN);
    }

    /** As {@link #rebin(double[], double[], double[])} with an explicit fill value. */
    public static double[] rebin(double[] newWavelengths, double[] wavelengths, double[] fluxes, double fill) {
        if (wavelengths.length != fluxes.length) {
            throw new IllegalArgumentException("wavelengths and fluxes differ in length: "
                    + wavelengths.length + " vs " + fluxes.length);
        }
        double[] in = WavelengthBins.edges(wavelengths);
        double[] out = WavelengthBins.edges(newWavelengths);
        double[] result = new double[newWavelengths.length];
        int start = 0;
        for (int j = 0; j < result.length; j++) {
            double lo = out[j];
            double hi = out[j + 1];
            if (lo < in[0] || hi > in[in.length - 1]) {
                result[j] = fill;
                continue;
            }
            // First input bin whose upper edge lies above lo (the pointer only moves forward).
            while (in[start + 1] <= lo) {
                start++;
            }
            double sumWeighted = 0.0;
            double sumWidth = 0.0;
            for (int i = start; i < fluxes.length && in[i] < hi; i++) {
                double overlap = Math.min(hi, in[i + 1]) - Math.max(lo, in[i]);
                sumWeighted += overlap * fluxes[i];
                sumWidth += overlap;
            }
            result[j] = sumWeighted / sumWidth;
        }
        return result;
    }
}
