package io.sossstream.redrive;

import io.sossstream.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which dead letters a redrive re-publishes, from records shaped as SmallRye's failure strategies write them. */
class RedriveSelectionTest {
    private static final String SEG1 = "raw/v/jw01366001001_04101_00001-seg001_nis_calints.fits";
    private static final String OBS = "jw01366001001_04101_00001_nis";

    /** A dead letter at {@code offset} of the record {@code topic/partition/offset} with key {@code key}. */
    private static ConsumerRecord<String, byte[]> deadLetter(long offset, String key, String topic, int partition,
            long originalOffset, String... extraHeaders) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(Topics.DEAD_LETTER, 0, offset, key,
                ("value of " + key).getBytes(StandardCharsets.UTF_8));
        header(r, "dead-letter-reason", key + ": bad");
        header(r, "dead-letter-topic", topic);
        header(r, "dead-letter-partition", Integer.toString(partition));
        header(r, "dead-letter-offset", Long.toString(originalOffset));
        for (int i = 0; i < extraHeaders.length; i += 2) {
            header(r, extraHeaders[i], extraHeaders[i + 1]);
        }
        return r;
    }

    private static void header(ConsumerRecord<String, byte[]> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static DeadLetter of(ConsumerRecord<String, byte[]> r) {
        return DeadLetter.of(r).orElseThrow();
    }

    @Test
    void oneRecordDeadLetteredByTwoServicesGoesBackOnce() {
        List<DeadLetter> letters = List.of(
                of(deadLetter(0, SEG1, Topics.SEGMENTS, 2, 17)),    // profile-service
                of(deadLetter(1, SEG1, Topics.SEGMENTS, 2, 17)));   // extract-service, same record
        List<DeadLetter> chosen = Redrive.select(letters, Optional.empty());
        assertEquals(1, chosen.size());
        assertEquals(Topics.SEGMENTS, chosen.get(0).topic());
        assertEquals(SEG1, chosen.get(0).key());
        assertEquals("soss.segments/2/17", chosen.get(0).origin());
        assertEquals(1, chosen.get(0).offset(), "the latest dead letter of that origin");
    }

    @Test
    void aRecordThatFailsAgainAfterARedriveKeepsItsOriginAndGoesBackOnce() {
        // the redriven record (offset 40 of soss.segments) carries the origin header; the DLQ copies it
        List<DeadLetter> letters = List.of(
                of(deadLetter(0, SEG1, Topics.SEGMENTS, 2, 17)),
                of(deadLetter(5, SEG1, Topics.SEGMENTS, 2, 40, DeadLetter.ORIGIN_HEADER, "soss.segments/2/17")));
        List<DeadLetter> chosen = Redrive.select(letters, Optional.empty());
        assertEquals(1, chosen.size());
        assertEquals(5, chosen.get(0).offset());
    }

    @Test
    void theObservationFromItsHeaderOrElseFromTheKey() {
        DeadLetter d = of(deadLetter(3, OBS, Topics.PROFILE_READY, 1, 4));
        assertEquals(Topics.PROFILE_READY, d.topic());
        assertEquals("soss.profile-ready/1/4", d.origin());
        assertEquals(Optional.of(OBS), d.observation());
        assertEquals(Optional.of(OBS), of(deadLetter(0, SEG1, Topics.SEGMENTS, 0, 1)).observation());
    }

    @Test
    void oneObservationOnlyAndNothingButPipelineTopics() {
        String other = "raw/w/jw09999001001_04101_00001-seg002_nis_calints.fits";
        List<DeadLetter> letters = List.of(
                of(deadLetter(0, SEG1, Topics.SEGMENTS, 0, 1)),
                of(deadLetter(1, other, Topics.SEGMENTS, 0, 2)),
                of(deadLetter(2, OBS, Topics.SEGMENT_EXTRACTED, 1, 3)),
                of(deadLetter(3, "garbage", Topics.SEGMENTS, 0, 4)));
        List<DeadLetter> chosen = Redrive.select(letters, Optional.of(OBS));
        assertEquals(List.of(SEG1, OBS), chosen.stream().map(DeadLetter::key).toList());
        assertEquals(4, Redrive.select(letters, Optional.empty()).size());

        DeadLetter named = of(deadLetter(4, "raw/x/not-a-segment-name.fits", Topics.SEGMENTS, 0, 5,
                "dead-letter-observation", OBS));
        assertEquals(List.of(named), Redrive.select(List.of(named), Optional.of(OBS)), "the header names it");

        assertTrue(Redrive.isPipelineTopic(Topics.SEGMENTS));
        assertFalse(Redrive.isPipelineTopic(Topics.DEAD_LETTER));
        assertFalse(Redrive.isPipelineTopic(Topics.RETRY));
        assertFalse(Redrive.isPipelineTopic("soss.segments-retry-60000"));
        ConsumerRecord<String, byte[]> noOrigin = new ConsumerRecord<>(Topics.DEAD_LETTER, 0, 9, "k", new byte[0]);
        assertTrue(DeadLetter.of(noOrigin).isEmpty(), "a record that names no original topic cannot go back");
    }
}
