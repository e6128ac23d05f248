package io.sossstream.cli;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The demo's count of extracted segments: distinct segment numbers, since the pipeline delivers at least once and
 * a segment may be announced twice (a redelivered record, a re-announcement after the profile is ready).
 */
final class ExtractionProgress {
    private final int total;
    private final Set<Integer> extracted = new TreeSet<>();

    ExtractionProgress(int total) {
        this.total = total;
    }

    /** Records a segment-extracted event; returns the progress line to print. */
    String onExtracted(int segmentNumber) {
        boolean first = extracted.add(segmentNumber);
        return String.format(Locale.ROOT, first ? "segment %d extracted (%d/%d)"
                : "segment %d announced again (at-least-once delivery; still %d/%d)", segmentNumber,
                extracted.size(), total);
    }

    /** Distinct segments extracted so far. */
    int count() {
        return extracted.size();
    }
}
