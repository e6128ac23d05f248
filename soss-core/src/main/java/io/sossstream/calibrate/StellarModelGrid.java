package io.sossstream.calibrate;

/** A grid of stellar model spectra that can be interpolated to given stellar parameters. */
public interface StellarModelGrid {

    /**
     * The model spectrum at the given parameters, on the grid's native wavelengths (µm, increasing).
     *
     * @param teff effective temperature, K
     * @param logg log10 surface gravity (cgs)
     * @param feh  metallicity [Fe/H], dex
     * @throws io.sossstream.error.BadInputException outside the grid, or a model file missing or unreadable
     */
    ModelSpectrum spectrum(double teff, double logg, double feh);
}
