package io.sossstream.segment;

import io.sossstream.error.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObservationTest {
    private static final String ROOT = "jw01366001001_04101_00001";

    static SegmentHeader seg(String root, int n, int total, int start, int end, int nInts) {
        String name = String.format("%s-seg%03d_nis_calints.fits", root, n);
        return new SegmentHeader(name, "NIRISS", Subarray.SUBSTRIP256, "WASP-39", 245.79, n, total, start, end,
                nInts, SegmentLayout.observationId(name), 256, end - start + 1);
    }

    static List<SegmentHeader> three() {
        return List.of(seg(ROOT, 1, 3, 1, 10, 30), seg(ROOT, 2, 3, 11, 20, 30), seg(ROOT, 3, 3, 21, 30, 30));
    }

    @Test
    void orderIndependentOfInput() {
        List<SegmentHeader> shuffled = new ArrayList<>(three());
        Collections.reverse(shuffled);
        Collections.swap(shuffled, 0, 1);
        Observation o = Observation.of(shuffled);
        assertEquals(List.of(1, 2, 3), o.segments().stream().map(SegmentHeader::segmentNumber).toList());
        assertEquals(30, o.integrations());
        assertEquals(ROOT + "_nis", o.observationId());
    }

    @Test
    void segmentOfAnotherObservation() {
        List<SegmentHeader> l = new ArrayList<>(three());
        l.set(1, seg("jw02734002001_04101_00001", 2, 3, 11, 20, 30));
        expectBad(() -> Observation.of(l), "jw02734002001_04101_00001-seg002_nis_calints.fits", "observation");
        expectBad(() -> Observation.checkSameObservation(three().get(0), l.get(1)),
                "jw02734002001_04101_00001-seg002", "expected " + ROOT + "_nis");
    }

    @Test
    void gapOverlapDuplicateIncomplete() {
        List<SegmentHeader> gap = List.of(seg(ROOT, 1, 3, 1, 10, 30), seg(ROOT, 2, 3, 12, 20, 30),
                seg(ROOT, 3, 3, 21, 30, 30));
        expectBad(() -> Observation.of(gap), "seg002", "gap in integrations: INTSTART=12");
        List<SegmentHeader> overlap = List.of(seg(ROOT, 1, 3, 1, 10, 30), seg(ROOT, 2, 3, 10, 20, 30),
                seg(ROOT, 3, 3, 21, 30, 30));
        expectBad(() -> Observation.of(overlap), "seg002", "overlap in integrations");
        List<SegmentHeader> dup = List.of(seg(ROOT, 1, 3, 1, 10, 30), seg(ROOT, 1, 3, 1, 10, 30));
        expectBad(() -> Observation.of(dup), "seg001", "duplicate EXSEGNUM 1");
        List<SegmentHeader> missing = List.of(seg(ROOT, 1, 3, 1, 10, 30), seg(ROOT, 2, 3, 11, 20, 30));
        expectBad(() -> Observation.of(missing), "seg002", "incomplete: 2 of EXSEGTOT=3");
        assertEquals(2, Observation.partial(missing).segments().size());
        List<SegmentHeader> late = List.of(seg(ROOT, 1, 3, 2, 10, 30));
        expectBad(() -> Observation.partial(late), "seg001", "segment 1 starts at INTSTART=2");
        List<SegmentHeader> otherTotal = List.of(seg(ROOT, 1, 3, 1, 10, 30), seg(ROOT, 2, 4, 11, 20, 30));
        expectBad(() -> Observation.partial(otherTotal), "seg002", "EXSEGTOT 4 differs");
    }

    private static void expectBad(org.junit.jupiter.api.function.Executable call, String file, String problem) {
        BadInputException e = assertThrows(BadInputException.class, call);
        assertTrue(e.getMessage().contains(file) && e.getMessage().contains(problem), e.getMessage());
    }
}
