package io.sossstream.simulate;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What to simulate. Build from {@link #defaults()} with the {@code with…} methods.
 *
 * @param segments                 number of segment files (EXSEGTOT)
 * @param intsPerSegment           integrations per segment
 * @param seed                     random seed: the same options give the same bytes
 * @param scene                    scene file (.npy or .fits, rows × 2048 DN/s, 256 or 96 rows); null = the
 *                                 packaged real WASP-39 median frame
 * @param xShiftPixels             shift of the scene along x (pixels, constant): light of SPECTRACE column x lands
 *                                 in column x + shift
 * @param jitterRms                rms of the per-integration sub-pixel trace shift along y (pixels)
 * @param cosmicRaysPerIntegration mean number of cosmic-ray hits per integration (Poisson)
 * @param badPixels                number of hot/bad pixels (DO_NOT_USE, garbage SCI, fixed in time)
 * @param targetName               TARGNAME
 * @param pwcposOffset             added to the nominal PWCPOS 245.79°
 * @param integrationTime          effective integration time (s); also the INT_TIMES step
 * @param gain                     e⁻/DN
 * @param readNoise                read noise per integration (e⁻)
 * @param transitMid               mid-transit and observation centre, BJD_TDB − 2400000.5
 * @param fileRoot                 file name root before {@code -segNNN}
 * @param dateObs                  DATE-OBS
 */
public record SimulationOptions(
        int segments,
        int intsPerSegment,
        long seed,
        Path scene,
        double xShiftPixels,
        double jitterRms,
        double cosmicRaysPerIntegration,
        int badPixels,
        String targetName,
        double pwcposOffset,
        double integrationTime,
        double gain,
        double readNoise,
        double transitMid,
        String fileRoot,
        String dateObs) {

    public static final double NOMINAL_PWCPOS = 245.79;

    public SimulationOptions {
        if (segments < 1 || intsPerSegment < 1) {
            throw new IllegalArgumentException("need at least one segment of one integration");
        }
        if (integrationTime <= 0 || gain <= 0 || readNoise < 0 || jitterRms < 0 || cosmicRaysPerIntegration < 0
                || badPixels < 0) {
            throw new IllegalArgumentException("negative or zero noise/time parameter");
        }
    }

    /** A WASP-39 b–like exposure: 4 segments × 134 integrations of 49.4 s around the transit. */
    public static SimulationOptions defaults() {
        return new SimulationOptions(4, 134, 1L, null, 0.0, 0.0, 3.0, 200, "WASP-39", 0.0,
                49.4, 1.6, 12.0, 59791.6, "jw01366001001_04101_00001", "2022-07-26");
    }

    public SimulationOptions withSegments(int segments, int intsPerSegment) {
        return copy(c -> { c.segments = segments; c.intsPerSegment = intsPerSegment; });
    }

    /** Integration time in seconds (longer = the same number of integrations spans more of the transit). */
    public SimulationOptions withIntegrationTime(double seconds) {
        return copy(c -> c.integrationTime = seconds);
    }

    public SimulationOptions withSeed(long seed) {
        return copy(c -> c.seed = seed);
    }

    public SimulationOptions withScene(Path scene) {
        return copy(c -> c.scene = scene);
    }

    public SimulationOptions withXShift(double xShiftPixels) {
        return copy(c -> c.xShiftPixels = xShiftPixels);
    }

    public SimulationOptions withJitter(double jitterRms) {
        return copy(c -> c.jitterRms = jitterRms);
    }

    public SimulationOptions withDefects(double cosmicRaysPerIntegration, int badPixels) {
        return copy(c -> { c.cosmicRaysPerIntegration = cosmicRaysPerIntegration; c.badPixels = badPixels; });
    }

    public SimulationOptions withPwcposOffset(double pwcposOffset) {
        return copy(c -> c.pwcposOffset = pwcposOffset);
    }

    public SimulationOptions withTarget(String targetName, String fileRoot) {
        return copy(c -> { c.targetName = targetName; c.fileRoot = fileRoot; });
    }

    /** These options with what {@code change} sets on a copy of their values (every {@code with…} method). */
    private SimulationOptions copy(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The values of a copy while a {@code with…} method changes some of them. */
    private static final class Copy {
        int segments;
        int intsPerSegment;
        long seed;
        Path scene;
        double xShiftPixels;
        double jitterRms;
        double cosmicRaysPerIntegration;
        int badPixels;
        String targetName;
        double pwcposOffset;
        double integrationTime;
        double gain;
        double readNoise;
        double transitMid;
        String fileRoot;
        String dateObs;

        Copy(SimulationOptions o) {
            segments = o.segments;
            intsPerSegment = o.intsPerSegment;
            seed = o.seed;
            scene = o.scene;
            xShiftPixels = o.xShiftPixels;
            jitterRms = o.jitterRms;
            cosmicRaysPerIntegration = o.cosmicRaysPerIntegration;
            badPixels = o.badPixels;
            targetName = o.targetName;
            pwcposOffset = o.pwcposOffset;
            integrationTime = o.integrationTime;
            gain = o.gain;
            readNoise = o.readNoise;
            transitMid = o.transitMid;
            fileRoot = o.fileRoot;
            dateObs = o.dateObs;
        }

        SimulationOptions build() {
            return new SimulationOptions(segments, intsPerSegment, seed, scene, xShiftPixels, jitterRms,
                    cosmicRaysPerIntegration, badPixels, targetName, pwcposOffset, integrationTime, gain, readNoise,
                    transitMid, fileRoot, dateObs);
        }
    }

    public int totalIntegrations() {
        return segments * intsPerSegment;
    }

    public double pwcpos() {
        return NOMINAL_PWCPOS + pwcposOffset;
    }

    /** File name of segment {@code n} (1-based). */
    public String segmentFileName(int n) {
        return String.format(java.util.Locale.ROOT, "%s-seg%03d_nis_calints.fits", fileRoot, n);
    }
}
