package io.sossstream.stage3;

import io.sossstream.error.BadInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-observation config.json users write: widths as numbers or strings, unknown keys refused, overrides. */
class Stage3OptionsJsonTest {
    private static Stage3Options read(String json) {
        return StageJson.read(json.getBytes(StandardCharsets.UTF_8), Stage3Options.class, "config.json");
    }

    @Test
    void widthsAsNumbersOrStrings() {
        Stage3Options o = read("{\"widthOrder1\": 25, \"widthOrder2\": \"optimize\", \"profileFrom\": \"ALL\"}");
        assertEquals(ApertureWidth.fixed(25), o.widthOrder1());
        assertTrue(o.widthOrder2().optimize());
        assertEquals(Stage3Options.ProfileSegments.ALL, o.profileFrom());
        assertEquals(o, read(new String(StageJson.write(o), StandardCharsets.UTF_8)));
    }

    @Test
    void observationConfigOverridesServiceDefaultsFieldByField() {
        Stage3Options merged = Stage3Options.defaults().overriddenBy(read("{\"widthOrder1\": \"optimize\", \"outputTag\": \"v2\"}"));
        assertTrue(merged.widthOrder1().optimize());
        assertNull(merged.widthOrder2());
        assertEquals(10, merged.clipWindow());
        assertEquals("WASP-39_box_spectra_fullres_v2.fits", merged.productName("WASP-39"));
    }

    @Test
    void unknownKeysAndBadWidthsAreBadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> read("{\"widht\": 30}"));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
        assertThrows(BadInputException.class, () -> read("{\"widthOrder1\": \"wide\"}"));
        assertThrows(BadInputException.class, () -> read("{\"widthOrder1\": 0}"));
    }
}
