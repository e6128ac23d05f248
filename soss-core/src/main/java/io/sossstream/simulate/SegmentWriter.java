package io.sossstream.simulate;

import io.sossstream.fits.HeaderCards;
import io.sossstream.fits.IntegrationTimes;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.Subarray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes one stage-2 segment in the jwst {@code calints} layout read by
 * {@link io.sossstream.segment.FitsSegmentReader}: PRIMARY (header only), SCI (float32), ERR (float32),
 * DQ (uint32 stored as BITPIX 32 with BZERO 2^31) and the INT_TIMES binary table.
 * <p>
 * Streaming: the number of integrations is known from the header, so every HDU's place in the file is fixed
 * up front; each {@link #write} puts one integration of each cube (and its INT_TIMES row) at its offset, so the
 * heap holds one plane whatever the number of integrations. Everything goes to a hidden temporary file in the
 * target directory that {@link #commit()} renames atomically: a failure never leaves a partial segment.
 * The bytes depend only on the inputs (no clock-derived card).
 */
public final class SegmentWriter implements AutoCloseable {
    /** INT_TIMES: integration_number (J) and six float64 (D) time columns. */
    private static final String[] TIME_COLUMNS = {
        "integration_number", "int_start_MJD_UTC", "int_mid_MJD_UTC", "int_end_MJD_UTC",
        "int_start_BJD_TDB", "int_mid_BJD_TDB", "int_end_BJD_TDB"};
    private static final int TIME_ROW_BYTES = 4 + 6 * 8;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final int pixels;
    private final int integrations;
    private final long planeBytes;
    private final long sciData;
    private final long errData;
    private final long dqData;
    private final long timesData;
    private final long fileSize;
    private final ByteBuffer plane;
    private final ByteBuffer row = ByteBuffer.allocate(TIME_ROW_BYTES).order(ByteOrder.BIG_ENDIAN);
    private int written;
    private boolean committed;

    private SegmentWriter(Path target, SegmentHeader h, String dateObs) throws IOException {
        this.target = target.toAbsolutePath();
        this.pixels = h.rows() * Subarray.COLUMNS;
        this.integrations = h.integrations();
        this.planeBytes = 4L * pixels;
        byte[] primary = primaryHeader(h, dateObs).toBytes();
        byte[] sciHeader = imageHeader("SCI", -32, h.rows(), false, "DN/s").toBytes();
        byte[] errHeader = imageHeader("ERR", -32, h.rows(), false, "DN/s").toBytes();
        byte[] dqHeader = imageHeader("DQ", 32, h.rows(), true, null).toBytes();
        byte[] timesHeader = timesHeader().toBytes();
        long cube = HeaderCards.padded(planeBytes * integrations);
        long pos = primary.length;
        long sciHeaderAt = pos;
        sciData = pos + sciHeader.length;
        long errHeaderAt = sciData + cube;
        errData = errHeaderAt + errHeader.length;
        long dqHeaderAt = errData + cube;
        dqData = dqHeaderAt + dqHeader.length;
        long timesHeaderAt = dqData + cube;
        timesData = timesHeaderAt + timesHeader.length;
        fileSize = timesData + HeaderCards.padded((long) TIME_ROW_BYTES * integrations);

        Path dir = this.target.getParent();
        Files.createDirectories(dir);
        temp = dir.resolve("." + this.target.getFileName() + ".partial");
        channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.READ);
        writeFully(ByteBuffer.wrap(primary), 0);
        writeFully(ByteBuffer.wrap(sciHeader), sciHeaderAt);
        writeFully(ByteBuffer.wrap(errHeader), errHeaderAt);
        writeFully(ByteBuffer.wrap(dqHeader), dqHeaderAt);
        writeFully(ByteBuffer.wrap(timesHeader), timesHeaderAt);
        plane = ByteBuffer.allocateDirect((int) planeBytes).order(ByteOrder.BIG_ENDIAN);
    }

    /**
     * Starts a segment file. {@code header} gives every primary keyword ({@code fileName} becomes FILENAME),
     * {@code rows} the cube height and {@code integrations} the cube depth (must equal INTEND − INTSTART + 1 for a
     * valid file; not enforced here so that tests can write deliberately broken files).
     *
     * @param dateObs DATE-OBS value (e.g. {@code 2022-07-26}); taken from the caller so the bytes are reproducible
     */
    public static SegmentWriter create(Path target, SegmentHeader header, String dateObs) {
        try {
            return new SegmentWriter(target, header, dateObs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target, e);
        }
    }

    /**
     * Appends the next integration. {@code dq} holds unsigned 32-bit flags as Java ints (bit pattern kept).
     * The arrays are row-major {@code y * 2048 + x} and are not retained.
     */
    public void write(float[] sci, float[] err, int[] dq, IntegrationTimes times) {
        if (written >= integrations) {
            throw new IllegalStateException(target.getFileName() + ": all " + integrations
                    + " integrations already written");
        }
        long offset = planeBytes * written;
        try {
            plane.clear();
            plane.asFloatBuffer().put(sci, 0, pixels);
            writeFully(plane, sciData + offset);
            plane.clear();
            plane.asFloatBuffer().put(err, 0, pixels);
            writeFully(plane, errData + offset);
            plane.clear();
            var ints = plane.asIntBuffer();
            for (int p = 0; p < pixels; p++) {
                ints.put(p, dq[p] ^ Integer.MIN_VALUE); // uint32 convention: stored = value − 2^31
            }
            writeFully(plane, dqData + offset);
            row.clear();
            row.putInt(times.integrationNumber())
                    .putDouble(times.startMjdUtc()).putDouble(times.midMjdUtc()).putDouble(times.endMjdUtc())
                    .putDouble(times.startBjdTdb()).putDouble(times.midBjdTdb()).putDouble(times.endBjdTdb());
            row.flip();
            writeFully(row, timesData + (long) TIME_ROW_BYTES * written);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + temp, e);
        }
        written++;
    }

    /** Finishes the file (padding, fsync) and renames it atomically onto the target. Returns the target. */
    public Path commit() {
        if (written != integrations) {
            throw new IllegalStateException(target.getFileName() + ": " + written + " of " + integrations
                    + " integrations written");
        }
        try {
            long end = timesData + (long) TIME_ROW_BYTES * integrations;
            if (fileSize > end) {
                writeFully(ByteBuffer.allocate((int) (fileSize - end)), end);
            }
            channel.force(true);
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + target, e);
        }
    }

    /** Abandons an uncommitted file (removes the temporary); no effect after {@link #commit()}. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            channel.close();
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + temp, e);
        }
    }

    private void writeFully(ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
    }

    private static HeaderCards primaryHeader(SegmentHeader h, String dateObs) {
        return new HeaderCards()
                .logical("SIMPLE", true, "conforms to FITS standard")
                .integer("BITPIX", 8, "array data type")
                .integer("NAXIS", 0, "number of array dimensions")
                .logical("EXTEND", true, null)
                .string("DATE-OBS", dateObs, "UTC date at start of exposure")
                .string("FILENAME", h.fileName(), "name of the file")
                .string("TELESCOP", "JWST", "telescope used to acquire the data")
                .string("INSTRUME", h.instrument(), "instrument used to acquire the data")
                .string("EXP_TYPE", "NIS_SOSS", "type of data in the exposure")
                .string("FILTER", "CLEAR", "name of the filter element used")
                .string("PUPIL", "GR700XD", "name of the pupil element used")
                .string("SUBARRAY", h.subarray().name(), "subarray used")
                .string("TARGNAME", h.targetName(), "standard astronomical catalog name for target")
                .real("PWCPOS", h.pwcpos(), "[deg] pupil wheel position")
                .integer("EXSEGNUM", h.segmentNumber(), "segment number")
                .integer("EXSEGTOT", h.segmentTotal(), "total number of segments")
                .integer("INTSTART", h.intStart(), "starting integration number in this segment")
                .integer("INTEND", h.intEnd(), "ending integration number in this segment")
                .integer("NINTS", h.nInts(), "number of integrations in exposure");
    }

    private HeaderCards imageHeader(String extname, int bitpix, int rows, boolean uint32, String unit) {
        HeaderCards c = new HeaderCards()
                .string("XTENSION", "IMAGE", "image extension")
                .integer("BITPIX", bitpix, "array data type")
                .integer("NAXIS", 3, "number of array dimensions")
                .integer("NAXIS1", Subarray.COLUMNS, null)
                .integer("NAXIS2", rows, null)
                .integer("NAXIS3", integrations, null)
                .integer("PCOUNT", 0, "number of parameters")
                .integer("GCOUNT", 1, "number of groups");
        if (uint32) {
            c.integer("BZERO", 2147483648L, "offset data range to that of unsigned int")
                    .integer("BSCALE", 1, "default scaling factor");
        }
        c.string("EXTNAME", extname, "extension name");
        if (unit != null) {
            c.string("BUNIT", unit, "physical units of the array values");
        }
        return c;
    }

    private HeaderCards timesHeader() {
        HeaderCards c = new HeaderCards()
                .string("XTENSION", "BINTABLE", "binary table extension")
                .integer("BITPIX", 8, "array data type")
                .integer("NAXIS", 2, "number of array dimensions")
                .integer("NAXIS1", TIME_ROW_BYTES, "length of dimension 1")
                .integer("NAXIS2", integrations, "length of dimension 2")
                .integer("PCOUNT", 0, "number of group parameters")
                .integer("GCOUNT", 1, "number of groups")
                .integer("TFIELDS", TIME_COLUMNS.length, "number of table fields");
        for (int k = 0; k < TIME_COLUMNS.length; k++) {
            c.string("TTYPE" + (k + 1), TIME_COLUMNS[k], null)
                    .string("TFORM" + (k + 1), k == 0 ? "J" : "D", null);
        }
        return c.string("EXTNAME", "INT_TIMES", "extension name");
    }
}
