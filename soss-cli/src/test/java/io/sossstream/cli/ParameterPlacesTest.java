package io.sossstream.cli;

import io.sossstream.error.BadInputException;
import io.sossstream.stage3.Parameter;
import io.sossstream.stage3.Parameter.Place;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.pipeline.PipelineJson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks the declared parameter block through the three places a user sets parameters: {@code run} flags,
 * per-observation {@code soss-config.json} and the service defaults (MicroProfile properties, read by
 * {@code PipelineContext.defaults} with {@link Stage3Options#fromSettings}). Each parameter must be accepted
 * under its one name in each, give the same value, and a bad value must get the same message.
 */
class ParameterPlacesTest {

    private static Stage3Options viaCli(String... argv) {
        return RunCommand.options(Args.parse(argv, 0, RunCommand.valued(), RunCommand.flags()));
    }

    private static Stage3Options viaConfig(String name, String jsonValue) {
        return PipelineJson.readOptions(("{\"" + name + "\": " + jsonValue + "}").getBytes(StandardCharsets.UTF_8),
                "raw/visit1/soss-config.json");
    }

    private static Stage3Options viaService(String property, String value) {
        Function<String, Optional<String>> config = k -> Optional.ofNullable(Map.of(property, value).get(k));
        return Stage3Options.fromSettings(config, Place.SERVICE, "service configuration");
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }

    @Test
    void everyParameterIsAcceptedUnderItsOneNameEverywhere() {
        for (Parameter<?> p : Stage3Parameters.ALL) {
            Stage3Options cli = viaCli("--" + p.kebabName(), p.example());
            Stage3Options config = viaConfig(p.name(), quoted(p.example()));
            Stage3Options service = viaService("soss." + p.kebabName(), p.example());
            Object expected = p.parse(p.example(), Place.CONFIG, "example");
            assertEquals(expected, cli.get(p), p.name() + " on the command line");
            assertEquals(expected, config.get(p), p.name() + " in soss-config.json");
            assertEquals(expected, service.get(p), p.name() + " as a service default");
            assertEquals(Map.of(p, expected), cli.setValues(), "nothing else is set");
            assertEquals(cli, config);
            assertEquals(cli, service);
        }
    }

    @Test
    void aBadValueGetsTheSameMessageEverywhere() {
        for (Parameter<?> p : Stage3Parameters.ALL) {
            String bad = p.type() == String.class ? " " : "wide/";
            Args.UsageException cli = assertThrows(Args.UsageException.class,
                    () -> viaCli("--" + p.kebabName() + "=" + bad), p.name());
            BadInputException config = assertThrows(BadInputException.class,
                    () -> viaConfig(p.name(), quoted(bad)), p.name());
            BadInputException service = assertThrows(BadInputException.class,
                    () -> viaService("soss." + p.kebabName(), bad), p.name());
            String problem = " must be " + p.allowed() + ", not '" + bad.trim() + "'";
            assertEquals("--" + p.kebabName() + problem, cli.getMessage());
            assertEquals(p.name() + problem, config.problem());
            assertEquals("raw/visit1/soss-config.json", config.source());
            assertEquals("soss." + p.kebabName() + problem, service.problem());
        }
    }

    @Test
    void profileFromAllWorksEverywhere() {
        Stage3Options.ProfileSegments all = Stage3Options.ProfileSegments.ALL;
        assertEquals(all, viaCli("--profile-from", "all").get(Stage3Parameters.PROFILE_FROM));
        assertEquals(all, viaConfig("profileFrom", "\"all\"").get(Stage3Parameters.PROFILE_FROM));
        assertEquals(all, viaConfig("profileFrom", "\"ALL\"").get(Stage3Parameters.PROFILE_FROM));
        assertEquals(all, viaService("soss.profile-from", "All").get(Stage3Parameters.PROFILE_FROM));
    }

    @Test
    void numbersAndFlagsInTheirNativeForms() {
        assertEquals(viaCli("--width-order1", "25"), viaConfig("widthOrder1", "25"));
        assertEquals(viaCli("--clip-threshold", "8.5"), viaConfig("clipThreshold", "8.5"));
        assertEquals(viaCli("--flux-calibrate"), viaConfig("fluxCalibrate", "true"));
        assertEquals(viaCli("--flux-calibrate=false"), viaConfig("fluxCalibrate", "false"));
    }

    @Test
    void olderFlagSpellingsStillWork() {
        assertEquals(viaCli("--width-order1", "optimize"), viaCli("--width", "optimize"));
        assertEquals(viaCli("--width-order2", "20"), viaCli("--width-o2", "20"));
        assertEquals(viaCli("--feh", "0"), viaCli("--met", "0"));
        assertEquals(viaCli("--centroids-file", "c.csv"), viaCli("--centroids", "c.csv"));
    }

    @Test
    void theRunCommandReportsABadValueAsUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"run", "--input", "in", "--out", "out", "--width-order1", "wide"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.USAGE, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("soss-stream: --width-order1 must be an integer number of pixels from 1 to 200"
                + " or optimize, not 'wide'"), message);
    }
}
