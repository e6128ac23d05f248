package io.sossstream.calibrate;

/**
 * A stellar spectrum to compare the data with: wavelengths (µm, strictly increasing, finite) and flux
 * (any units; only its shape matters for the cross-correlation).
 *
 * @param wavelengthMicrons wavelengths, µm
 * @param flux              flux per unit wavelength
 * @param description       where it came from (file name or grid point), for logs and headers
 */
public record ModelSpectrum(double[] wavelengthMicrons, double[] flux, String description) {
    public ModelSpectrum {
        if (wavelengthMicrons.length != flux.length) {
            throw new IllegalArgumentException("wavelength and flux differ in length");
        }
    }

    /**
     * The part of the spectrum covering [lo, hi] plus {@code margin} samples each side, so that rebinning a
     * million-sample PHOENIX spectrum onto 2048 columns only touches what it needs.
     */
    public ModelSpectrum cropped(double lo, double hi, int margin) {
        int n = wavelengthMicrons.length;
        int i0 = 0;
        while (i0 < n && wavelengthMicrons[i0] < lo) {
            i0++;
        }
        int i1 = n - 1;
        while (i1 > 0 && wavelengthMicrons[i1] > hi) {
            i1--;
        }
        i0 = Math.max(0, i0 - margin);
        i1 = Math.min(n - 1, i1 + margin);
        if (i1 <= i0) {
            return this;
        }
        return new ModelSpectrum(java.util.Arrays.copyOfRange(wavelengthMicrons, i0, i1 + 1),
                java.util.Arrays.copyOfRange(flux, i0, i1 + 1), description);
    }
}
