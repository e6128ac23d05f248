package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SpectraReady;
import io.sossstream.spectra.SpectraFitsReader;
import io.sossstream.stage3.Stage3Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The batch run and the stream are one code path run two ways: a rule of {@link Stage3Rules} changed in that one
 * place (here: the profile is built from the last segment instead of segment 1) changes the batch product and the
 * stream product alike, and they stay equal apart from their DATE card.
 */
class OneRuleTwoRunsTest {
    /** The profile from the last segment (EXSEGTOT) instead of segment 1. */
    private static final Stage3Rules LAST_SEGMENT = new Stage3Rules() {
        @Override
        public List<SegmentRecord> profileSegments(Stage3Options options, SegmentRecord landed,
                                                   List<SegmentRecord> registered) {
            return landed.segmentNumber() == landed.segmentTotal() ? List.of(landed) : List.of();
        }
    };

    @TempDir
    Path dir;

    @Test
    void aRuleChangedInOnePlaceChangesBothProductsAlike() throws Exception {
        List<Path> segments = SimulatedObservation.segments();
        int last = SimulatedObservation.SEGMENTS;
        Path standard = BatchRun.run(segments, dir.resolve("standard"), Stage3Options.defaults(), "2030-01-01T00:00:00Z",
                ProgressListener.NONE).spectra();
        BatchRun.Result batch = BatchRun.run(segments, dir.resolve("batch"), Stage3Options.defaults(),
                "2030-01-01T00:00:00Z", ProgressListener.NONE, LAST_SEGMENT);

        InProcessPipeline p = new InProcessPipeline(dir.resolve("stream"), Stage3Options.defaults(),
                Clock.fixed(Instant.parse("2031-01-01T00:00:00Z"), ZoneOffset.UTC), LAST_SEGMENT);
        List<S3EventNotification> events = new ArrayList<>();
        for (Path s : segments) {
            events.add(p.upload(s, "visit", Instant.parse("2026-11-23T10:00:00Z")));
        }
        Collections.shuffle(events, new Random(11));
        events.forEach(p::send);
        p.drain();
        SpectraReady done = p.spectraReady.get(0);
        byte[] streamed = p.files.get(p.layout.workBucket(), done.productKey()).orElseThrow();

        assertEquals(List.of(last), batch.profile().referenceSegments(), "the batch run follows the rule");
        assertEquals(String.valueOf(last), SpectraFitsReader.read(batch.spectra()).primary().getStringValue("PROFSEGS"));
        assertEquals("1", SpectraFitsReader.read(standard).primary().getStringValue("PROFSEGS"));
        byte[] batched = Files.readAllBytes(batch.spectra());
        assertFalse(java.util.Arrays.equals(FitsBytes.blank(Files.readAllBytes(standard), "DATE").bytes(),
                FitsBytes.blank(batched, "DATE").bytes()), "the rule must change the product");
        assertArrayEquals(FitsBytes.blank(batched, "DATE").bytes(), FitsBytes.blank(streamed, "DATE").bytes(),
                "the stream product must follow the same rule as the batch product");
    }
}
