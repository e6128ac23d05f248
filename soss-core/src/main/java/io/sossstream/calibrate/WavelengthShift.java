package io.sossstream.calibrate;

/**
 * The wavelength offset found by cross-correlating the data spectrum with the stellar model.
 * Sign convention: {@code microns} is the Δλ to ADD to the reference solution; {@code pixels} is the same
 * offset in order-1 pixels ({@code microns / |dλ/dx|}), i.e. the x shift of the trace: data taken with the
 * trace moved by +s pixels (star at column x has λ_ref(x − s)) give pixels ≈ +s, directly comparable with
 * {@link PupilWheelPrior#predictedOffsetPixels(double)}.
 *
 * @param microns              shift at the band-limited CCF peak, µm
 * @param pixels               refined shift in order-1 pixels
 * @param uncertaintyMicrons   1σ uncertainty of {@code microns}
 * @param uncertaintyPixels    1σ uncertainty of {@code pixels}, from the data's noise (see {@link CrossCorrelation})
 * @param integerStepMicrons   the whole-pixel shift: −(first integer argmax lag)·median(Δλ)
 * @param peakCorrelation      normalised correlation coefficient at the peak (1 = perfect match)
 * @param secondPeakRatio      height of the highest other CCF maximum over the main peak's (ambiguity; &lt; 1)
 * @param lagsPixels           shift in pixels each {@code ccf} sample stands for, a window around the peak
 * @param ccf                  the full cross-correlation over that window (un-normalised)
 * @param wavelength           the oversampled, NaN-free wavelength grid the correlation ran on (µm)
 * @param dataHighPass         the high-passed data on that grid (for the diagnostic plot)
 * @param modelHighPass        the high-passed model on that grid
 */
public record WavelengthShift(double microns, double pixels, double uncertaintyMicrons, double uncertaintyPixels,
                              double integerStepMicrons, double peakCorrelation, double secondPeakRatio,
                              double[] lagsPixels, double[] ccf,
                              double[] wavelength, double[] dataHighPass, double[] modelHighPass) {

    /** One line for logs and headers. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "wavelength shift %+.6f um = %+.3f +- %.3f px (CCF peak r = %.3f, next peak %.2f of it)",
                microns, pixels, uncertaintyPixels, peakCorrelation, secondPeakRatio);
    }
}
