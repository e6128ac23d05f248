package io.sossstream.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sossstream.error.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON encoding of every event and small metadata object, with one {@link ObjectMapper} configured once:
 * fields in record-component order (deterministic bytes for the same event), unknown fields ignored (additive
 * schema changes), every record component required, no null for primitives. Malformed input becomes a
 * {@link BadInputException} naming the source (use {@link #source(String, int, long)} for Kafka records).
 */
public final class EventCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private EventCodec() {
    }

    /** The shared mapper (configured as above); do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The source name of a Kafka record, as used in error messages: {@code event <topic>/<partition>/<offset>}. */
    public static String source(String topic, int partition, long offset) {
        return "event " + topic + "/" + partition + "/" + offset;
    }

    /** UTF-8 JSON of {@code value}. */
    public static byte[] toJson(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** JSON text of {@code value}. */
    public static String toJsonString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes {@code json} as a {@code type}.
     *
     * @param source names the input in the error (file, object key or {@link #source(String, int, long)})
     * @throws BadInputException when the bytes are not JSON, a required field is missing or a value is invalid
     */
    public static <T> T fromJson(Class<T> type, byte[] json, String source) {
        if (json == null || json.length == 0) {
            throw new BadInputException(source, "empty message, expected " + type.getSimpleName() + " JSON");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new BadInputException(source, "JSON null, expected " + type.getSimpleName());
            }
            return value;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BadInputException(source, "invalid " + type.getSimpleName() + ": " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source, "malformed " + type.getSimpleName() + " JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code json} as a tree (for formats we do not own, such as S3 notifications). */
    static JsonNode readTree(byte[] json, String source) {
        if (json == null || json.length == 0) {
            throw new BadInputException(source, "empty message, expected JSON");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new BadInputException(source, "expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadInputException(source, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
