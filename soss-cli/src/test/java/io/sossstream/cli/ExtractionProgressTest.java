package io.sossstream.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo counts distinct segments: a duplicate announcement never makes "4/3". */
class ExtractionProgressTest {
    @Test
    void duplicatesAndOutOfOrderArrivalsCountOnce() {
        ExtractionProgress p = new ExtractionProgress(3);
        List<String> lines = Stream.of(2, 1, 2, 3, 1).map(p::onExtracted).toList();
        assertEquals(List.of(
                "segment 2 extracted (1/3)",
                "segment 1 extracted (2/3)",
                "segment 2 announced again (at-least-once delivery; still 2/3)",
                "segment 3 extracted (3/3)",
                "segment 1 announced again (at-least-once delivery; still 3/3)"), lines);
        assertEquals(3, p.count());
    }
}
