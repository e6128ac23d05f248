package io.sossstream.stage3;

import io.sossstream.spectra.SpectraFitsWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the product needs of an observation's ATOCA model, without the model: the settings and outcome its header
 * records, and the output wavelengths of orders 1 and 2 (x = 0 … cutoff − 1) the decontamination plot is drawn
 * against. Stored next to the model by the profile step, read by the format step.
 *
 * @param tikfac       Tikhonov factors of the orders 1+2, blue order 2 and order 3 fits (NaN: not modelled)
 * @param gridSize     points of the orders 1+2 wavelength grid
 * @param width        box width (px) of the decontaminated extraction
 * @param specProfile  where the spatial profile came from (file name, or the deep stack)
 * @param badPixels    bad-pixel handling in the box
 * @param orderThree   order 3 modelled
 * @param wavelengthO1 order-1 output wavelengths (µm)
 * @param wavelengthO2 order-2 output wavelengths (µm)
 */
public record AtocaSummary(double[] tikfac, int gridSize, double width, String specProfile, String badPixels,
                           boolean orderThree, double[] wavelengthO1, double[] wavelengthO2) {

    /** Header cards of the product: Tikhonov factors, grid size, width, specprofile source, options. */
    public List<SpectraFitsWriter.Card> cards() {
        List<SpectraFitsWriter.Card> cards = new ArrayList<>();
        cards.add(new SpectraFitsWriter.Card("TIKFAC1", tikfac[0], "ATOCA Tikhonov factor, orders 1+2"));
        cards.add(new SpectraFitsWriter.Card("TIKFAC2", finiteOr(tikfac[1]), "ATOCA Tikhonov factor, blue order 2"));
        cards.add(new SpectraFitsWriter.Card("TIKFAC3", finiteOr(tikfac[2]), "ATOCA Tikhonov factor, order 3"));
        cards.add(new SpectraFitsWriter.Card("GRIDSIZE", gridSize, "ATOCA wavelength grid points"));
        cards.add(new SpectraFitsWriter.Card("ATOCAWID", width, "ATOCA box width (px)"));
        cards.add(new SpectraFitsWriter.Card("SPECPROF", specProfile, "spatial profile of the orders"));
        cards.add(new SpectraFitsWriter.Card("BADPIX", badPixels.toLowerCase(Locale.ROOT), "ATOCA bad pixels in the box"));
        cards.add(new SpectraFitsWriter.Card("ORDER3", orderThree ? "on" : "off", "order 3 modelled"));
        return cards;
    }

    /** Output wavelengths of order 1 or 2. */
    public double[] wavelengths(int order) {
        return order == 1 ? wavelengthO1 : wavelengthO2;
    }

    private static Object finiteOr(double v) {
        return Double.isFinite(v) ? (Object) v : "NaN";
    }
}
