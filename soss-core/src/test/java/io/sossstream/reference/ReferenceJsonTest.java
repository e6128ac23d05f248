package io.sossstream.reference;

import io.sossstream.error.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceJsonTest {
    @Test
    void parsesEveryKindOfValue() {
        Object root = ReferenceJson.parse("""
                { "a": [1, -2.5e-3, 3E2], "s": "x^2 \\"q\\" \\u00b5m\\n", "t": true, "f": false, "n": null, "o": {} }
                """, "test.json");
        assertEquals(List.of(1.0, -2.5e-3, 300.0), ReferenceJson.member(root, "a"));
        assertEquals("x^2 \"q\" µm\n", ReferenceJson.member(root, "s"));
        assertEquals(Boolean.TRUE, ReferenceJson.member(root, "t"));
        assertEquals(Boolean.FALSE, ReferenceJson.member(root, "f"));
        assertNull(ReferenceJson.member(root, "n"));
        assertEquals(Map.of(), ReferenceJson.member(root, "o"));
        assertEquals(-2.5e-3, ReferenceJson.element(ReferenceJson.member(root, "a"), 1));
        assertEquals(3, ReferenceJson.size(ReferenceJson.member(root, "a")));
        assertNull(ReferenceJson.element(ReferenceJson.member(root, "a"), 3));
    }

    @Test
    void malformedJsonNamesTheFileAndThePlace() {
        for (String bad : new String[] {"{\"a\": [1, 2}", "{\"a\" 1}", "[1, 2] x", "{\"a\": \"open", "{\"a\": 1.2.3}", ""}) {
            BadInputException e = assertThrows(BadInputException.class, () -> ReferenceJson.parse(bad, "model.json"), bad);
            assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("not valid JSON at character"),
                    e.getMessage());
        }
    }

    @Test
    void readsThePublishedPastasossModels() {
        // The training range as published (scaler.data_min_/data_max_ of the offset from 245.76°, read with
        // Python's json): order 1 245.656448…245.922882°, order 2 245.656448…245.917999°.
        assertEquals(245.6564479999998, PastasossWavelength.load(1).minPwcpos(), 1e-12);
        assertEquals(245.92288208007812, PastasossWavelength.load(1).maxPwcpos(), 1e-12);
        assertEquals(245.6564479999998, PastasossWavelength.load(2).minPwcpos(), 1e-12);
        assertEquals(245.91799926757812, PastasossWavelength.load(2).maxPwcpos(), 1e-12);
    }
}
