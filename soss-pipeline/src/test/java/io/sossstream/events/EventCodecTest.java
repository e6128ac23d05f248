package io.sossstream.events;

import io.sossstream.error.BadInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EventCodecTest {
    private static final String SRC = "event soss.profile-ready/0/5";

    private static <T> T roundTrip(T event, Class<T> type) {
        byte[] json = EventCodec.toJson(event);
        T back = EventCodec.fromJson(type, json, SRC);
        assertEquals(event, back);
        assertArrayEquals(json, EventCodec.toJson(back), "deterministic bytes");
        return back;
    }

    @Test
    void roundTripsEveryEvent() {
        roundTrip(new ProfileReady("jw01", "soss", "observations/jw01/profile/", List.of(1), 30, 20,
                "edgetrigger", 3), ProfileReady.class);
        roundTrip(new SegmentExtracted("jw01", 2, 3, "observations/jw01/spectra/seg002.fits", "raw",
                "obs1/seg002.fits", 120, 1_700_000_000_000L), SegmentExtracted.class);
        roundTrip(new CalibrationReady("jw01", "observations/jw01/calibration/calibration.json", 0.25,
                CalibrationReady.Status.FITTED), CalibrationReady.class);
        roundTrip(new SpectraReady("jw01", "observations/jw01/products/WASP-39_box_spectra_fullres.fits",
                List.of("observations/jw01/products/plots/lightcurve.png"), "WASP-39", 360, 1L, 2L),
                SpectraReady.class);
    }

    @Test
    void writesSchemaVersionFirstAndKeysByObservation() {
        ProfileReady p = new ProfileReady("jw01", "soss", "p/", List.of(1, 2), 30, 20, "spectrace", 3);
        String json = new String(EventCodec.toJson(p), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"schemaVersion\":1,\"observationId\":\"jw01\","), json);
        assertEquals("jw01", p.messageKey());
    }

    @Test
    void ignoresUnknownFields() {
        String json = "{\"schemaVersion\":1,\"observationId\":\"o\",\"calibrationKey\":\"k\",\"shiftPixels\":1.5,"
                + "\"status\":\"REFERENCE\",\"addedLater\":{\"x\":1}}";
        CalibrationReady c = EventCodec.fromJson(CalibrationReady.class, json.getBytes(), SRC);
        assertEquals(CalibrationReady.Status.REFERENCE, c.status());
        assertEquals(1.5, c.shiftPixels());
    }

    @Test
    void missingRequiredFieldIsBadInput() {
        String json = "{\"schemaVersion\":1,\"observationId\":\"o\",\"calibrationKey\":\"k\",\"status\":\"FITTED\"}";
        BadInputException e = assertThrows(BadInputException.class,
                () -> EventCodec.fromJson(CalibrationReady.class, json.getBytes(), SRC));
        assertEquals(SRC, e.source());
        assertTrue(e.problem().contains("shiftPixels"), e.problem());
    }

    @Test
    void invalidValuesAndVersionsAreBadInput() {
        String blankId = "{\"schemaVersion\":1,\"observationId\":\" \",\"calibrationKey\":\"k\",\"shiftPixels\":0,"
                + "\"status\":\"FITTED\"}";
        BadInputException e = assertThrows(BadInputException.class,
                () -> EventCodec.fromJson(CalibrationReady.class, blankId.getBytes(), SRC));
        assertTrue(e.problem().contains("observationId"), e.problem());
        String v2 = blankId.replace("\"schemaVersion\":1", "\"schemaVersion\":2").replace("\" \"", "\"o\"");
        e = assertThrows(BadInputException.class,
                () -> EventCodec.fromJson(CalibrationReady.class, v2.getBytes(), SRC));
        assertTrue(e.problem().contains("schemaVersion 2"), e.problem());
        assertThrows(BadInputException.class,
                () -> EventCodec.fromJson(SpectraReady.class, "not json".getBytes(), SRC));
        assertThrows(BadInputException.class,
                () -> EventCodec.fromJson(SpectraReady.class, "null".getBytes(), SRC));
        assertThrows(BadInputException.class,
                () -> EventCodec.fromJson(SpectraReady.class, "{} {}".getBytes(), SRC));
    }
}
