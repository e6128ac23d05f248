package io.sossstream.segment;

import io.sossstream.calibrate.PupilWheelPrior;
import io.sossstream.error.BadInputException;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a segment must be before any compute touches it, checked when it lands (the first step that reads it, in the
 * stream and in the batch run alike): header values in range and consistent with each other and with the product's
 * limits, a TARGNAME that can name files and objects, and frames that hold data. Each rule is here once;
 * {@link FitsSegmentReader} checks the file's structure and the keywords' types, this class their values.
 * Every failure is a {@link BadInputException} naming the file (callers that know the object key re-name it).
 */
public final class SegmentValidator {
    /** Highest EXSEGTOT: per-segment objects are keyed {@code seg%03d} and the product's provenance cards too. */
    public static final int MAX_SEGMENTS = 999;
    /**
     * Highest NINTS: an order of magnitude above the longest SOSS time series (phase curves, a few thousand
     * integrations); the formatter holds the whole series in memory.
     */
    public static final int MAX_INTEGRATIONS = 100_000;
    /**
     * Allowed distance of PWCPOS from the pupil wheel's calibration position, degrees: the range of the CV3 tilt
     * test over which the trace motion with PWCPOS was measured. Beyond it the value is not a SOSS exposure's.
     */
    public static final double PWCPOS_TOLERANCE = 10.0;
    /** Longest TARGNAME: the value of one FITS header card (the product writes it back). */
    public static final int MAX_TARGET_NAME = 68;

    /** Characters kept in file and object names; the others become '_'. */
    private static final Pattern NAME_UNSAFE = Pattern.compile("[^A-Za-z0-9._+-]");
    private static final Pattern NAME_START = Pattern.compile("[A-Za-z0-9]");
    /** Rows read at a time when looking for a usable pixel (most frames answer within the first block). */
    private static final int ROW_BLOCK = 8;

    private SegmentValidator() {
    }

    /**
     * Checks the header's values: EXSEGNUM within 1..EXSEGTOT ≤ {@value #MAX_SEGMENTS}, INTSTART..INTEND within
     * 1..NINTS ≤ {@value #MAX_INTEGRATIONS}, at least one integration per segment, PWCPOS (when present) within
     * {@value #PWCPOS_TOLERANCE}° of the calibration position, and TARGNAME ({@link #checkTargetName}).
     */
    public static void checkHeader(SegmentHeader h) {
        String f = h.fileName();
        if (h.segmentTotal() < 1 || h.segmentTotal() > MAX_SEGMENTS) {
            throw new BadInputException(f, "EXSEGTOT = " + h.segmentTotal() + " outside 1.." + MAX_SEGMENTS);
        }
        if (h.segmentNumber() < 1 || h.segmentNumber() > h.segmentTotal()) {
            throw new BadInputException(f, "EXSEGNUM = " + h.segmentNumber() + " outside 1..EXSEGTOT ("
                    + h.segmentTotal() + ")");
        }
        if (h.nInts() < 1 || h.nInts() > MAX_INTEGRATIONS) {
            throw new BadInputException(f, "NINTS = " + h.nInts() + " outside 1.." + MAX_INTEGRATIONS);
        }
        if (h.segmentTotal() > h.nInts()) {
            throw new BadInputException(f, "EXSEGTOT = " + h.segmentTotal() + " segments cannot split NINTS = "
                    + h.nInts() + " integrations (at least one each)");
        }
        if (h.intStart() < 1 || h.intEnd() < h.intStart() || h.intEnd() > h.nInts()) {
            throw new BadInputException(f, "INTSTART = " + h.intStart() + " … INTEND = " + h.intEnd()
                    + " is not a range within 1..NINTS (" + h.nInts() + ")");
        }
        double pwcpos = h.pwcpos();
        if (!Double.isNaN(pwcpos) && !(Math.abs(pwcpos - PupilWheelPrior.REFERENCE_PWCPOS) <= PWCPOS_TOLERANCE)) {
            throw new BadInputException(f, String.format(Locale.ROOT, "PWCPOS = %s deg is not a SOSS pupil-wheel "
                            + "position (expected %.1f … %.1f)", pwcpos, PupilWheelPrior.REFERENCE_PWCPOS - PWCPOS_TOLERANCE,
                    PupilWheelPrior.REFERENCE_PWCPOS + PWCPOS_TOLERANCE));
        }
        checkTargetName(h.targetName(), f);
    }

    /**
     * TARGNAME names the product file ({@link #fileNamePart}): at most {@value #MAX_TARGET_NAME} characters, no
     * path ({@code /}, {@code \}, {@code ..}), and a letter or digit first once unsafe characters are replaced.
     *
     * @param source names the file or object in the error
     */
    public static void checkTargetName(String targetName, String source) {
        String t = targetName == null ? "" : targetName.trim();
        if (t.isEmpty()) {
            throw new BadInputException(source, "TARGNAME is empty");
        }
        if (t.length() > MAX_TARGET_NAME) {
            throw new BadInputException(source, "TARGNAME has " + t.length() + " characters, at most "
                    + MAX_TARGET_NAME + " (it names the product file)");
        }
        if (t.contains("/") || t.contains("\\") || t.contains("..")) {
            throw new BadInputException(source, "TARGNAME '" + t + "' looks like a path ('/', '\\' or '..'); it "
                    + "names the product file");
        }
        if (!NAME_START.matcher(fileNamePart(t)).lookingAt()) {
            throw new BadInputException(source, "TARGNAME '" + t + "' must start with a letter or digit (it names "
                    + "the product file)");
        }
    }

    /**
     * A TARGNAME as it appears in file and object names: trimmed, every character other than a letter, a digit,
     * '.', '_', '+' or '-' replaced by '_' (e.g. {@code "HD 209458"} → {@code HD_209458}).
     */
    public static String fileNamePart(String targetName) {
        return NAME_UNSAFE.matcher(targetName.trim()).replaceAll("_");
    }

    /**
     * Checks that every integration holds at least one usable SCI pixel (finite and not DO_NOT_USE): an all-NaN or
     * all-flagged frame is refused here rather than failing a fit later. Reads only until the first usable pixel of
     * each integration, so a good segment costs a few rows per integration.
     */
    public static void checkFrames(SegmentReader reader) {
        SegmentHeader h = reader.header();
        float[] rows = new float[ROW_BLOCK * Subarray.COLUMNS];
        int empty = 0;
        int first = -1;
        for (int i = 0; i < h.integrations(); i++) {
            if (!hasUsablePixel(reader, i, rows)) {
                empty++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (empty > 0) {
            throw new BadInputException(h.fileName(), "no usable SCI pixel (all NaN or DO_NOT_USE) in " + empty
                    + " of " + h.integrations() + " integrations, the first being integration " + (first + 1)
                    + " (exposure integration " + (h.intStart() + first) + ")");
        }
    }

    private static boolean hasUsablePixel(SegmentReader reader, int i, float[] rows) {
        int total = reader.header().rows();
        // the first row alone first: a frame with data nearly always answers there
        for (int y0 = 0, block = 1; y0 < total; y0 += block, block = ROW_BLOCK) {
            int n = Math.min(block, total - y0);
            reader.readSciRows(i, y0, n, rows);
            for (int p = 0; p < n * Subarray.COLUMNS; p++) {
                if (!Float.isNaN(rows[p])) {
                    return true;
                }
            }
        }
        return false;
    }
}
