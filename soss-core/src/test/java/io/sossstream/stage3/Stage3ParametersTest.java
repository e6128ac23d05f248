package io.sossstream.stage3;

import io.sossstream.error.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The declared parameter block itself: every constant is in {@link Stage3Parameters#ALL}, names and spellings are
 * unique, each example parses and differs from the default, and {@code docs/configuration.md} shows the block as it
 * is (the table is rendered here; on a mismatch the message holds the table to paste). The walk through the CLI,
 * config.json and the service defaults is {@code ParameterPlacesTest} in soss-cli.
 */
class Stage3ParametersTest {
    static final String BEGIN = "<!-- parameter table: generated from Stage3Parameters, checked by Stage3ParametersTest -->";
    static final String END = "<!-- end of parameter table -->";

    @Test
    void everyDeclaredConstantIsInTheBlock() throws IllegalAccessException {
        Set<Parameter<?>> constants = new HashSet<>();
        for (Field f : Stage3Parameters.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Parameter.class) {
                constants.add((Parameter<?>) f.get(null));
            }
        }
        assertEquals(constants, new HashSet<>(Stage3Parameters.ALL));
    }

    @Test
    void spellingsAreUniqueAndDerivedFromTheOneName() {
        for (Parameter.Place place : Parameter.Place.values()) {
            Set<String> seen = new HashSet<>();
            for (Parameter<?> p : Stage3Parameters.ALL) {
                assertTrue(seen.add(place.spell(p)), place + " spells two parameters " + place.spell(p));
                assertEquals(p, Stage3Parameters.find(place, place.spell(p)).orElseThrow());
            }
        }
        assertEquals("--width-order1", Parameter.Place.CLI.spell(Stage3Parameters.WIDTH_ORDER1));
        assertEquals("soss.width-order1", Parameter.Place.SERVICE.spell(Stage3Parameters.WIDTH_ORDER1));
        assertEquals("SOSS_WIDTH_ORDER1", Stage3Parameters.WIDTH_ORDER1.envName());
        assertEquals("widthOrder1", Parameter.Place.CONFIG.spell(Stage3Parameters.WIDTH_ORDER1));
    }

    @Test
    void examplesParseToSomethingOtherThanTheDefaultAndFormatBack() {
        for (Parameter<?> p : Stage3Parameters.ALL) {
            Object v = p.parse(p.example(), Parameter.Place.CONFIG, "example");
            assertNotEquals(p.defaultValue(), v, p.name());
            assertEquals(v, p.parse(p.format(v), Parameter.Place.CONFIG, "formatted"), p.name());
            assertFalse(p.doc().isBlank(), p.name());
            BadInputException e = assertThrows(BadInputException.class, () -> p.parse(" ", Parameter.Place.CLI, "x"));
            assertEquals(Parameter.Place.CLI.spell(p) + " must be " + p.allowed() + ", not ''", e.problem());
        }
    }

    @Test
    void rangesAreEnforced() {
        assertThrows(BadInputException.class, () -> Stage3Parameters.TEFF.parse("2000", Parameter.Place.CONFIG, "c"));
        assertThrows(BadInputException.class, () -> Stage3Parameters.TEFF.parse("NaN", Parameter.Place.CONFIG, "c"));
        assertEquals(12000.0, Stage3Parameters.TEFF.parse("12000", Parameter.Place.CONFIG, "c"));
        assertThrows(BadInputException.class, () -> Stage3Parameters.WIDTH_ORDER1.parse("201", Parameter.Place.CONFIG, "c"));
        assertThrows(BadInputException.class, () -> Stage3Parameters.CLIP_WINDOW.parse("0", Parameter.Place.CONFIG, "c"));
        assertThrows(BadInputException.class, () -> Stage3Parameters.OUTPUT_TAG.parse("a/b", Parameter.Place.CONFIG, "c"));
        assertThrows(BadInputException.class, () -> Stage3Parameters.FLUX_CALIBRATE.parse("yes", Parameter.Place.CONFIG, "c"));
        assertEquals(Stage3Options.ProfileSegments.ALL,
                Stage3Parameters.PROFILE_FROM.parse("all", Parameter.Place.CONFIG, "c"));
        assertThrows(BadInputException.class, () -> Stage3Parameters.PROFILE_FROM.parse("first", Parameter.Place.CONFIG, "c"));
    }

    @Test
    void everyParameterHasItsOwnShortCardThatFitsOneLine() {
        Set<String> keywords = new HashSet<>();
        for (Parameter<?> p : Stage3Parameters.ALL) {
            String k = p.card().keyword();
            assertTrue(k.matches("[A-Z0-9_-]{1,8}"), p.name() + ": not a short FITS keyword: " + k);
            assertTrue(keywords.add(k), k + " twice");
            // "KEYWORD = " + 20-column value + " / " leaves 47 characters for a numeric or short value's comment
            assertTrue(ParameterCards.comment(p).length() <= 47, ParameterCards.comment(p));
        }
        Stage3Options o = Stage3Options.defaults();
        assertEquals("order1", ParameterCards.card(Stage3Parameters.WIDTH_ORDER2, o).value());
        assertNull(ParameterCards.card(Stage3Parameters.TEFF, o).value(), "unset: an undefined value");
        assertEquals("optimize", ParameterCards.card(Stage3Parameters.WIDTH_ORDER1,
                o.with(Stage3Parameters.WIDTH_ORDER1, ApertureWidth.OPTIMIZE)).value());
        assertEquals(10.0, ParameterCards.card(Stage3Parameters.CLIP_THRESHOLD, o).value());
        assertEquals("clipThreshold: clipping threshold (sigma)",
                ParameterCards.card(Stage3Parameters.CLIP_THRESHOLD, o).comment());
    }

    @Test
    void docsTableShowsTheBlock() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertTrue(b >= 0 && e > b, doc + " must hold the generated table between " + BEGIN + " and " + END);
        String actual = text.substring(b + BEGIN.length(), e).strip();
        String expected = table().strip();
        Files.writeString(Path.of("target", "configuration-table.md"), expected + "\n");
        assertEquals(expected, actual, "docs/configuration.md is out of date; paste this table:\n" + expected);
    }

    /** The docs table of the block. */
    static String table() {
        StringBuilder t = new StringBuilder();
        t.append("| config.json key | `run` flag | service property (environment) | allowed | default | header card | meaning |\n");
        t.append("|---|---|---|---|---|---|---|\n");
        for (Parameter<?> p : Stage3Parameters.ALL) {
            String flag = "`" + Parameter.Place.CLI.spell(p) + "`"
                    + (p.legacyFlag() != null ? " (or `--" + p.legacyFlag() + "`)" : "");
            String dflt = p.defaultValue() == null ? "unset" : "`" + p.format(p.defaultValue()) + "`";
            String card = p.card() == null ? "" : "`" + p.card().keyword() + "`";
            t.append("| `").append(p.name()).append("` | ").append(flag).append(" | `")
                    .append(Parameter.Place.SERVICE.spell(p)).append("` (`").append(p.envName()).append("`) | ")
                    .append(p.allowed().replace("|", "\\|")).append(" | ").append(dflt).append(" | ").append(card)
                    .append(" | ").append(p.doc().replace("|", "\\|")).append(" |\n");
        }
        return t.toString();
    }

    @Test
    void aParameterSetInOnePlaceReadsTheSameThroughEveryPlace() {
        for (Parameter<?> p : Stage3Parameters.ALL) {
            Stage3Options viaConfig = Stage3Options.parse(Map.of(p.name(), p.example()), Parameter.Place.CONFIG, "c");
            Stage3Options viaService = Stage3Options.parse(Map.of("soss." + p.kebabName(), p.example()),
                    Parameter.Place.SERVICE, "s");
            Stage3Options viaCli = Stage3Options.parse(Map.of("--" + p.kebabName(), p.example()),
                    Parameter.Place.CLI, "command line");
            assertEquals(viaConfig, viaService, p.name());
            assertEquals(viaConfig, viaCli, p.name());
        }
    }
}
