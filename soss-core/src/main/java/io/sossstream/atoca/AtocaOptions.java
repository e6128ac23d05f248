package io.sossstream.atoca;

/**
 * Settings of an ATOCA extraction (jwst {@code extract_1d} SOSS parameters; defaults are jwst's and exoTEDRF's).
 *
 * @param width         box aperture full width (px) of the decontaminated extraction
 * @param orderThree    model and extract order 3
 * @param badPixels     bad pixels replaced by the model or masked in the box extraction
 * @param tikfac        Tikhonov factor of the orders 1+2 fit, or NaN to search it
 * @param estimate      order-1 flux estimate (soss_estimate), or null for the order-1-only fit
 * @param threshold     profile level above which a pixel is contaminated by an order (jwst soss_threshold 1e-2)
 * @param oversampling  oversampling of the native pixel-edge grids (jwst soss_n_os 2)
 * @param rtol          relative tolerance of the adaptive grid (jwst soss_rtol 1e-4)
 * @param maxGridSize   maximum wavelength-grid size (jwst soss_max_grid_size 20000)
 * @param waveGrid      wavelength grid of the orders 1+2 fit to use instead of building one (jwst
 *                      soss_wave_grid_in), or null
 * @param pixelWeights  how a pixel integrates the spectrum over its wavelength interval: jwst 3.0's rule
 *                      (default: reproduces jwst's grid and factors) or the exact integral
 */
public record AtocaOptions(double width, boolean orderThree, BadPixelMode badPixels, double tikfac,
                           SossEstimate estimate, double threshold, int oversampling, double rtol, int maxGridSize,
                           double[] waveGrid, PixelWeights pixelWeights) {

    /** Bad-pixel handling in the box extraction of the decontaminated orders. */
    public enum BadPixelMode {
        /** Replace bad pixels by the order's model (jwst soss_bad_pix 'model'). */
        MODEL,
        /** Give bad pixels zero weight (jwst 'masking'). */
        MASKING
    }

    /** Pixel quadrature of the model matrix (see {@link JwstPixelWeights}). */
    public enum PixelWeights {
        /** jwst 3.0's {@code get_w}, index rule included: ATOCA as jwst computes it. */
        JWST,
        /** The exact integral of the piecewise-linear spectrum over the pixel ({@link PixelIntegration}). */
        EXACT
    }

    /** Order 2 short of this (µm) is extracted by its own single-order engine (jwst ORDER2_SEPARATION_CUTOFF[1]). */
    static final double ORDER2_BLUE_CUTOFF = 0.95;
    /** The orders 1+2 grid starts here (µm; jwst ORDER2_SEPARATION_CUTOFF[0]). */
    static final double GRID_SHORT_LIMIT = 0.77;

    /** jwst's defaults with a width, as exoTEDRF calls it. */
    public static AtocaOptions defaults(double width) {
        return new AtocaOptions(width, true, BadPixelMode.MODEL, Double.NaN, null, 1e-2, 2, 1e-4, 20000, null, PixelWeights.JWST);
    }

    public AtocaOptions withTikfac(double f) {
        return new AtocaOptions(width, orderThree, badPixels, f, estimate, threshold, oversampling, rtol, maxGridSize, waveGrid,
                pixelWeights);
    }

    public AtocaOptions withEstimate(SossEstimate e) {
        return new AtocaOptions(width, orderThree, badPixels, tikfac, e, threshold, oversampling, rtol, maxGridSize, waveGrid,
                pixelWeights);
    }

    public AtocaOptions withOrderThree(boolean on) {
        return new AtocaOptions(width, on, badPixels, tikfac, estimate, threshold, oversampling, rtol, maxGridSize, waveGrid,
                pixelWeights);
    }

    public AtocaOptions withWaveGrid(double[] grid) {
        return new AtocaOptions(width, orderThree, badPixels, tikfac, estimate, threshold, oversampling, rtol, maxGridSize,
                grid == null ? null : grid.clone(), pixelWeights);
    }

    public AtocaOptions withPixelWeights(PixelWeights weights) {
        return new AtocaOptions(width, orderThree, badPixels, tikfac, estimate, threshold, oversampling, rtol, maxGridSize,
                waveGrid, weights);
    }

    public AtocaOptions withBadPixels(BadPixelMode mode) {
        return new AtocaOptions(width, orderThree, mode, tikfac, estimate, threshold, oversampling, rtol, maxGridSize, waveGrid,
                pixelWeights);
    }
}
