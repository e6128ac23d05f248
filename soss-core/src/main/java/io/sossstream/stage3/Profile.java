package io.sossstream.stage3;

import io.sossstream.segment.Subarray;
import io.sossstream.trace.PriorDistance;
import io.sossstream.trace.TraceCentroids;

import java.util.List;

/**
 * An observation's extraction profile: what every segment's extraction needs, built once from the reference
 * segment(s). Persisted as {@code profile.json} + the exoTEDRF centroids CSV (+ the deep stack FITS for people),
 * so the batch CLI and the services extract with exactly the same numbers.
 *
 * @param observationId     observation the profile belongs to
 * @param targetName        TARGNAME
 * @param subarray          detector subarray
 * @param centroids         trace centroids of orders 1–3
 * @param widthOrder1       resolved order-1 box width (px)
 * @param widthOrder2       resolved order-2 box width (px)
 * @param referenceSegments EXSEGNUM of the segments the profile was built from
 * @param widthCurveOrder1  white-light scatter per width when order 1 was optimised, else null
 * @param widthCurveOrder2  the same for order 2, else null
 * @param priorDistance     how far the centroids lie from their prior (PASTASOSS/SPECTRACE), null if unknown
 */
public record Profile(
        String observationId,
        String targetName,
        Subarray subarray,
        TraceCentroids centroids,
        int widthOrder1,
        int widthOrder2,
        List<Integer> referenceSegments,
        WidthCurve widthCurveOrder1,
        WidthCurve widthCurveOrder2,
        PriorDistance priorDistance) {

    /** Scores of the white-light aperture optimisation (§9), in {@code unit} (ppm, or DN/s for exoTEDRF's score). */
    public record WidthCurve(int[] widths, double[] scores, String unit) {
    }

    /** Box width of an order (1 or 2). */
    public int width(int order) {
        return order == 1 ? widthOrder1 : widthOrder2;
    }
}
