package io.sossstream.events;

import io.sossstream.error.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

class S3EventNotificationTest {
    private static final String SRC = EventCodec.source(Topics.SEGMENTS, 2, 17);

    private static byte[] sample() throws IOException {
        try (InputStream in = S3EventNotificationTest.class.getResourceAsStream("/events/minio-put.json")) {
            return in.readAllBytes();
        }
    }

    private static byte[] sampleWith(String from, String to) throws IOException {
        String s = new String(sample(), StandardCharsets.UTF_8);
        assertTrue(s.contains(from), "fixture contains " + from);
        return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesMinioSampleAndDecodesKey() throws IOException {
        S3EventNotification e = S3EventNotification.parse(sample(), SRC);
        assertEquals("s3:ObjectCreated:Put", e.eventName());
        assertTrue(e.isObjectCreated());
        assertEquals("raw", e.bucket());
        assertEquals("obs 1/jw02734002001_04101_00001-seg001_nis_calints.fits", e.key());
        assertEquals(377487360L, e.size());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", e.eTag());
        assertEquals(Instant.parse("2026-11-23T10:00:00Z"), e.eventTime());
        assertEquals("raw/obs 1/jw02734002001_04101_00001-seg001_nis_calints.fits", e.messageKey());
    }

    @Test
    void acceptsCompleteMultipartUpload() throws IOException {
        byte[] json = sampleWith("\"eventName\":\"s3:ObjectCreated:Put\"",
                "\"eventName\":\"s3:ObjectCreated:CompleteMultipartUpload\"");
        S3EventNotification e = S3EventNotification.parse(json, SRC);
        assertEquals(S3EventNotification.COMPLETE_MULTIPART_UPLOAD, e.eventName());
        assertTrue(e.isObjectCreated());
    }

    @Test
    void removalIsParsedButNotObjectCreated() throws IOException {
        byte[] json = sampleWith("\"eventName\":\"s3:ObjectCreated:Put\"",
                "\"eventName\":\"s3:ObjectRemoved:Delete\"");
        S3EventNotification e = S3EventNotification.parse(json, SRC);
        assertFalse(e.isObjectCreated());
    }

    @Test
    void malformedJsonNamesTheSource() {
        BadInputException e = assertThrows(BadInputException.class, () ->
                S3EventNotification.parse("{\"Records\":[{".getBytes(StandardCharsets.UTF_8), SRC));
        assertEquals("event soss.segments/2/17", e.source());
        assertTrue(e.getMessage().startsWith("event soss.segments/2/17: malformed JSON"), e.getMessage());
    }

    @Test
    void missingBucketOrKeyIsBadInput() throws IOException {
        BadInputException noBucket = assertThrows(BadInputException.class, () ->
                S3EventNotification.parse(sampleWith("\"name\":\"raw\"", "\"nom\":\"raw\""), SRC));
        assertTrue(noBucket.problem().contains("s3.bucket.name"), noBucket.problem());
        BadInputException noKey = assertThrows(BadInputException.class, () ->
                S3EventNotification.parse(sampleWith("\"key\":\"obs+1", "\"clef\":\"obs+1"), "raw/some/key"));
        assertEquals("raw/some/key", noKey.source());
        assertTrue(noKey.problem().contains("s3.object.key"), noKey.problem());
        assertThrows(BadInputException.class, () ->
                S3EventNotification.parse("{\"EventName\":\"x\"}".getBytes(StandardCharsets.UTF_8), SRC));
        assertThrows(BadInputException.class, () -> S3EventNotification.parse(new byte[0], SRC));
        assertThrows(BadInputException.class, () -> S3EventNotification.parse("[1]".getBytes(), SRC));
    }

    @Test
    void builderWritesWhatMinioWritesAndParsesBack() throws IOException {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        S3EventNotification e = S3EventNotification.objectCreated("raw", "obs 1/a+b/seg001.fits", 5760,
                "abc", true, t);
        byte[] json = e.toJson();
        assertEquals(e, S3EventNotification.parse(json, SRC));
        var tree = EventCodec.mapper().readTree(json);
        assertEquals("s3:ObjectCreated:CompleteMultipartUpload", tree.get("EventName").asText());
        assertEquals("raw/obs 1/a+b/seg001.fits", tree.get("Key").asText());
        var r = tree.get("Records").get(0);
        assertEquals("obs+1%2Fa%2Bb%2Fseg001.fits", r.at("/s3/object/key").asText());
        assertEquals("raw", r.at("/s3/bucket/name").asText());
        assertEquals(5760, r.at("/s3/object/size").asLong());
        assertEquals("2026-11-23T10:00:00Z", r.get("eventTime").asText());
        // same structure as the MinIO sample: every field path present there is present here
        var sample = EventCodec.mapper().readTree(sample()).get("Records").get(0);
        for (String path : new String[] {"/eventVersion", "/eventSource", "/eventName", "/s3/s3SchemaVersion",
                "/s3/bucket/arn", "/s3/object/eTag", "/s3/object/sequencer", "/userIdentity/principalId"}) {
            assertFalse(sample.at(path).isMissingNode(), path);
            assertFalse(r.at(path).isMissingNode(), path);
        }
    }
}
