package io.sossstream.pipeline;

import io.sossstream.error.BadInputException;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.Subarray;

/**
 * The registry entry of one landed segment ({@code observations/<obs>/segments/seg001.json}): where the raw file
 * is, what its header says and its checksum, so that later steps can check membership, wait for missing segments and
 * record input checksums without downloading the raw file again. Written once; never overwritten with other content.
 *
 * @param schemaVersion 2 (1 recorded a SHA-256)
 * @param observationId observation id (from the file name, as the batch run derives it)
 * @param segmentNumber EXSEGNUM
 * @param segmentTotal  EXSEGTOT
 * @param rawBucket     bucket of the raw segment
 * @param rawKey        key of the raw segment (decoded)
 * @param etag          ETag announced for the raw object
 * @param size          size of the raw object in bytes
 * @param subarray      SUBARRAY
 * @param targetName    TARGNAME
 * @param intStart      INTSTART
 * @param intEnd        INTEND
 * @param nInts         NINTS
 * @param pwcpos        PWCPOS (degrees, NaN when absent)
 * @param fileName      base name of the raw file (recorded in the product's INFILEn cards)
 * @param checksum      the raw file's {@link io.sossstream.stage3.InputFile#checksum} (INSUMn cards; detects a different file for the same segment)
 * @param landedAt      when the segment landed (S3 event time), epoch milliseconds; {@link #UNKNOWN_TIME} when the
 *                      event had no time
 */
public record SegmentRecord(int schemaVersion, String observationId, int segmentNumber, int segmentTotal,
                            String rawBucket, String rawKey, String etag, long size, Subarray subarray,
                            String targetName, int intStart, int intEnd, int nInts, double pwcpos, String fileName,
                            String checksum, long landedAt) {
    public static final int SCHEMA_VERSION = 2;
    /** {@code landedAt} of a segment whose event carried no time. */
    public static final long UNKNOWN_TIME = -1;

    /** The record of a segment whose header has been read. */
    public static SegmentRecord of(SegmentHeader h, String rawBucket, String rawKey, String etag, long size,
                                   String checksum, long landedAt) {
        return new SegmentRecord(SCHEMA_VERSION, h.observationId(), h.segmentNumber(), h.segmentTotal(), rawBucket,
                rawKey, etag, size, h.subarray(), h.targetName(), h.intStart(), h.intEnd(), h.nInts(), h.pwcpos(),
                h.fileName(), checksum, landedAt);
    }

    /** The header summary the record keeps (enough for {@link io.sossstream.segment.Observation}'s checks). */
    public SegmentHeader header() {
        return new SegmentHeader(fileName, "NIRISS", subarray, targetName, pwcpos, segmentNumber, segmentTotal,
                intStart, intEnd, nInts, observationId, subarray.rows(), integrations());
    }

    /** Integrations in the segment. */
    public int integrations() {
        return intEnd - intStart + 1;
    }

    /** {@code bucket/key} of the raw segment, as error messages name it. */
    public String rawAddress() {
        return rawBucket + "/" + rawKey;
    }

    public byte[] toJson() {
        return PipelineJson.write(this);
    }

    /** Parses a stored record; {@code source} names the object in errors. */
    public static SegmentRecord fromJson(byte[] json, String source) {
        SegmentRecord r = PipelineJson.read(json, SegmentRecord.class, source);
        if (r.schemaVersion != SCHEMA_VERSION || r.observationId == null || r.subarray == null || r.rawKey == null
                || r.checksum == null) {
            throw new BadInputException(source, "not a schemaVersion " + SCHEMA_VERSION + " segment record");
        }
        return r;
    }
}
