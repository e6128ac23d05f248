package io.sossstream.trace;

/**
 * Trace centre row (y, subarray pixels) of SOSS orders 1–3 at every detector column x = 0…2047.
 * NaN where an order has no centroid (off the detector, or SUBSTRIP96 orders 2–3).
 *
 * @param orderOne   y of order 1, length 2048
 * @param orderTwo   y of order 2, length 2048
 * @param orderThree y of order 3, length 2048
 * @param source     where they come from: "edgetrigger" or the centroids file name
 */
public record TraceCentroids(double[] orderOne, double[] orderTwo, double[] orderThree, String source) {

    /** Centroids of one order (1, 2 or 3). */
    public double[] order(int order) {
        return switch (order) {
            case 1 -> orderOne;
            case 2 -> orderTwo;
            case 3 -> orderThree;
            default -> throw new IllegalArgumentException("SOSS order must be 1, 2 or 3, not " + order);
        };
    }
}
