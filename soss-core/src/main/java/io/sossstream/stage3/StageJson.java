package io.sossstream.stage3;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sossstream.error.BadInputException;

import java.io.IOException;

/**
 * JSON of the stage documents (profile.json, calibration.json, config.json): one mapper, sorted keys, NaN
 * allowed (a kept calibration has NaN shift), doubles written in full precision so a round trip is exact.
 */
public final class StageJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StageJson() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type, String source) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new BadInputException(source, "malformed " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
        }
    }
}
