package io.sossstream.segment;

/**
 * Streams one stage-2 segment integration by integration, so that the heap does not grow with the number
 * of integrations. Implementations validate the file when opened and throw
 * {@link io.sossstream.error.BadInputException} naming the file and the problem. {@link #read} and
 * {@link #readSciRows} may be called from several threads at once (the deep stack and the extraction share
 * integrations between cores).
 */
public interface SegmentReader extends AutoCloseable {

    SegmentHeader header();

    /** Mid-integration times (int_mid_BJD_TDB of INT_TIMES, MJD-style), one per integration of this file. */
    double[] midTimes();

    /**
     * Reads integration {@code i} (0-based) into {@code frame}: SCI (DO_NOT_USE pixels set to NaN), ERR, DQ.
     * Sets {@code frame.index} and {@code frame.timeMid}.
     */
    void read(int i, Frame frame);

    /**
     * Reads integration {@code i} like {@link #read(int, Frame)}, but only the pixels of {@code window} are sure to
     * be read: SCI (DO_NOT_USE pixels set to NaN), ERR and DQ inside the window, {@code frame.missing} and
     * {@code frame.missingColumn} counting the window's missing pixels; pixels outside may be left as they were.
     * An integration without a finite SCI pixel in the window is read whole (and refused if it has none at all).
     * The default reads the whole frame.
     */
    default void read(int i, Frame frame, PixelWindow window) {
        read(i, frame);
    }

    /**
     * Reads rows {@code [y0, y0 + nRows)} of the SCI plane of integration {@code i} into {@code dst}
     * (row-major, length ≥ nRows × cols), DO_NOT_USE pixels set to NaN. Used by the blocked deep stack.
     */
    void readSciRows(int i, int y0, int nRows, float[] dst);

    @Override
    void close();
}
