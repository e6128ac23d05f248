package io.sossstream.pipeline;

import io.sossstream.events.ProfileReady;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.Topics;
import io.sossstream.segment.SegmentLayout;
import io.sossstream.spectra.SegmentSpectra;
import io.sossstream.stage3.Stage3Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the status page reads while an observation is in flight: the white light so far, and dead letters. */
class LiveStatusTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void whiteLightGrowsWithEachExtractedSegmentAndIsTheColumnSumOfItsSpectra() {
        InProcessPipeline p = new InProcessPipeline(dir, Stage3Options.defaults(), Clock.fixed(T0, ZoneOffset.UTC));
        List<Path> segs = SimulatedObservation.segments();
        String obs = SegmentLayout.observationId(segs.get(0).getFileName().toString());
        S3EventNotification e1 = p.upload(segs.get(0), "v", T0);
        ProfileReady ready = (ProfileReady) p.profile.onSegmentLanded(e1).events().get(0);
        p.extract.onProfileReady(ready);
        assertEquals(List.of(1), segments(whiteLight(p)));

        p.extract.onSegmentLanded(p.upload(segs.get(2), "v", T0.plusSeconds(20)));
        assertEquals(List.of(1, 3), segments(whiteLight(p)), "segment 3 landed before 2");
        p.extract.onSegmentLanded(p.upload(segs.get(1), "v", T0.plusSeconds(10)));
        List<WhiteLightSeries> all = whiteLight(p);
        assertEquals(List.of(1, 2, 3), segments(all));

        for (WhiteLightSeries w : all) {
            SegmentSpectra s = SegmentSpectra.fromBytes(p.files.get(p.layout.workBucket(),
                    p.layout.spectra(obs, w.segmentNumber())).orElseThrow(), "spectra");
            assertArrayEquals(s.times(), w.times());
            assertEquals(SimulatedObservation.INTS, w.times().length);
            for (int t = 0; t < s.integrations(); t++) {
                assertEquals(finiteSum(s.fluxO1()[t]), w.order1()[t], 1e-9 * Math.abs(w.order1()[t]));
                assertEquals(finiteSum(s.fluxO2()[t]), w.order2()[t], 1e-9 * Math.abs(w.order2()[t]));
                assertTrue(w.order1()[t] > 0 && w.order2()[t] > 0, "stellar flux in both orders");
            }
        }
    }

    @Test
    void aDeadLetterMarksItsObservationFailedOnceEvenWhenRedelivered() {
        InProcessPipeline p = new InProcessPipeline(dir, Stage3Options.defaults(), Clock.fixed(T0, ZoneOffset.UTC));
        DeadLetterStep dead = new DeadLetterStep(p.store, p.layout);
        String key = "raw/bad/jw09999001001_04101_00001-seg001_nis_calints.fits";
        Failure f = Failure.of(Topics.SEGMENTS, 2, 41, key, key + ": not a FITS file", T0.toEpochMilli(),
                null, "profile-service", "segment-landed", key)
                .orElseThrow();
        assertEquals("jw09999001001_04101_00001_nis", f.observationId(), "as the segment's FILENAME names it");
        dead.onDeadLetter(f);
        dead.onDeadLetter(f); // redelivered
        ObservationStatus.ObservationView v = ObservationStatus.list(p.store, p.layout).get(0);
        assertEquals("jw09999001001_04101_00001_nis", v.observationId());
        assertEquals("failed", v.state());
        assertEquals(List.of(f), v.failures());
        assertEquals(f, Failure.fromJson(f.toJson(), "test"));
    }

    @Test
    void theFailedRecordsKeyNamesTheObservation() {
        assertEquals(Optional.of("jw01_nis"), Failure.observationOf("jw01_nis"), "pipeline events: the id");
        assertEquals(Optional.of("jw02734002001_04101_00001_nis"),
                Failure.observationOf("raw/obs 7/jw02734002001_04101_00001-seg003_nis_calints.fits"));
        assertEquals(Optional.empty(), Failure.observationOf(null));
        assertEquals(Optional.empty(), Failure.observationOf(" "));
        assertEquals(Optional.empty(), Failure.observationOf("not an id!"));
    }

    private static List<WhiteLightSeries> whiteLight(InProcessPipeline p) {
        List<ObservationStatus.ObservationView> views = ObservationStatus.list(p.store, p.layout);
        assertEquals(1, views.size());
        return ObservationStatus.whiteLight(p.store, p.layout, views.get(0));
    }

    private static List<Integer> segments(List<WhiteLightSeries> series) {
        return series.stream().map(WhiteLightSeries::segmentNumber).toList();
    }

    private static double finiteSum(double[] row) {
        double sum = 0;
        for (double v : row) {
            if (!Double.isNaN(v)) {
                sum += v;
            }
        }
        return sum;
    }
}
