package io.sossstream.specprofile;

import java.util.List;

/**
 * Where a spatial profile comes from, recorded in the SPECPROFILE file's primary header.
 *
 * @param origin         the ORIGIN card: {@code soss-stream} for ours, {@code applesoss} for APPLESOSS's files
 * @param software       software and version that built it (e.g. "soss-stream 0.1.0"), or null if unknown
 * @param centroidSource where the trace centroids came from ("edgetrigger", a centroids file name), or null
 * @param inputs         names of the input files the deep stack was made of (empty if unknown)
 * @param date           creation date (ISO 8601, UTC), or null
 */
public record Provenance(String origin, String software, String centroidSource, List<String> inputs, String date) {
    public Provenance {
        inputs = List.copyOf(inputs);
    }

    /** What a file without our provenance cards tells: only its ORIGIN (and DATE). */
    public static Provenance foreign(String origin, String date) {
        return new Provenance(origin, null, null, List.of(), date);
    }
}
