package io.sossstream.calibrate;

/**
 * The trace's expected x offset from the pupil-wheel position: the SOSS traces move along x by −11 px per
 * degree of PWCPOS (CV3 tilt test, ±10°), relative to 245.7909°, the position of the flux/wavelength
 * calibration data set (BD+60 1753, PID 1091). Reported next to the measured shift as a sanity check.
 */
public final class PupilWheelPrior {
    /** PWCPOS of the calibration data set, degrees. */
    public static final double REFERENCE_PWCPOS = 245.7909;
    /** Trace x motion per degree of PWCPOS, pixels. */
    public static final double PIXELS_PER_DEGREE = -11.0;

    private PupilWheelPrior() {
    }

    /** Predicted x offset (pixels) of the traces for a pupil-wheel position in degrees; NaN in gives NaN. */
    public static double predictedOffsetPixels(double pwcpos) {
        return PIXELS_PER_DEGREE * (pwcpos - REFERENCE_PWCPOS);
    }
}
