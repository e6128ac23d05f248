package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.error.BadInputException;
import io.sossstream.events.S3EventNotification;
import io.sossstream.segment.FitsPatch;
import io.sossstream.stage3.Stage3Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The late failures of issue 13 point 5, now refused when the segment lands (the first step that reads it, before
 * any compute), as bad input naming the raw object; and by the batch run before it starts, naming the file.
 */
class LandingValidationTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private InProcessPipeline pipeline() {
        return new InProcessPipeline(dir, Stage3Options.defaults(), Clock.fixed(T0, ZoneOffset.UTC));
    }

    /** A copy of segment {@code n} (1-based) under its own name, in a folder of its own. */
    private Path copy(int n, String folder) throws IOException {
        Path src = SimulatedObservation.segments().get(n - 1);
        Path f = Files.createDirectories(dir.resolve(folder)).resolve(src.getFileName());
        Files.copy(src, f);
        return f;
    }

    @Test
    void allNanSegmentOneIsBadInputNamingTheObjectNotAFitFailure() throws IOException {
        InProcessPipeline p = pipeline();
        Path seg1 = copy(1, "nan");
        FitsPatch.fillImage(seg1, "SCI", Float.floatToIntBits(Float.NaN));
        S3EventNotification e = p.upload(seg1, "v", T0);
        BadInputException bad = assertThrows(BadInputException.class, () -> p.profile.onSegmentLanded(e));
        assertEquals(e.messageKey(), bad.source());
        assertTrue(bad.problem().startsWith("no usable SCI pixel (all NaN or DO_NOT_USE) in 12 of 12 integrations"),
                bad.problem());
        // profile-service owns the refusal (one dead letter); extract-service skips it, naming the reason
        Outcome skipped = p.extract.onSegmentLanded(e);
        assertTrue(skipped.isEmpty() && skipped.summary().contains(bad.getMessage()), skipped.summary());
        assertTrue(p.files.list(p.layout.workBucket(), "").isEmpty(), "nothing registered, nothing computed");
    }

    @Test
    void headerValuesAreRefusedOnLandingNotAtFormatting() throws IOException {
        InProcessPipeline p = pipeline();
        Path seg2 = copy(2, "exsegtot");
        FitsPatch.replaceCard(seg2, "EXSEGTOT", 0, "EXSEGTOT=                20000");
        Path seg3 = copy(3, "targname");
        FitsPatch.replaceCard(seg3, "TARGNAME", 0, "TARGNAME= '../WASP-39'");
        Path seg1 = copy(1, "pwcpos");
        FitsPatch.replaceCard(seg1, "PWCPOS", 0, "PWCPOS  = 'not-a-number'");
        for (Path f : List.of(seg2, seg3, seg1)) {
            S3EventNotification e = p.upload(f, "v", T0);
            BadInputException bad = assertThrows(BadInputException.class, () -> p.profile.onSegmentLanded(e));
            assertEquals(e.messageKey(), bad.source());
            assertTrue(p.extract.onSegmentLanded(e).isEmpty(), "skipped: profile-service refuses it");
        }
        assertTrue(p.files.list(p.layout.workBucket(), "").isEmpty(), "nothing registered");
    }

    @Test
    void anOutputTagThatIsAPathIsRefusedWithTheFirstSegmentNamingTheConfig() {
        InProcessPipeline p = pipeline();
        String config = p.layout.ingestConfig("v");
        p.files.put(p.layout.rawBucket(), config, "{\"outputTag\": \"../x\"}".getBytes(StandardCharsets.UTF_8), "x");
        S3EventNotification e = p.upload(SimulatedObservation.segments().get(0), "v", T0);
        BadInputException bad = assertThrows(BadInputException.class, () -> p.profile.onSegmentLanded(e));
        assertEquals("raw/" + config, bad.source());
        assertTrue(bad.problem().contains("outputTag"), bad.problem());

        p.files.put(p.layout.rawBucket(), config, ("{\"outputTag\": \"" + "t".repeat(33) + "\"}")
                .getBytes(StandardCharsets.UTF_8), "x");
        bad = assertThrows(BadInputException.class, () -> p.profile.onSegmentLanded(e));
        assertEquals("raw/" + config, bad.source());
        assertFalse(p.files.exists(p.layout.workBucket(), p.layout.profile(
                io.sossstream.segment.SegmentLayout.observationId(e.key()))));
    }

    @Test
    void theBatchRunRefusesABadSegmentBeforeAnyCompute() throws IOException {
        Path in = dir.resolve("batch");
        copy(1, "batch");
        copy(2, "batch");
        Path seg3 = copy(3, "batch");
        FitsPatch.fillImage(seg3, "SCI", Float.floatToIntBits(Float.NaN));
        BadInputException bad = assertThrows(BadInputException.class, () -> BatchRun.run(List.of(in),
                dir.resolve("out"), Stage3Options.defaults(), "2026-01-01T00:00:00", ProgressListener.NONE));
        assertTrue(bad.getMessage().contains(seg3.getFileName().toString()), bad.getMessage());
        assertTrue(bad.problem().contains("no usable SCI pixel"), bad.problem());
        assertFalse(Files.exists(dir.resolve("out")) && Files.list(dir.resolve("out")).findAny().isPresent(),
                "no partial output");
    }
}
