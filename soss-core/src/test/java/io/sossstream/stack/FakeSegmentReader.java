package io.sossstream.stack;

import io.sossstream.segment.Frame;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.SegmentReader;
import io.sossstream.segment.Subarray;

/** In-memory segment for tests: {@code cube[i][y * 2048 + x]}. Counts row reads to check the blocking. */
final class FakeSegmentReader implements SegmentReader {
    private final float[][] cube;
    private final SegmentHeader header;
    int maxRowsPerRead;

    FakeSegmentReader(String name, int rows, float[][] cube) {
        this.cube = cube;
        this.header = new SegmentHeader(name, "NIRISS", Subarray.SUBSTRIP256, "TEST", Double.NaN, 1, 1, 1,
                cube.length, cube.length, "test", rows, cube.length);
    }

    @Override
    public SegmentHeader header() {
        return header;
    }

    @Override
    public double[] midTimes() {
        return new double[cube.length];
    }

    @Override
    public void read(int i, Frame frame) {
        System.arraycopy(cube[i], 0, frame.sci, 0, frame.sci.length);
        frame.index = i;
    }

    @Override
    public void readSciRows(int i, int y0, int nRows, float[] dst) {
        maxRowsPerRead = Math.max(maxRowsPerRead, nRows);
        System.arraycopy(cube[i], y0 * Subarray.COLUMNS, dst, 0, nRows * Subarray.COLUMNS);
    }

    @Override
    public void close() {
    }
}
