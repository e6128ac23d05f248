package io.sossstream.segment;

import io.sossstream.error.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The segments of one exposure, ordered by EXSEGNUM and checked to belong together: same observation id,
 * subarray, target and EXSEGTOT; no duplicate segment; integrations contiguous (INTSTART of a segment = INTEND
 * of the previous + 1, segment 1 starts at 1); and, for {@link #of}, complete (all EXSEGTOT segments present).
 * Every failure is a {@link BadInputException} naming the offending file.
 */
public final class Observation {
    private final List<SegmentHeader> segments;

    private Observation(List<SegmentHeader> segments) {
        this.segments = List.copyOf(segments);
    }

    /** A complete observation from its segment headers, in any order. */
    public static Observation of(List<SegmentHeader> headers) {
        Observation o = partial(headers);
        SegmentHeader first = o.segments.get(0);
        if (o.segments.size() != first.segmentTotal()) {
            SegmentHeader last = o.segments.get(o.segments.size() - 1);
            throw new BadInputException(last.fileName(), "observation " + first.observationId() + " is incomplete: "
                    + o.segments.size() + " of EXSEGTOT=" + first.segmentTotal() + " segments given");
        }
        SegmentHeader last = o.segments.get(o.segments.size() - 1);
        if (last.intEnd() != last.nInts()) {
            throw new BadInputException(last.fileName(), "last segment ends at INTEND=" + last.intEnd()
                    + " but NINTS=" + last.nInts());
        }
        return o;
    }

    /**
     * Some segments of an observation (a service may hold only those received so far): all checks of
     * {@link #of} except completeness. Segments must still be contiguous among themselves.
     */
    public static Observation partial(List<SegmentHeader> headers) {
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("no segment given");
        }
        List<SegmentHeader> sorted = new ArrayList<>(headers);
        sorted.sort(Comparator.comparingInt(SegmentHeader::segmentNumber).thenComparing(SegmentHeader::fileName));
        SegmentHeader reference = sorted.get(0);
        for (int k = 0; k < sorted.size(); k++) {
            SegmentHeader s = sorted.get(k);
            checkSameObservation(reference, s);
            if (k == 0) {
                if (s.segmentNumber() == 1 && s.intStart() != 1) {
                    throw new BadInputException(s.fileName(), "segment 1 starts at INTSTART=" + s.intStart()
                            + ", expected 1");
                }
                continue;
            }
            SegmentHeader prev = sorted.get(k - 1);
            if (s.segmentNumber() == prev.segmentNumber()) {
                throw new BadInputException(s.fileName(), "duplicate EXSEGNUM " + s.segmentNumber()
                        + " (also in " + prev.fileName() + ")");
            }
            if (s.segmentNumber() == prev.segmentNumber() + 1) {
                checkFollows(prev, s);
            } else if (s.intStart() <= prev.intEnd()) {
                throw new BadInputException(s.fileName(), "integrations " + s.intStart() + "…" + s.intEnd()
                        + " overlap those of " + prev.fileName() + " (" + prev.intStart() + "…" + prev.intEnd() + ")");
            }
        }
        return new Observation(sorted);
    }

    /** Opens each file just long enough to read and validate its header, then builds a complete observation. */
    public static Observation ofFiles(List<Path> files) {
        List<SegmentHeader> headers = new ArrayList<>(files.size());
        for (Path f : files) {
            try (FitsSegmentReader r = FitsSegmentReader.open(f)) {
                headers.add(r.header());
            }
        }
        return of(headers);
    }

    /**
     * Checks that {@code candidate} belongs to the same observation as {@code reference} (observation id,
     * subarray, target, EXSEGTOT, NINTS). Services that receive segments one at a time call it against the
     * first segment seen.
     */
    public static void checkSameObservation(SegmentHeader reference, SegmentHeader candidate) {
        String f = candidate.fileName();
        if (!reference.observationId().equals(candidate.observationId())) {
            throw new BadInputException(f, "segment of observation " + candidate.observationId()
                    + ", expected " + reference.observationId() + " (as " + reference.fileName() + ")");
        }
        if (reference.subarray() != candidate.subarray()) {
            throw new BadInputException(f, "SUBARRAY " + candidate.subarray() + " differs from "
                    + reference.subarray() + " of " + reference.fileName());
        }
        if (!reference.targetName().equals(candidate.targetName())) {
            throw new BadInputException(f, "TARGNAME '" + candidate.targetName() + "' differs from '"
                    + reference.targetName() + "' of " + reference.fileName());
        }
        if (reference.segmentTotal() != candidate.segmentTotal()) {
            throw new BadInputException(f, "EXSEGTOT " + candidate.segmentTotal() + " differs from "
                    + reference.segmentTotal() + " of " + reference.fileName());
        }
        if (reference.nInts() != candidate.nInts()) {
            throw new BadInputException(f, "NINTS " + candidate.nInts() + " differs from "
                    + reference.nInts() + " of " + reference.fileName());
        }
    }

    /** Checks that {@code next} (segment n+1) starts right after {@code prev} (segment n) ends. */
    public static void checkFollows(SegmentHeader prev, SegmentHeader next) {
        if (next.intStart() != prev.intEnd() + 1) {
            String what = next.intStart() > prev.intEnd() + 1 ? "gap" : "overlap";
            throw new BadInputException(next.fileName(), what + " in integrations: INTSTART=" + next.intStart()
                    + " but segment " + prev.segmentNumber() + " (" + prev.fileName() + ") ends at INTEND="
                    + prev.intEnd());
        }
    }

    /** The segments ordered by EXSEGNUM. */
    public List<SegmentHeader> segments() {
        return segments;
    }

    public String observationId() {
        return segments.get(0).observationId();
    }

    /** Integrations over the given segments. */
    public int integrations() {
        int n = 0;
        for (SegmentHeader s : segments) {
            n += s.integrations();
        }
        return n;
    }
}
