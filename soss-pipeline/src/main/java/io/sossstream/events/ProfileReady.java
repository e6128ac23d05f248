package io.sossstream.events;

import java.util.List;

/**
 * An observation's spatial profile (deep stack, centroids, aperture widths) is durably stored.
 * Topic {@link Topics#PROFILE_READY}, key = observation id.
 *
 * @param schemaVersion     {@link PipelineEvent#SCHEMA_VERSION}
 * @param observationId     segments of one observation share it (file root without segment and suffix)
 * @param workBucket        bucket holding the profile objects
 * @param profilePrefix     key prefix of the profile objects ({@code observations/<obsId>/profile/})
 * @param referenceSegments the segment numbers the profile was built from (default [1])
 * @param widthOrder1       box width of order 1, pixels
 * @param widthOrder2       box width of order 2, pixels
 * @param centroidSource    how the centroids were obtained (e.g. "edgetrigger", "spectrace")
 * @param segmentTotal      EXSEGTOT of the observation
 * @param specProfileKey    key of the SPECPROFILE in the work bucket when the extraction method uses one (atoca),
 *                          else null
 */
public record ProfileReady(
        int schemaVersion,
        String observationId,
        String workBucket,
        String profilePrefix,
        List<Integer> referenceSegments,
        int widthOrder1,
        int widthOrder2,
        String centroidSource,
        int segmentTotal,
        String specProfileKey) implements PipelineEvent {

    public ProfileReady {
        PipelineEvent.checkVersion(schemaVersion);
        PipelineEvent.checkText(observationId, "observationId");
        PipelineEvent.checkText(workBucket, "workBucket");
        PipelineEvent.checkText(profilePrefix, "profilePrefix");
        PipelineEvent.check(referenceSegments != null && !referenceSegments.isEmpty()
                && referenceSegments.stream().noneMatch(java.util.Objects::isNull), "referenceSegments is missing or empty");
        PipelineEvent.check(widthOrder1 > 0 && widthOrder2 > 0, "widths must be positive");
        PipelineEvent.check(segmentTotal > 0, "segmentTotal must be positive");
        referenceSegments = List.copyOf(referenceSegments);
    }

    /** Current schema version. */
    public ProfileReady(String observationId, String workBucket, String profilePrefix,
            List<Integer> referenceSegments, int widthOrder1, int widthOrder2, String centroidSource,
            int segmentTotal, String specProfileKey) {
        this(SCHEMA_VERSION, observationId, workBucket, profilePrefix, referenceSegments, widthOrder1, widthOrder2,
                centroidSource, segmentTotal, specProfileKey);
    }

    /** Current schema version, no SPECPROFILE (box extraction). */
    public ProfileReady(String observationId, String workBucket, String profilePrefix,
            List<Integer> referenceSegments, int widthOrder1, int widthOrder2, String centroidSource,
            int segmentTotal) {
        this(observationId, workBucket, profilePrefix, referenceSegments, widthOrder1, widthOrder2, centroidSource,
                segmentTotal, null);
    }
}
