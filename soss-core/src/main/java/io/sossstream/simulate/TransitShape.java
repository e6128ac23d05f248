package io.sossstream.simulate;

/**
 * A limb-darkened transit light-curve shape for a small planet on a circular orbit, normalised so that
 * {@link #s(double)} is 1 at mid-transit and 0 out of transit: the flux is {@code 1 − δ·s(t)} for a depth δ,
 * linear in δ so that recovering δ is a linear fit.
 * <p>
 * Small-planet approximation (Mandel &amp; Agol 2002, §5): the flux deficit is the planet's area on the stellar
 * disk times the quadratic limb-darkened intensity {@code I(r) = 1 − u1(1−μ) − u2(1−μ)²} at its position,
 * over the disk-integrated intensity {@code π(1 − u1/3 − u2/6)}. During ingress/egress the exact circle–circle
 * overlap area is used, with the intensity at the middle of the covered chord.
 *
 * @param periodDays     orbital period P
 * @param aOverRs        semi-major axis over stellar radius
 * @param inclinationDeg orbital inclination
 * @param u1             linear limb-darkening coefficient
 * @param u2             quadratic limb-darkening coefficient
 * @param radiusRatio    planet-to-star radius ratio (only sets the ingress/egress duration)
 * @param midTime        mid-transit time (same time scale as the argument of {@link #s})
 */
public record TransitShape(double periodDays, double aOverRs, double inclinationDeg, double u1, double u2,
                           double radiusRatio, double midTime) {

    /** WASP-39 b (P = 4.0552941 d, a/Rs = 11.55, i = 87.75°, u1 = u2 = 0.2, Rp/Rs = 0.1466). */
    public static TransitShape wasp39b(double midTime) {
        return new TransitShape(4.0552941, 11.55, 87.75, 0.2, 0.2, 0.1466, midTime);
    }

    /** Normalised transit shape at time {@code t} (days): 1 at mid-transit, 0 outside the transit. */
    public double s(double t) {
        return deficit(separation(t)) / deficit(separation(midTime));
    }

    /** Sky-projected star–planet separation in stellar radii; +inf behind the star. */
    public double separation(double t) {
        double phase = 2 * Math.PI * (t - midTime) / periodDays;
        if (Math.cos(phase) <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double cosI = Math.cos(Math.toRadians(inclinationDeg));
        double sin = Math.sin(phase);
        double cos = Math.cos(phase);
        return aOverRs * Math.sqrt(sin * sin + cosI * cosI * cos * cos);
    }

    /** Flux deficit (fraction of the stellar flux) at separation z. */
    double deficit(double z) {
        double p = radiusRatio;
        if (z >= 1 + p) {
            return 0;
        }
        double covered;
        double r;
        if (z <= 1 - p) {
            covered = Math.PI * p * p;
            r = z;
        } else {
            covered = overlapArea(z, p);
            r = Math.min(1, (z - p + 1) / 2); // middle of the covered chord along the radius
        }
        double mu = Math.sqrt(Math.max(0, 1 - r * r));
        double intensity = 1 - u1 * (1 - mu) - u2 * (1 - mu) * (1 - mu);
        double total = Math.PI * (1 - u1 / 3 - u2 / 6);
        return covered * intensity / total;
    }

    /** Area of the intersection of the unit disk and a disk of radius p at distance z (|1−p| < z < 1+p). */
    static double overlapArea(double z, double p) {
        double a = p * p * Math.acos(clamp((z * z + p * p - 1) / (2 * z * p)));
        double b = Math.acos(clamp((z * z + 1 - p * p) / (2 * z)));
        double c = 0.5 * Math.sqrt(Math.max(0, (-z + p + 1) * (z + p - 1) * (z - p + 1) * (z + p + 1)));
        return a + b - c;
    }

    private static double clamp(double v) {
        return Math.max(-1, Math.min(1, v));
    }
}
