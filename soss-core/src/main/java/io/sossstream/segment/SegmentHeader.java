package io.sossstream.segment;

/**
 * What soss-stream needs from a stage-2 segment's primary header (jwst core schema keywords).
 *
 * @param fileName      base name of the file (used in every message and in the output provenance)
 * @param instrument    INSTRUME (must be NIRISS)
 * @param subarray      SUBARRAY
 * @param targetName    TARGNAME
 * @param pwcpos        PWCPOS, pupil-wheel position in degrees (NaN when absent)
 * @param segmentNumber EXSEGNUM (1-based)
 * @param segmentTotal  EXSEGTOT
 * @param intStart      INTSTART, first integration of this segment in the exposure (1-based)
 * @param intEnd        INTEND, last integration (inclusive)
 * @param nInts         NINTS, integrations of the whole exposure
 * @param observationId the file root without segment and suffix (e.g. {@code jw02734002001_04101_00001_nis});
 *                      segments of one observation share it
 * @param rows          detector rows in the file (NAXIS2)
 * @param integrations  integrations in this file (NAXIS3)
 */
public record SegmentHeader(
        String fileName,
        String instrument,
        Subarray subarray,
        String targetName,
        double pwcpos,
        int segmentNumber,
        int segmentTotal,
        int intStart,
        int intEnd,
        int nInts,
        String observationId,
        int rows,
        int integrations) {
}
