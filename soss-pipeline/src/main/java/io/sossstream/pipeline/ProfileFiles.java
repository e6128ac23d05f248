package io.sossstream.pipeline;

import io.sossstream.segment.Subarray;
import io.sossstream.stage3.Profile;
import io.sossstream.trace.CentroidsCsv;
import io.sossstream.trace.PriorDistance;
import io.sossstream.trace.TraceCentroids;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link Profile} on disk: {@code profile.json} (everything but the centroids) and the centroids in exoTEDRF's
 * CSV format (shortest round-trip decimals, so reading back gives the same doubles).
 */
public final class ProfileFiles {
    public static final String PROFILE_JSON = "profile.json";
    /**
     * Creation date written into every centroids CSV: fixed, so that the batch CLI and profile-service write the
     * same bytes for the same inputs (the run's own date is in the product's DATE card).
     */
    public static final String CENTROIDS_DATE = "1970-01-01T00:00:00";

    private ProfileFiles() {
    }

    /** profile.json contents. */
    public record Document(int schemaVersion, String observationId, String targetName, Subarray subarray,
                           int widthOrder1, int widthOrder2, List<Integer> referenceSegments, String centroidSource,
                           Profile.WidthCurve widthCurveOrder1, Profile.WidthCurve widthCurveOrder2,
                           PriorDistance priorDistance) {
    }

    public static byte[] json(Profile p) {
        return PipelineJson.write(new Document(1, p.observationId(), p.targetName(), p.subarray(), p.widthOrder1(),
                p.widthOrder2(), p.referenceSegments(), p.centroids().source(), p.widthCurveOrder1(), p.widthCurveOrder2(),
                p.priorDistance()));
    }

    /** Rebuilds a profile from its JSON and centroids CSV. */
    public static Profile read(byte[] profileJson, Path centroidsCsv, String source) {
        Document d = PipelineJson.read(profileJson, Document.class, source);
        TraceCentroids c = CentroidsCsv.read(centroidsCsv);
        TraceCentroids named = new TraceCentroids(c.orderOne(), c.orderTwo(), c.orderThree(), d.centroidSource());
        return new Profile(d.observationId(), d.targetName(), d.subarray(), named, d.widthOrder1(), d.widthOrder2(),
                d.referenceSegments(), d.widthCurveOrder1(), d.widthCurveOrder2(), d.priorDistance());
    }

    /** Writes profile.json and the centroids CSV with the fixed {@link #CENTROIDS_DATE} (reproducible bytes). */
    public static void write(Profile p, Path profileJson, Path centroidsCsv) {
        write(p, profileJson, centroidsCsv, CENTROIDS_DATE);
    }

    /** Writes profile.json and the centroids CSV with {@code date} as the CSV's creation date. */
    public static void write(Profile p, Path profileJson, Path centroidsCsv, String date) {
        try {
            Files.write(profileJson, json(p));
            CentroidsCsv.write(centroidsCsv, p.centroids(), date,
                    p.priorDistance() == null ? List.of() : p.priorDistance().lines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
