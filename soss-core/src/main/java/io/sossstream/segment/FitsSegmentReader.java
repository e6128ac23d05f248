package io.sossstream.segment;

import io.sossstream.error.BadInputException;
import io.sossstream.error.RetriableException;
import io.sossstream.stats.NanStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the pixels of a JWST stage-2 NIRISS/SOSS segment whose headers {@link SegmentLayout} checked: positional
 * big-endian bulk reads of one integration at a time, so the heap does not grow with the number of integrations;
 * the times from INT_TIMES ({@link IntTimesTable}).
 * <p>
 * Everything that can be checked from the headers is checked in {@link #open(Path)}; a frame without a single
 * finite SCI pixel is detected when it is read. SUBSTRIP256 and SUBSTRIP96 are supported; FULL frames are
 * refused (soss-stream's trace and wavelength references are for the SOSS strips). Reads are thread-safe
 * (positional, one buffer per thread): several threads may read integrations of one reader at once.
 */
public final class FitsSegmentReader implements SegmentReader {
    /** Pixels checked at a time for a missing one before the slow masking pass (a few hundred per frame are). */
    private static final int CHUNK = 64;
    private final Path path;
    private final String source;
    private final SegmentHeader header;
    private final double[] midTimes;
    private final long sciOffset;
    private final long errOffset;
    private final long dqOffset;
    private final boolean dqUnsigned;
    private final int pixels;
    private final FileChannel channel;
    /** Each reading thread's own buffers: positional reads on one channel, so integrations can be read in parallel. */
    private final ThreadLocal<Buffers> buffers;

    private FitsSegmentReader(Path path) {
        this.path = path;
        this.source = path.getFileName().toString();
        SegmentLayout layout = SegmentLayout.read(path);
        this.header = layout.header();
        this.pixels = header.rows() * Subarray.COLUMNS;
        this.sciOffset = layout.sciOffset();
        this.errOffset = layout.errOffset();
        this.dqOffset = layout.dqOffset();
        this.dqUnsigned = layout.dqUnsigned();
        FileChannel opened = null;
        try {
            opened = FileChannel.open(path, StandardOpenOption.READ);
            this.channel = opened;
            this.midTimes = IntTimesTable.midTimes(opened, layout.intTimes(), header.integrations(), source);
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new RetriableException(source + ": cannot read: " + e.getMessage(), e);
        }
        int planeBytes = 4 * pixels;
        this.buffers = ThreadLocal.withInitial(() -> new Buffers(planeBytes));
    }

    /** A plane's bytes as read, and the DQ rows of a partial read. */
    private static final class Buffers {
        final ByteBuffer bytes;
        int[] dqRows = new int[0];

        Buffers(int planeBytes) {
            bytes = ByteBuffer.allocateDirect(planeBytes).order(ByteOrder.BIG_ENDIAN);
        }
    }

    /** Opens and validates a segment file; throws {@link BadInputException} naming the file and the problem. */
    public static FitsSegmentReader open(Path path) {
        return new FitsSegmentReader(path);
    }

    @Override
    public SegmentHeader header() {
        return header;
    }

    @Override
    public double[] midTimes() {
        return midTimes.clone();
    }

    /** The path this reader was opened on. */
    public Path path() {
        return path;
    }

    @Override
    public void read(int i, Frame frame) {
        checkIntegration(i);
        if (frame.rows != header.rows() || frame.cols != Subarray.COLUMNS) {
            throw new IllegalArgumentException("frame is " + frame.rows + "x" + frame.cols + ", segment is "
                    + header.rows() + "x" + Subarray.COLUMNS);
        }
        long plane = 4L * pixels * i;
        ByteBuffer buffer = buffers.get().bytes;
        readFully(buffer, sciOffset + plane, 4 * pixels);
        buffer.asFloatBuffer().get(frame.sci, 0, pixels);
        readFully(buffer, errOffset + plane, 4 * pixels);
        buffer.asFloatBuffer().get(frame.err, 0, pixels);
        readFully(buffer, dqOffset + plane, 4 * pixels);
        buffer.asIntBuffer().get(frame.dq, 0, pixels);
        if (dqUnsigned) {
            flipSignBit(frame.dq, 0, pixels);
        }
        java.util.Arrays.fill(frame.missingColumn, false);
        frame.missing = 0;
        if (!maskMissingByChunk(frame.sci, frame.dq, 0, pixels, frame)) {
            throw bad("integration " + (i + 1) + " of " + header.integrations() + " (exposure integration "
                    + (header.intStart() + i) + ") has no finite SCI pixel");
        }
        frame.index = i;
        frame.timeMid = midTimes[i];
    }

    /**
     * Reads the rows of the window's bounding box with one positional read per plane (a copy from the page cache is
     * cheap; converting, masking and checking every pixel is not) and byte-swaps, masks and checks only the pixels of
     * the window. Memory-mapping the segment instead costs several times the CPU of these reads on this kind of
     * machine (a page fault per 4 KiB page of every new mapping), so the reads stay positional.
     */
    @Override
    public void read(int i, Frame frame, PixelWindow window) {
        checkIntegration(i);
        if (frame.rows != header.rows() || frame.cols != Subarray.COLUMNS || window.rows() != header.rows()
                || window.cols() != Subarray.COLUMNS) {
            throw new IllegalArgumentException("frame is " + frame.rows + "x" + frame.cols + ", window "
                    + window.rows() + "x" + window.cols() + ", segment is " + header.rows() + "x" + Subarray.COLUMNS);
        }
        java.util.Arrays.fill(frame.missingColumn, false);
        frame.missing = 0;
        int y0 = window.firstRow();
        int y1 = window.endRow();
        boolean anyFinite = false;
        if (y1 > y0) {
            int cols = Subarray.COLUMNS;
            long at = 4L * pixels * i + 4L * y0 * cols;
            int n = (y1 - y0) * cols;
            int skip = y0 * cols; // frame index of the first byte read
            ByteBuffer buffer = buffers.get().bytes;
            readFully(buffer, dqOffset + at, 4 * n);
            IntBuffer dq = buffer.asIntBuffer();
            window.forEachRun((y, from, to) -> dq.get(y * cols + from - skip, frame.dq, y * cols + from, to - from));
            readFully(buffer, sciOffset + at, 4 * n);
            FloatBuffer sci = buffer.asFloatBuffer();
            for (int y = y0; y < y1; y++) {
                for (int k = window.firstRun(y); k < window.firstRun(y + 1); k++) {
                    int p = y * cols + window.runFrom(k);
                    int len = window.runTo(k) - window.runFrom(k);
                    sci.get(p - skip, frame.sci, p, len);
                    if (dqUnsigned) {
                        flipSignBit(frame.dq, p, p + len);
                    }
                    anyFinite |= maskMissingByChunk(frame.sci, frame.dq, p, p + len, frame);
                }
            }
            readFully(buffer, errOffset + at, 4 * n);
            FloatBuffer err = buffer.asFloatBuffer();
            window.forEachRun((y, from, to) -> err.get(y * cols + from - skip, frame.err, y * cols + from, to - from));
        }
        if (!anyFinite) {
            read(i, frame); // the whole frame: refused if it has no finite pixel at all
            return;
        }
        frame.index = i;
        frame.timeMid = midTimes[i];
    }

    @Override
    public void readSciRows(int i, int y0, int nRows, float[] dst) {
        checkIntegration(i);
        if (y0 < 0 || nRows < 0 || y0 + nRows > header.rows()) {
            throw new IllegalArgumentException("rows " + y0 + "+" + nRows + " outside 0…" + header.rows());
        }
        int n = nRows * Subarray.COLUMNS;
        long at = 4L * pixels * i + 4L * y0 * Subarray.COLUMNS;
        Buffers b = buffers.get();
        if (b.dqRows.length < n) {
            b.dqRows = new int[n];
        }
        int[] dqRows = b.dqRows;
        ByteBuffer buffer = b.bytes;
        readFully(buffer, dqOffset + at, 4 * n);
        buffer.asIntBuffer().get(dqRows, 0, n); // only DO_NOT_USE (bit 0) is read: an unsigned DQ needs no flip
        readFully(buffer, sciOffset + at, 4 * n);
        buffer.asFloatBuffer().get(dst, 0, n);
        maskMissingByChunk(dst, dqRows, 0, n, null);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new RetriableException(source + ": cannot close: " + e.getMessage(), e);
        }
    }

    /**
     * {@link #maskMissing} over {@code [from, to)}, {@link #CHUNK} pixels at a time, each chunk first checked by
     * {@link #anyMissing}: nearly all have no missing pixel and skip the masking's branches. Returns whether any finite
     * pixel is left.
     */
    private static boolean maskMissingByChunk(float[] sci, int[] dq, int from, int to, Frame frame) {
        boolean anyFinite = false;
        for (int q = from; q < to; q += CHUNK) {
            int qEnd = Math.min(to, q + CHUNK);
            if (anyMissing(sci, dq, q, qEnd)) {
                anyFinite |= maskMissing(sci, dq, q, qEnd, frame);
            } else {
                anyFinite = true;
            }
        }
        return anyFinite;
    }

    /**
     * Sets DO_NOT_USE and non-finite (NaN, ±inf) SCI pixels to NaN; returns whether any finite pixel is left.
     * With a frame, also counts the missing pixels and marks their columns.
     */
    private static boolean maskMissing(float[] sci, int[] dq, int from, int to, Frame frame) {
        boolean anyFinite = false;
        for (int p = from; p < to; p++) {
            if ((dq[p] & Frame.DO_NOT_USE) != 0 || !Float.isFinite(sci[p])) {
                sci[p] = Float.NaN;
                if (frame != null) {
                    frame.missing++;
                    frame.missingColumn[p % frame.cols] = true;
                }
            } else {
                anyFinite = true;
            }
        }
        return anyFinite;
    }

    /**
     * Whether any pixel of {@code [from, to)} is missing (DO_NOT_USE, NaN or ±inf): one branch-free pass
     * ({@link NanStats#notFiniteSign}), so that runs without missing pixels, nearly all of them, skip
     * {@link #maskMissing}'s branches.
     */
    private static boolean anyMissing(float[] sci, int[] dq, int from, int to) {
        int acc = 0;
        for (int p = from; p < to; p++) {
            acc |= (dq[p] << 31) | NanStats.notFiniteSign(sci[p]);
        }
        return acc < 0;
    }

    /** uint32 stored with BZERO 2^31: value = stored + 2^31, i.e. the same bits with the sign bit flipped. */
    private static void flipSignBit(int[] dq, int from, int to) {
        for (int p = from; p < to; p++) {
            dq[p] ^= Integer.MIN_VALUE;
        }
    }

    private void readFully(ByteBuffer buffer, long position, int bytes) {
        buffer.clear().limit(bytes);
        try {
            long pos = position;
            while (buffer.hasRemaining()) {
                int r = channel.read(buffer, pos);
                if (r < 0) {
                    throw bad("truncated file: no data at byte " + pos);
                }
                pos += r;
            }
        } catch (IOException e) {
            throw new RetriableException(source + ": cannot read: " + e.getMessage(), e);
        }
        buffer.flip();
    }

    private void checkIntegration(int i) {
        if (i < 0 || i >= header.integrations()) {
            throw new IndexOutOfBoundsException(source + ": integration " + i + " outside 0…"
                    + (header.integrations() - 1));
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // the open failure is what the caller needs to see
            }
        }
    }

    private BadInputException bad(String problem) {
        return new BadInputException(source, problem);
    }
}
