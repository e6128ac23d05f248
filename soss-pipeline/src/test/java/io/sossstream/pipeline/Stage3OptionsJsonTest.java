package io.sossstream.pipeline;

import io.sossstream.error.BadInputException;
import io.sossstream.stage3.ApertureWidth;
import io.sossstream.stage3.Parameter;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-observation config.json users write: widths as numbers or strings, unknown keys refused, overrides. */
class Stage3OptionsJsonTest {
    private static Stage3Options read(String json) {
        return PipelineJson.readOptions(json.getBytes(StandardCharsets.UTF_8), "config.json");
    }

    @Test
    void widthsAsNumbersOrStrings() {
        Stage3Options o = read("{\"widthOrder1\": 25, \"widthOrder2\": \"optimize\", \"profileFrom\": \"ALL\"}");
        assertEquals(ApertureWidth.fixed(25), o.get(Stage3Parameters.WIDTH_ORDER1));
        assertTrue(o.get(Stage3Parameters.WIDTH_ORDER2).optimize());
        assertEquals(Stage3Options.ProfileSegments.ALL, o.get(Stage3Parameters.PROFILE_FROM));
        assertEquals(o, PipelineJson.readOptions(PipelineJson.writeOptions(o), "written"));
        assertEquals("{\n  \"widthOrder1\" : \"25\",\n  \"widthOrder2\" : \"optimize\",\n  \"profileFrom\" : \"all\"\n}",
                new String(PipelineJson.writeOptions(o), StandardCharsets.UTF_8));
    }

    @Test
    void numbersAndBooleansKeepTheirJsonType() {
        Stage3Options o = read("{\"clipThreshold\": 8.5, \"clipWindow\": \"12\", \"fluxCalibrate\": true}");
        assertEquals(8.5, o.get(Stage3Parameters.CLIP_THRESHOLD));
        assertEquals(12, o.get(Stage3Parameters.CLIP_WINDOW));
        assertTrue(o.get(Stage3Parameters.FLUX_CALIBRATE));
        assertEquals("{\n  \"fluxCalibrate\" : true,\n  \"clipThreshold\" : 8.5,\n  \"clipWindow\" : 12\n}",
                new String(PipelineJson.writeOptions(o), StandardCharsets.UTF_8));
    }

    @Test
    void observationConfigOverridesServiceDefaultsFieldByField() {
        Stage3Options merged = Stage3Options.defaults().overriddenBy(read("{\"widthOrder1\": \"optimize\", \"outputTag\": \"v2\"}"));
        assertTrue(merged.get(Stage3Parameters.WIDTH_ORDER1).optimize());
        assertNull(merged.get(Stage3Parameters.WIDTH_ORDER2));
        assertEquals(10, merged.get(Stage3Parameters.CLIP_WINDOW));
        assertEquals("WASP-39_box_spectra_fullres_v2.fits", merged.productName("WASP-39"));
        Stage3Options service = Stage3Options.defaults().with(Stage3Parameters.CLIP_WINDOW, 20)
                .with(Stage3Parameters.WIDTH_ORDER1, ApertureWidth.fixed(40));
        Stage3Options both = service.overriddenBy(read("{\"widthOrder1\": 25}"));
        assertEquals(ApertureWidth.fixed(25), both.get(Stage3Parameters.WIDTH_ORDER1));
        assertEquals(20, both.get(Stage3Parameters.CLIP_WINDOW));
    }

    @Test
    void unknownKeysBadValuesAndNonObjectsAreBadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> read("{\"widht\": 30}"));
        assertEquals("config.json", e.source());
        assertTrue(e.problem().startsWith("unknown parameter 'widht'; known: widthOrder1, widthOrder2"), e.problem());
        assertThrows(BadInputException.class, () -> read("{\"widthOrder1\": \"wide\"}"));
        assertThrows(BadInputException.class, () -> read("{\"widthOrder1\": 0}"));
        assertThrows(BadInputException.class, () -> read("{\"widthOrder1\": [30]}"));
        assertThrows(BadInputException.class, () -> read("[30]"));
        assertThrows(BadInputException.class, () -> read("{\"widthOrder1\": 30"));
    }

    @Test
    void phoenixParametersGoTogetherAndNotWithATemplate() {
        assertThrows(BadInputException.class, () -> read("{\"teff\": 5400}")
                .checkConsistent(Parameter.Place.CONFIG, "config.json"));
        assertThrows(BadInputException.class, () -> read("{\"teff\": 5400, \"logg\": 4.5, \"feh\": 0, "
                + "\"stellarTemplate\": \"t.txt\"}").checkConsistent(Parameter.Place.CONFIG, "config.json"));
        assertTrue(read("{\"teff\": 5400, \"logg\": 4.5, \"feh\": 0}")
                .checkConsistent(Parameter.Place.CONFIG, "config.json").hasStellarModel());
    }
}
