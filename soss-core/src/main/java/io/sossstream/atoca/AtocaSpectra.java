package io.sossstream.atoca;

/**
 * One integration's decontaminated box-extracted spectra, per order (index order − 1), over the order's
 * extracted columns x = 0 … cutoff − 1 (detector order, not reversed).
 *
 * @param flux          Σ w·D of the decontaminated data (NaN where no pixel is left)
 * @param fluxError     sqrt(Σ w·σ²)
 * @param npixels       Σ w of the pixels used
 * @param contamination Σ w·(models of the other orders): what decontamination removed from the box
 */
public record AtocaSpectra(double[][] flux, double[][] fluxError, double[][] npixels, double[][] contamination) {
}
