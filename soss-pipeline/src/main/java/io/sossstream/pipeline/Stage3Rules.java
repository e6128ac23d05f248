package io.sossstream.pipeline;

import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;

import java.util.List;

/**
 * The decisions of Stage 3 that are not science, made here once for the batch run and the stream alike (both run
 * the same steps): which segments build the profile, whose pupil-wheel position calibrates the observation, and how
 * an observation's config meets the defaults. A test may subclass it to change one rule and see both runs follow.
 */
public class Stage3Rules {
    /** The rules of soss-stream. */
    public static final Stage3Rules STANDARD = new Stage3Rules();

    protected Stage3Rules() {
    }

    /**
     * The segments to build the profile from, once {@code landed} completes them: segment 1 for
     * {@code profileFrom=reference} (so results never depend on arrival order); every segment, once all EXSEGTOT
     * are registered, for {@code all}. Empty while the profile cannot be built yet.
     *
     * @param registered every registered segment of the observation (with {@code landed}), by segment number
     */
    public List<SegmentRecord> profileSegments(Stage3Options options, SegmentRecord landed,
                                               List<SegmentRecord> registered) {
        if (options.get(Stage3Parameters.PROFILE_FROM) == Stage3Options.ProfileSegments.ALL) {
            return registered.size() == landed.segmentTotal() ? registered : List.of();
        }
        return landed.segmentNumber() == 1 ? List.of(landed) : List.of();
    }

    /**
     * The segment whose PWCPOS predicts the trace offset for wavelength refinement and flux calibration: the first
     * of the profile's segments.
     *
     * @param profileSegments the records of the segments the profile was built from, by segment number
     */
    public SegmentRecord pwcposSegment(List<SegmentRecord> profileSegments) {
        return profileSegments.get(0);
    }

    /**
     * An observation's parameters: its own config ({@code soss-config.json}) over the defaults (a service's, or the
     * command line's for the batch run).
     */
    public Stage3Options observationOptions(Stage3Options defaults, Stage3Options observationConfig) {
        return defaults.overriddenBy(observationConfig);
    }
}
