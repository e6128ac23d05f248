package io.sossstream.stage3;

import io.sossstream.error.BadInputException;
import io.sossstream.spectra.SpectraFitsWriter;
import io.sossstream.spectra.TimeSeriesSpectra;
import io.sossstream.spectra.WavelengthBins;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parameter block through the product header and back: written by {@link SpectraFitsWriter} as the product
 * writes it, read by nom-tam from the bytes, parsed by {@link ParameterCards#read} into the same parameters.
 */
class ParameterCardsTest {
    @Test
    void everyParameterAtItsExampleReadsBackFromTheHeader() throws Exception {
        Stage3Options examples = Stage3Options.defaults();
        for (Parameter<?> p : Stage3Parameters.ALL) {
            examples = withExample(examples, p);
        }
        Stage3Options read = ParameterCards.read(header(examples), "product");
        assertEquals(examples.resolved(), read);
        for (Parameter<?> p : Stage3Parameters.ALL) {
            assertNotEquals(p.defaultValue(), read.get(p), p.name() + " read back as its default");
        }
    }

    @Test
    void defaultsReadBackWithUnsetParametersUnset() throws Exception {
        Header h = header(Stage3Options.defaults());
        Stage3Options read = ParameterCards.read(h, "product");
        assertEquals(Stage3Options.defaults().resolved(), read);
        assertTrue(!read.isSet(Stage3Parameters.TEFF) && !read.isSet(Stage3Parameters.WIDTH_ORDER2));
        assertTrue(h.containsKey("TEFF"), "an unset parameter still has its card");
        assertEquals("order1", h.getStringValue("WIDTH2OP"));
        assertEquals(30, h.getIntValue("WIDTHOPT"));
        assertEquals("clipWindow: clipping window", h.findCard("CLIPWIN").getComment());
    }

    @Test
    void aHeaderWithoutTheBlockIsBadInputNamingTheCard() throws Exception {
        Header h = header(Stage3Options.defaults());
        h.deleteKey("CLIPWIN");
        BadInputException e = assertThrows(BadInputException.class, () -> ParameterCards.read(h, "old.fits"));
        assertTrue(e.getMessage().contains("old.fits") && e.getMessage().contains("CLIPWIN (clipWindow)"),
                e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <T> Stage3Options withExample(Stage3Options o, Parameter<T> p) {
        return o.with(p, p.parse(p.example(), Parameter.Place.CONFIG, "example"));
    }

    /** The primary header of a small product whose provenance is the block's cards. */
    private static Header header(Stage3Options options) throws Exception {
        double[] wave = {1.0, 1.1, 1.2};
        double[][] flux = {{1, 2, 3}, {4, 5, 6}};
        TimeSeriesSpectra s = new TimeSeriesSpectra(new double[] {60000.0, 60000.1}, wave,
                WavelengthBins.halfWidths(wave), flux, flux, wave, WavelengthBins.halfWidths(wave), flux, flux);
        List<SpectraFitsWriter.Card> cards = new ArrayList<>(ParameterCards.of(options));
        byte[] bytes = SpectraFitsWriter.toBytes(s, new SpectraFitsWriter.Metadata("T", "2030-01-01T00:00:00",
                "p", "a", "box", 30, Double.NaN), cards);
        try (Fits f = new Fits(new ByteArrayInputStream(bytes))) {
            return f.readHDU().getHeader();
        }
    }
}
