package io.sossstream.segment;

/**
 * One integration of a segment: science, error and data-quality planes, row-major ({@code index = y * cols + x}).
 * Pixels flagged DO_NOT_USE in DQ are already NaN in {@link #sci} (they count as missing everywhere downstream).
 * Frames are reused by readers to keep the heap flat: copy what you keep.
 */
public final class Frame {
    /** DQ bit 0: DO_NOT_USE. */
    public static final int DO_NOT_USE = 1;

    public final int rows;
    public final int cols;
    public final float[] sci;
    public final float[] err;
    public final int[] dq;
    /**
     * Missing (NaN) SCI pixels found by the reader, or −1 when unknown (a frame filled by hand). With
     * {@link #missingColumn} it spares consumers a rescan of the frame.
     */
    public int missing = -1;
    /** Columns holding at least one missing pixel (valid when {@link #missing} ≥ 0). */
    public final boolean[] missingColumn;
    /** 0-based index of this integration inside its segment. */
    public int index;
    /** Mid-integration time, BJD_TDB - 2400000.5 (exoTEDRF labels it MJD_TDB). */
    public double timeMid;

    public Frame(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.sci = new float[rows * cols];
        this.err = new float[rows * cols];
        this.dq = new int[rows * cols];
        this.missingColumn = new boolean[cols];
    }
}
