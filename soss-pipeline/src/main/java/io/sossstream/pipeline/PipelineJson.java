package io.sossstream.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sossstream.error.BadInputException;
import io.sossstream.stage3.Parameter;
import io.sossstream.stage3.Stage3Options;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON of the step documents (profile.json, calibration.json, config.json): one mapper, sorted keys, NaN
 * allowed (a kept calibration has NaN shift), doubles written in full precision so a round trip is exact.
 */
public final class PipelineJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    /** Options keep the block's order (the order of the docs), not sorted keys. */
    private static final ObjectMapper IN_ORDER = MAPPER.copy().disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private PipelineJson() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * A per-observation config ({@code soss-config.json}, {@code config.json}): a JSON object of
     * {@link Stage3Parameters} names; values are strings, numbers or booleans, each read by its parameter's one
     * parser ({@code "widthOrder1": 25} and {@code "widthOrder1": "25"} are the same); null = not set.
     *
     * @throws BadInputException naming {@code source}: malformed JSON, not an object, an unknown key, a bad value
     */
    public static Stage3Options readOptions(byte[] json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new BadInputException(source, "malformed JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(source, "must be a JSON object of parameters, e.g. {\"widthOrder1\": 30}");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isNull() && !v.isValueNode()) {
                throw new BadInputException(source, e.getKey() + " must be a string, number or boolean, not " + v);
            }
            texts.put(e.getKey(), v.isNull() ? null : v.asText());
        }
        return Stage3Options.parse(texts, Parameter.Place.CONFIG, source);
    }

    /** The parameters {@code options} sets, as the JSON object {@link #readOptions} reads back (block order). */
    public static byte[] writeOptions(Stage3Options options) {
        Map<String, Object> out = new LinkedHashMap<>();
        options.setValues().forEach((p, v) -> out.put(p.name(),
                v instanceof Number || v instanceof Boolean ? v : p.format(v)));
        try {
            return IN_ORDER.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise options", e);
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
