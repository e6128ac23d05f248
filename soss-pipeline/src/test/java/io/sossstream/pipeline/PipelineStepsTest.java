package io.sossstream.pipeline;

import io.sossstream.error.BadInputException;
import io.sossstream.events.CalibrationReady;
import io.sossstream.events.PipelineEvent;
import io.sossstream.events.ProfileReady;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SegmentExtracted;
import io.sossstream.events.SpectraReady;
import io.sossstream.segment.SegmentLayout;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.storage.ObjectInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The steps one call at a time on a {@link io.sossstream.storage.FileSystemObjectStore}. */
class PipelineStepsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private InProcessPipeline pipeline() {
        return new InProcessPipeline(dir, Stage3Options.defaults(), Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC));
    }

    private static String obsId() {
        return SegmentLayout.observationId(SimulatedObservation.segments().get(0).getFileName().toString());
    }

    private static <T extends PipelineEvent> T only(Outcome o, Class<T> type) {
        assertEquals(1, o.events().size(), o.summary());
        return type.cast(o.events().get(0));
    }

    @Test
    void anEventWithoutTimeLeavesTheLatencyUnknownInsteadOfMeasuringFromNow() {
        InProcessPipeline p = pipeline();
        List<Path> segs = SimulatedObservation.segments();
        for (int i = 0; i < segs.size(); i++) {
            S3EventNotification e = p.upload(segs.get(i), "v", T0);
            // MinIO always sends eventTime; a hand-made notification may not
            p.send(i == 1 ? S3EventNotification.objectCreated(e.bucket(), e.key(), e.size(), e.eTag(), false, null) : e);
        }
        p.drain();
        assertEquals(SegmentRecord.UNKNOWN_TIME, p.spectraReady.get(0).landedAt(), String.join("\n", p.log));
    }

    @Test
    void segmentsWaitForTheProfileThenEveryStepRunsOnceAndRepeatsOnlyReannounce() throws Exception {
        InProcessPipeline p = pipeline();
        List<Path> segs = SimulatedObservation.segments();
        S3EventNotification e1 = p.upload(segs.get(0), "v", T0.plusSeconds(20));
        S3EventNotification e2 = p.upload(segs.get(1), "v", T0);
        S3EventNotification e3 = p.upload(segs.get(2), "v", T0.plusSeconds(10));
        String obs = obsId();

        // segments 2 and 3 land first: registered, nothing extracted, nothing dropped
        assertTrue(p.extract.onSegmentLanded(e3).summary().contains("waiting for profile"));
        assertTrue(p.profile.onSegmentLanded(e2).isEmpty());
        assertTrue(p.extract.onSegmentLanded(e2).isEmpty());
        assertFalse(p.files.exists(p.layout.workBucket(), p.layout.spectra(obs, 2)));
        ObservationStatus.ObservationView v = view(p);
        assertEquals("waiting", v.state());
        assertEquals(3, v.segmentTotal());
        assertEquals(List.of(2, 3), v.segments().stream().map(ObservationStatus.SegmentView::segmentNumber).toList());
        assertEquals(2, v.backlog());

        // segment 1 seen by extract-service first: still waiting, the observation is "profiling"
        assertTrue(p.extract.onSegmentLanded(e1).summary().contains("waiting for profile"));
        assertEquals("profiling", view(p).state());

        ProfileReady ready = only(p.profile.onSegmentLanded(e1), ProfileReady.class);
        assertEquals(List.of(1), ready.referenceSegments());
        assertEquals(30, ready.widthOrder1());
        assertEquals(3, ready.segmentTotal());
        assertEquals("extracting", view(p).state());

        Outcome extracted = p.extract.onProfileReady(ready);
        assertEquals(3, extracted.events().size(), extracted.summary());
        SegmentExtracted first = (SegmentExtracted) extracted.events().get(0);
        assertEquals(1, first.segmentNumber());
        assertEquals(T0.plusSeconds(20).toEpochMilli(), first.landedAt());
        assertEquals(SimulatedObservation.INTS, first.integrations());
        for (int n = 1; n <= 3; n++) {
            assertTrue(p.files.exists(p.layout.workBucket(), p.layout.spectra(obs, n)));
        }
        assertEquals("formatting", view(p).state());

        // calibration waits for the reference segment only; the formatter for all spectra and the calibration
        assertTrue(p.calibration.onSegmentExtracted((SegmentExtracted) extracted.events().get(1)).isEmpty());
        assertTrue(p.format.onSegmentExtracted(first).summary().contains("waiting for calibration"));
        CalibrationReady cal = only(p.calibration.onSegmentExtracted(first), CalibrationReady.class);
        assertEquals(CalibrationReady.Status.REFERENCE, cal.status()); // no stellar model configured
        assertEquals(0.0, cal.shiftPixels());
        SpectraReady done = only(p.format.onCalibrationReady(cal), SpectraReady.class);
        assertEquals(T0.toEpochMilli(), done.landedAt()); // the earliest landing
        assertEquals(T0.plusSeconds(3600).toEpochMilli(), done.completedAt());
        assertEquals(36, done.integrations());
        ObservationStatus.ObservationView fin = view(p);
        assertEquals("done", fin.state());
        assertEquals(done.productKey(), fin.productKey());
        assertTrue(fin.profileReady() && fin.calibrated());
        assertTrue(fin.plotKeys().containsAll(done.plotKeys()) && !done.plotKeys().isEmpty(), fin.plotKeys().toString());
        assertEquals(0, fin.backlog());

        // every event again: nothing is written, every step re-announces what it had announced
        Map<String, String> before = snapshot(p);
        int puts = p.store.totalPuts();
        assertEquals(ready, only(p.profile.onSegmentLanded(e1), ProfileReady.class));
        assertEquals(extracted.events(), p.extract.onProfileReady(ready).events());
        assertEquals(first, only(p.extract.onSegmentLanded(e1), SegmentExtracted.class));
        assertTrue(p.profile.onSegmentLanded(e3).isEmpty());
        assertEquals(cal, only(p.calibration.onSegmentExtracted(first), CalibrationReady.class));
        assertEquals(done, only(p.format.onSegmentExtracted(first), SpectraReady.class));
        assertEquals(done, only(p.format.onCalibrationReady(cal), SpectraReady.class));
        assertEquals(puts, p.store.totalPuts(), "a repeated event wrote again: " + p.store.puts);
        assertEquals(before, snapshot(p));
        p.store.puts.forEach((key, n) -> assertEquals(1, n, key));
    }

    /** ETag and modification time of every object of the work bucket. */
    private static Map<String, String> snapshot(InProcessPipeline p) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (ObjectInfo o : p.files.list(p.layout.workBucket(), "")) {
            FileTime t = Files.getLastModifiedTime(p.files.pathOf(o.bucket(), o.key()));
            m.put(o.key(), o.etag() + " " + t.toMillis());
        }
        return m;
    }

    private static ObservationStatus.ObservationView view(InProcessPipeline p) {
        List<ObservationStatus.ObservationView> all = ObservationStatus.list(p.store, p.layout);
        assertEquals(1, all.size());
        assertEquals(obsId(), all.get(0).observationId());
        return all.get(0);
    }

    @Test
    void allSegmentsProfileWaitsForEverySegment() {
        InProcessPipeline p = pipeline();
        p.files.put(p.layout.rawBucket(), p.layout.ingestConfig("v"),
                "{\"profileFrom\":\"ALL\"}".getBytes(StandardCharsets.UTF_8), "application/json");
        List<Path> segs = SimulatedObservation.segments();
        assertTrue(p.profile.onSegmentLanded(p.upload(segs.get(0), "v", T0)).isEmpty());
        assertTrue(p.profile.onSegmentLanded(p.upload(segs.get(2), "v", T0)).isEmpty());
        assertEquals("profiling", view(p).state());
        ProfileReady ready = only(p.profile.onSegmentLanded(p.upload(segs.get(1), "v", T0)), ProfileReady.class);
        assertEquals(List.of(1, 2, 3), ready.referenceSegments());
    }

    @Test
    void notFitsBytesUnderAFitsKeyIsBadInputNamingTheKey() {
        InProcessPipeline p = pipeline();
        String key = "v/jw01366001001_04101_00001-seg001_nis_calints.fits";
        var info = p.files.put(p.layout.rawBucket(), key, "not a FITS file".getBytes(StandardCharsets.US_ASCII), "x");
        S3EventNotification e = S3EventNotification.objectCreated("raw", key, info.size(), info.etag(), false, T0);
        BadInputException bad = assertThrows(BadInputException.class, () -> p.profile.onSegmentLanded(e));
        assertEquals("raw/" + key, bad.source());
        // one dead letter per bad segment: profile-service refuses it, extract-service skips it
        Outcome skipped = p.extract.onSegmentLanded(e);
        assertTrue(skipped.isEmpty());
        assertTrue(skipped.summary().contains("profile-service dead-letters it") && skipped.summary().contains(key),
                skipped.summary());
        assertTrue(p.files.list(p.layout.workBucket(), "").isEmpty(), "nothing registered");
        assertTrue(Files.notExists(dir.resolve("work/extract")) || isEmpty(dir.resolve("work/extract")),
                "scratch files removed");
    }

    private static boolean isEmpty(Path d) {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anotherFileClaimingARegisteredSegmentNeverOverwritesTheRecord() {
        InProcessPipeline p = pipeline();
        String obs = obsId();
        assertTrue(p.extract.onSegmentLanded(p.upload(SimulatedObservation.segments().get(1), "v", T0)).isEmpty());
        String recordKey = p.layout.segmentRecord(obs, 2);
        byte[] record = p.files.get(p.layout.workBucket(), recordKey).orElseThrow();

        // same file name (so same observation and segment number), other content, uploaded elsewhere
        S3EventNotification other = p.upload(SimulatedObservation.otherSeed().get(1), "w", T0.plusSeconds(5));
        BadInputException bad = assertThrows(BadInputException.class, () -> p.profile.onSegmentLanded(other));
        assertEquals(other.messageKey(), bad.source());
        assertTrue(bad.problem().contains("already registered from raw/v/"), bad.problem());
        assertTrue(p.extract.onSegmentLanded(other).isEmpty(), "skipped: profile-service refuses it");
        assertArrayEquals(record, p.files.get(p.layout.workBucket(), recordKey).orElseThrow());
        assertEquals(1, p.store.totalPuts());
    }

    /**
     * A version already registered is not digested again (its record's checksum stands for its ETag), but the same key
     * rewritten with other bytes has another ETag: it is digested and refused as a different file.
     */
    @Test
    void theSameKeyRewrittenWithOtherBytesIsRefusedAndTheSameVersionReusesItsRecord() {
        InProcessPipeline p = pipeline();
        String obs = obsId();
        S3EventNotification first = p.upload(SimulatedObservation.segments().get(1), "v", T0);
        assertTrue(p.profile.onSegmentLanded(first).events().isEmpty());
        assertTrue(p.extract.onSegmentLanded(first).events().isEmpty());
        byte[] record = p.files.get(p.layout.workBucket(), p.layout.segmentRecord(obs, 2)).orElseThrow();
        assertEquals(1, p.store.puts.get(p.layout.workBucket() + "/" + p.layout.segmentRecord(obs, 2)),
                "the second step reused the first step's record");

        S3EventNotification rewritten = p.upload(SimulatedObservation.otherSeed().get(1), "v", T0.plusSeconds(5));
        assertEquals(first.key(), rewritten.key());
        BadInputException bad = assertThrows(BadInputException.class, () -> p.profile.onSegmentLanded(rewritten));
        assertTrue(bad.problem().contains("other content (crc32c:"), bad.problem());
        assertTrue(p.extract.onSegmentLanded(rewritten).isEmpty(), "skipped: profile-service refuses it");
        assertArrayEquals(record, p.files.get(p.layout.workBucket(), p.layout.segmentRecord(obs, 2)).orElseThrow());
    }

    @Test
    void malformedConfigIsBadInputNamingTheConfigObject() {
        InProcessPipeline p = pipeline();
        String obs = obsId();
        String key = p.layout.config(obs);
        p.files.put(p.layout.workBucket(), key, "{\"widthOrder1\": 30,".getBytes(StandardCharsets.UTF_8), "x");
        S3EventNotification e1 = p.upload(SimulatedObservation.segments().get(0), "v", T0);
        BadInputException bad = assertThrows(BadInputException.class, () -> p.profile.onSegmentLanded(e1));
        assertEquals("soss/" + key, bad.source());

        // an unknown option is refused too (a typo must not silently fall back to the default)
        p.files.put(p.layout.workBucket(), key, "{\"widthOrdre1\": 30}".getBytes(StandardCharsets.UTF_8), "x");
        bad = assertThrows(BadInputException.class, () -> p.profile.onSegmentLanded(e1));
        assertEquals("soss/" + key, bad.source());
        assertFalse(p.files.exists(p.layout.workBucket(), p.layout.profile(obs)));

        // the observation's own config wins over the ingest config next to the raw files
        p.files.put(p.layout.rawBucket(), p.layout.ingestConfig("v"), "broken".getBytes(StandardCharsets.UTF_8), "x");
        p.files.put(p.layout.workBucket(), key, "{\"widthOrder1\": \"24\"}".getBytes(StandardCharsets.UTF_8), "x");
        assertEquals(24, only(p.profile.onSegmentLanded(e1), ProfileReady.class).widthOrder2());
    }

    @Test
    void ignoresRemovalsConfigsAndOtherBuckets() {
        InProcessPipeline p = pipeline();
        S3EventNotification removed = new S3EventNotification("s3:ObjectRemoved:Delete", "raw", "v/a.fits", -1, "", T0);
        S3EventNotification config = S3EventNotification.objectCreated("raw", "v/soss-config.json", 10, "e", false, T0);
        S3EventNotification otherBucket = S3EventNotification.objectCreated("soss", "v/a.fits", 10, "e", false, T0);
        for (S3EventNotification e : List.of(removed, config, otherBucket)) {
            assertTrue(p.profile.onSegmentLanded(e).isEmpty());
            assertTrue(p.extract.onSegmentLanded(e).isEmpty());
        }
        assertEquals(0, p.store.totalPuts());
        assertTrue(ObservationStatus.list(p.store, p.layout).isEmpty());
    }
}
