package io.sossstream.segment;

import io.sossstream.error.BadInputException;
import io.sossstream.error.RetriableException;
import io.sossstream.fits.HduIndex;
import io.sossstream.fits.HduIndex.Hdu;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a JWST stage-2 NIRISS/SOSS segment ({@code *_calints.fits} layout, spec §3): headers through
 * nom-tam-fits, pixels by positional big-endian bulk reads of one integration at a time, so the heap does not
 * grow with the number of integrations. SCI, ERR, DQ and INT_TIMES are found by EXTNAME.
 * <p>
 * Everything that can be checked from the headers is checked in {@link #open(Path)}; a frame without a single
 * finite SCI pixel is detected when it is read. SUBSTRIP256 and SUBSTRIP96 are supported; FULL frames are
 * refused (soss-stream's trace and wavelength references are for the SOSS strips). Reads are thread-safe
 * (positional, one buffer per thread): several threads may read integrations of one reader at once.
 */
public final class FitsSegmentReader implements SegmentReader {
    /** DQ stored as uint32: BITPIX 32 with this BZERO. */
    private static final long UINT32_BZERO = 2147483648L;
    private static final Pattern SEGMENT_TAG = Pattern.compile("-seg\\d+");

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
        HduIndex index = HduIndex.scan(path, source);
        Header primary = index.primary().header();

        String instrument = requireString(primary, "INSTRUME");
        if (!"NIRISS".equalsIgnoreCase(instrument)) {
            throw bad("INSTRUME is '" + instrument + "', soss-stream reads NIRISS/SOSS data only");
        }
        Subarray subarray = Subarray.parse(requireString(primary, "SUBARRAY"), source);
        if (subarray == Subarray.FULL) {
            throw bad("SUBARRAY 'FULL' is not supported (SOSS time series are read in SUBSTRIP256 or SUBSTRIP96)");
        }
        String target = requireString(primary, "TARGNAME");
        double pwcpos = optionalReal(primary, "PWCPOS");
        int segNum = requireInt(primary, "EXSEGNUM");
        int segTot = requireInt(primary, "EXSEGTOT");
        int intStart = requireInt(primary, "INTSTART");
        int intEnd = requireInt(primary, "INTEND");
        int nInts = requireInt(primary, "NINTS");
        String fileName = primary.containsKey("FILENAME") ? primary.getStringValue("FILENAME").trim() : source;

        // each cube checked as soon as found: a wrong shape also hides the HDUs after it
        Hdu sci = require(index, "SCI");
        int nint = checkCube(sci, -32, subarray, -1);
        Hdu err = require(index, "ERR");
        checkCube(err, -32, subarray, nint);
        Hdu dq = require(index, "DQ");
        checkCube(dq, 32, subarray, nint);
        Hdu times = require(index, "INT_TIMES");
        this.dqUnsigned = dqIsUnsigned(dq.header());
        if (intEnd - intStart + 1 != nint) {
            throw bad("INTSTART " + intStart + " … INTEND " + intEnd + " make " + (intEnd - intStart + 1)
                    + " integrations but SCI holds " + nint);
        }
        if (index.junkAt() >= 0) {
            // Checked last, so that a wrong cube shape (which also shifts the next header) is named as such.
            throw bad("no FITS header at byte " + index.junkAt() + " after the " + index.hdus().size()
                    + " HDUs: junk in the file, or a header that announces a wrong data size");
        }
        this.pixels = subarray.rows() * Subarray.COLUMNS;
        this.sciOffset = sci.dataOffset();
        this.errOffset = err.dataOffset();
        this.dqOffset = dq.dataOffset();
        this.header = new SegmentHeader(source, instrument.trim(), subarray, target.trim(), pwcpos, segNum, segTot,
                intStart, intEnd, nInts, observationId(fileName), subarray.rows(), nint);
        SegmentValidator.checkHeader(header);
        FileChannel opened = null;
        try {
            opened = FileChannel.open(path, StandardOpenOption.READ);
            this.channel = opened;
            this.midTimes = readMidTimes(times, nint);
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

    /**
     * The observation a segment belongs to: its FILENAME without {@code .fits}, without {@code -segNNN} and
     * without the last {@code _suffix} chunk ({@code jw02734002001_04101_00001-seg001_nis_calints.fits} →
     * {@code jw02734002001_04101_00001_nis}).
     */
    public static String observationId(String fileName) {
        String name = fileName.trim();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        if (name.toLowerCase(Locale.ROOT).endsWith(".fits")) {
            name = name.substring(0, name.length() - 5);
        }
        name = SEGMENT_TAG.matcher(name).replaceFirst("");
        int cut = name.lastIndexOf('_');
        return cut > 0 ? name.substring(0, cut) : name;
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
            flipSignBit(frame.dq, pixels);
        }
        java.util.Arrays.fill(frame.missingColumn, false);
        frame.missing = 0;
        if (!maskMissing(frame.sci, frame.dq, pixels, frame)) {
            throw bad("integration " + (i + 1) + " of " + header.integrations() + " (exposure integration "
                    + (header.intStart() + i) + ") has no finite SCI pixel");
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
        buffer.asIntBuffer().get(dqRows, 0, n);
        if (dqUnsigned) {
            flipSignBit(dqRows, n);
        }
        readFully(buffer, sciOffset + at, 4 * n);
        buffer.asFloatBuffer().get(dst, 0, n);
        maskMissing(dst, dqRows, n, null);
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
     * Sets DO_NOT_USE and non-finite (NaN, ±inf) SCI pixels to NaN; returns whether any finite pixel is left.
     * With a frame, also counts the missing pixels and marks their columns.
     */
    private static boolean maskMissing(float[] sci, int[] dq, int n, Frame frame) {
        boolean anyFinite = false;
        for (int p = 0; p < n; p++) {
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

    /** uint32 stored with BZERO 2^31: value = stored + 2^31, i.e. the same bits with the sign bit flipped. */
    private static void flipSignBit(int[] dq, int n) {
        for (int p = 0; p < n; p++) {
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

    /** Checks an image cube's type and shape against the subarray (and {@code nint} unless −1); returns NAXIS3. */
    private int checkCube(Hdu hdu, int bitpix, Subarray subarray, int nint) {
        Header h = hdu.header();
        String name = hdu.extname();
        if (h.getIntValue("BITPIX", 0) != bitpix) {
            throw bad(name + " has BITPIX " + h.getIntValue("BITPIX", 0) + ", expected " + bitpix);
        }
        int naxis = h.getIntValue("NAXIS", 0);
        if (naxis != 3 && naxis != 2) {
            throw bad(name + " has NAXIS " + naxis + ", expected a (nint, rows, 2048) cube");
        }
        long cols = h.getLongValue("NAXIS1", 0);
        long rows = h.getLongValue("NAXIS2", 0);
        long depth = naxis == 3 ? h.getLongValue("NAXIS3", 0) : 1;
        if (cols != Subarray.COLUMNS) {
            throw bad(name + " NAXIS1 is " + cols + ", expected " + Subarray.COLUMNS);
        }
        if (rows != subarray.rows()) {
            throw bad(name + " NAXIS2 is " + rows + ", expected " + subarray.rows() + " rows for SUBARRAY "
                    + subarray);
        }
        if (depth < 1) {
            throw bad(name + " holds no integration (NAXIS3 = " + depth + ")");
        }
        if (nint >= 0 && depth != nint) {
            throw bad(name + " has " + depth + " integrations but SCI has " + nint);
        }
        return (int) depth;
    }

    private boolean dqIsUnsigned(Header h) {
        if (h.getDoubleValue("BSCALE", 1.0) != 1.0) {
            throw bad("DQ has BSCALE " + h.getDoubleValue("BSCALE", 1.0) + ", expected 1");
        }
        double bzero = h.getDoubleValue("BZERO", 0.0);
        if (bzero == UINT32_BZERO) {
            return true;
        }
        if (bzero != 0.0) {
            throw bad("DQ has BZERO " + bzero + ", expected 0 (int32) or 2147483648 (uint32)");
        }
        return false;
    }

    /** Reads the int_mid_BJD_TDB column (TFORM D) of INT_TIMES. */
    private double[] readMidTimes(Hdu times, int nint) throws IOException {
        Header h = times.header();
        long rowCount = h.getLongValue("NAXIS2", 0);
        if (rowCount != nint) {
            throw bad("INT_TIMES has " + rowCount + " rows but SCI holds " + nint + " integrations");
        }
        int rowBytes = h.getIntValue("NAXIS1", 0);
        int fields = h.getIntValue("TFIELDS", 0);
        int offset = 0;
        int column = -1;
        for (int k = 1; k <= fields; k++) {
            String type = h.getStringValue("TTYPE" + k);
            String form = h.getStringValue("TFORM" + k);
            if (form == null) {
                throw bad("INT_TIMES column " + k + " has no TFORM");
            }
            if (type != null && type.trim().equalsIgnoreCase("int_mid_BJD_TDB")) {
                if (!form.trim().equalsIgnoreCase("D") && !form.trim().equalsIgnoreCase("1D")) {
                    throw bad("INT_TIMES int_mid_BJD_TDB has TFORM '" + form + "', expected D (float64)");
                }
                column = offset;
                break;
            }
            offset += formBytes(form.trim());
        }
        if (column < 0) {
            throw bad("INT_TIMES has no int_mid_BJD_TDB column");
        }
        ByteBuffer table = ByteBuffer.allocate(rowBytes * nint).order(ByteOrder.BIG_ENDIAN);
        long pos = times.dataOffset();
        while (table.hasRemaining()) {
            int r = channel.read(table, pos);
            if (r < 0) {
                throw bad("truncated INT_TIMES table");
            }
            pos += r;
        }
        double[] mid = new double[nint];
        for (int i = 0; i < nint; i++) {
            mid[i] = table.getDouble(i * rowBytes + column);
        }
        return mid;
    }

    /** Bytes of one field of a binary-table TFORM ({@code rT}, e.g. {@code 1J}, {@code D}, {@code 20A}). */
    private int formBytes(String form) {
        int k = 0;
        while (k < form.length() && Character.isDigit(form.charAt(k))) {
            k++;
        }
        int repeat = k == 0 ? 1 : Integer.parseInt(form.substring(0, k));
        if (k >= form.length()) {
            throw bad("INT_TIMES has a malformed TFORM '" + form + "'");
        }
        int size = switch (Character.toUpperCase(form.charAt(k))) {
            case 'L', 'B', 'A' -> 1;
            case 'I' -> 2;
            case 'J', 'E' -> 4;
            case 'K', 'D', 'C', 'P' -> 8;
            case 'M', 'Q' -> 16;
            case 'X' -> 0;
            default -> throw bad("INT_TIMES has an unsupported TFORM '" + form + "'");
        };
        return Character.toUpperCase(form.charAt(k)) == 'X' ? (repeat + 7) / 8 : repeat * size;
    }

    private Hdu require(HduIndex index, String extname) {
        Hdu hdu = index.find(extname);
        if (hdu == null) {
            throw bad("missing " + extname + " extension" + (index.junkAt() < 0 ? ""
                    : " (no FITS header at byte " + index.junkAt() + ": a header announces a wrong data size,"
                    + " or the file is corrupt)"));
        }
        return hdu;
    }

    private String requireString(Header h, String key) {
        if (!h.containsKey(key)) {
            throw bad("missing header keyword " + key);
        }
        String v = h.getStringValue(key);
        if (v == null || v.isBlank()) {
            throw bad("header keyword " + key + " is empty");
        }
        return v;
    }

    private int requireInt(Header h, String key) {
        HeaderCard card = h.findCard(key);
        if (card == null) {
            throw bad("missing header keyword " + key);
        }
        String v = card.getValue();
        try {
            return Integer.parseInt(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw bad("header keyword " + key + " = '" + v + "' is not an integer");
        }
    }

    /** A real-valued keyword, NaN when absent; a value that is not a finite number is bad input (never 0.0). */
    private double optionalReal(Header h, String key) {
        HeaderCard card = h.findCard(key);
        if (card == null || card.getValue() == null) {
            return Double.NaN;
        }
        String v = card.getValue().trim();
        double value;
        try {
            // FITS allows a D exponent (1.0D2)
            value = card.isStringValue() ? Double.NaN : Double.parseDouble(v.replace('D', 'E').replace('d', 'e'));
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!Double.isFinite(value)) {
            throw bad("header keyword " + key + " = '" + v + "' is not a number");
        }
        return value;
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
