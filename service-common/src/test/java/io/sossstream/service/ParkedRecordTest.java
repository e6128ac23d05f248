package io.sossstream.service;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A parked record read back from soss.retry gives the original record with its history and own headers. */
class ParkedRecordTest {
    @Test
    void theOriginalComesBackWithItsCoordinatesHistoryAndOwnHeaders() {
        RecordHeaders own = new RecordHeaders();
        own.add("soss-redrive-origin", "soss.segments/3/17".getBytes(StandardCharsets.UTF_8));
        byte[] value = "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8);
        ParkedRecord p = new ParkedRecord("extract-service", "soss.segments", 3, 42, 2, 1_000, 21_000,
                "raw/x.fits: object not found", "raw/x.fits", value, own);
        ConsumerRecord<String, byte[]> onRetryTopic = new ConsumerRecord<>("soss.retry", 0, 7, 0L,
                TimestampType.CREATE_TIME, 0, 0, "raw/x.fits", value, p.headers(), Optional.empty());

        ParkedRecord read = ParkedRecord.of(onRetryTopic).orElseThrow();
        assertEquals("extract-service", read.service());
        assertEquals(21_000, read.notBefore());
        ConsumerRecord<String, byte[]> original = read.original();
        assertEquals("soss.segments", original.topic());
        assertEquals(3, original.partition());
        assertEquals(42, original.offset());
        assertEquals("raw/x.fits", original.key());
        assertArrayEquals(value, original.value());
        assertEquals(new ParkedRecord.History(2, 1_000), ParkedRecord.history(original));
        assertEquals("soss.segments/3/17", ParkedRecord.header(original.headers(), "soss-redrive-origin").orElseThrow());
        assertNull(original.headers().lastHeader("retry-not-before"), "the schedule stays on the retry topic");
    }

    @Test
    void aRecordStraightFromItsTopicHasNoHistoryAndARecordWithoutHeadersIsNotParked() {
        ConsumerRecord<String, byte[]> fresh = new ConsumerRecord<>("soss.segments", 0, 1, "k", new byte[0]);
        assertEquals(ParkedRecord.History.NONE, ParkedRecord.history(fresh));
        assertTrue(ParkedRecord.of(fresh).isEmpty());
    }
}
