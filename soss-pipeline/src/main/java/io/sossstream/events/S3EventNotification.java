package io.sossstream.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sossstream.error.BadInputException;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One record of an S3 bucket notification, exactly as MinIO publishes it to Kafka (topic {@link Topics#SEGMENTS}):
 * <pre>{"EventName":"s3:ObjectCreated:Put","Key":"raw/obs1/seg001.fits",
 *  "Records":[{"eventName":"s3:ObjectCreated:Put","eventTime":"...",
 *    "s3":{"bucket":{"name":"raw"},"object":{"key":"obs1%2Fseg001.fits","size":123,"eTag":"..."}}}]}</pre>
 * The object key in the record is URL-encoded (form encoding: {@code +} is a space, as AWS does) and is decoded
 * here. Unknown fields are ignored. The Kafka message key is {@code <bucket>/<decoded key>} ({@link #messageKey()}).
 * MinIO may replay events: consumers must be idempotent.
 *
 * @param eventName e.g. {@code s3:ObjectCreated:Put}, {@code s3:ObjectCreated:CompleteMultipartUpload}
 * @param bucket    bucket name
 * @param key       object key, URL-decoded
 * @param size      object size in bytes (-1 when absent, e.g. on removal events)
 * @param eTag      object ETag without quotes ("" when absent)
 * @param eventTime event time ({@code null} when absent)
 */
public record S3EventNotification(String eventName, String bucket, String key, long size, String eTag,
        Instant eventTime) {

    /** Prefix of every object-created event name. */
    public static final String OBJECT_CREATED_PREFIX = "s3:ObjectCreated:";
    public static final String PUT = "s3:ObjectCreated:Put";
    public static final String COMPLETE_MULTIPART_UPLOAD = "s3:ObjectCreated:CompleteMultipartUpload";

    public S3EventNotification {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        eTag = eTag == null ? "" : eTag;
    }

    /** Whether this is any {@code s3:ObjectCreated:*} event; consumers ignore every other event. */
    public boolean isObjectCreated() {
        return eventName.startsWith(OBJECT_CREATED_PREFIX);
    }

    /** The Kafka message key MinIO uses: {@code <bucket>/<decoded key>}. */
    public String messageKey() {
        return bucket + "/" + key;
    }

    /**
     * Parses a notification holding exactly one record (what MinIO publishes to Kafka).
     *
     * @param source names the message in errors, e.g. {@link EventCodec#source(String, int, long)}
     * @throws BadInputException malformed JSON, no or several records, or a record without bucket or key
     */
    public static S3EventNotification parse(byte[] json, String source) {
        List<S3EventNotification> records = parseAll(json, source);
        if (records.size() != 1) {
            throw new BadInputException(source, "expected one record in Records, found " + records.size());
        }
        return records.get(0);
    }

    /** Parses every record of a notification (AWS may batch several). */
    public static List<S3EventNotification> parseAll(byte[] json, String source) {
        JsonNode root = EventCodec.readTree(json, source);
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw new BadInputException(source, "no Records in S3 event notification");
        }
        List<S3EventNotification> out = new ArrayList<>(records.size());
        for (JsonNode r : records) {
            out.add(parseRecord(r, source));
        }
        return out;
    }

    private static S3EventNotification parseRecord(JsonNode r, String source) {
        String eventName = text(r.path("eventName"));
        if (eventName == null) {
            throw new BadInputException(source, "S3 event record without eventName");
        }
        JsonNode s3 = r.path("s3");
        String bucket = text(s3.path("bucket").path("name"));
        String rawKey = text(s3.path("object").path("key"));
        if (bucket == null || bucket.isEmpty()) {
            throw new BadInputException(source, "S3 event record without s3.bucket.name");
        }
        if (rawKey == null || rawKey.isEmpty()) {
            throw new BadInputException(source, "S3 event record without s3.object.key");
        }
        String key;
        try {
            key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source, "s3.object.key is not URL-encoded: " + rawKey, e);
        }
        JsonNode object = s3.path("object");
        long size = object.path("size").canConvertToLong() ? object.path("size").asLong() : -1;
        String eTag = unquote(text(object.path("eTag")));
        Instant eventTime = null;
        String time = text(r.path("eventTime"));
        if (time != null && !time.isEmpty()) {
            try {
                eventTime = Instant.parse(time);
            } catch (java.time.format.DateTimeParseException e) {
                throw new BadInputException(source, "eventTime is not ISO-8601: " + time, e);
            }
        }
        return new S3EventNotification(eventName, bucket, key, size, eTag, eventTime);
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static String unquote(String s) {
        if (s != null && s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** An object-created event, {@code Put} or, for multipart uploads, {@code CompleteMultipartUpload}. */
    public static S3EventNotification objectCreated(String bucket, String key, long size, String eTag,
            boolean multipart, Instant eventTime) {
        return new S3EventNotification(multipart ? COMPLETE_MULTIPART_UPLOAD : PUT, bucket, key, size, eTag,
                eventTime);
    }

    /**
     * The notification JSON MinIO would publish for this event (same field names and nesting, key URL-encoded),
     * for stores that emit no notifications (S3Proxy): the ingest command publishes it itself.
     */
    public byte[] toJson() {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("EventName", eventName);
        root.put("Key", messageKey());
        ArrayNode records = root.putArray("Records");
        ObjectNode r = records.addObject();
        r.put("eventVersion", "2.0");
        r.put("eventSource", "minio:s3");
        r.put("awsRegion", "");
        r.put("eventTime", eventTime == null ? null : eventTime.toString());
        r.put("eventName", eventName);
        r.putObject("userIdentity").put("principalId", "soss-stream-ingest");
        r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        r.putObject("responseElements");
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "Config");
        ObjectNode b = s3.putObject("bucket");
        b.put("name", bucket);
        b.putObject("ownerIdentity").put("principalId", "soss-stream-ingest");
        b.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode o = s3.putObject("object");
        o.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
        o.put("size", size);
        o.put("eTag", eTag);
        o.put("contentType", "application/fits");
        o.putObject("userMetadata");
        o.put("sequencer", Long.toHexString(eventTime == null ? 0 : eventTime.toEpochMilli()).toUpperCase());
        r.putObject("source").put("host", "127.0.0.1").put("port", "").put("userAgent", "soss-stream-ingest");
        return EventCodec.toJson(root);
    }
}
