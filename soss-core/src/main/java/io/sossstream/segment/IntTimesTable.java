package io.sossstream.segment;

import io.sossstream.error.BadInputException;
import io.sossstream.fits.HduIndex.Hdu;
import nom.tam.fits.Header;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** A segment's INT_TIMES binary table: the mid-integration times, found by column name and type. */
final class IntTimesTable {
    private IntTimesTable() {
    }

    /**
     * The int_mid_BJD_TDB column (TFORM D) of INT_TIMES, one value per integration.
     *
     * @param source names the file in errors
     */
    static double[] midTimes(FileChannel channel, Hdu times, int nint, String source) throws IOException {
        Header h = times.header();
        long rowCount = h.getLongValue("NAXIS2", 0);
        if (rowCount != nint) {
            throw bad(source, "INT_TIMES has " + rowCount + " rows but SCI holds " + nint + " integrations");
        }
        int rowBytes = h.getIntValue("NAXIS1", 0);
        int fields = h.getIntValue("TFIELDS", 0);
        int offset = 0;
        int column = -1;
        for (int k = 1; k <= fields; k++) {
            String type = h.getStringValue("TTYPE" + k);
            String form = h.getStringValue("TFORM" + k);
            if (form == null) {
                throw bad(source, "INT_TIMES column " + k + " has no TFORM");
            }
            if (type != null && type.trim().equalsIgnoreCase("int_mid_BJD_TDB")) {
                if (!form.trim().equalsIgnoreCase("D") && !form.trim().equalsIgnoreCase("1D")) {
                    throw bad(source, "INT_TIMES int_mid_BJD_TDB has TFORM '" + form + "', expected D (float64)");
                }
                column = offset;
                break;
            }
            offset += formBytes(form.trim(), source);
        }
        if (column < 0) {
            throw bad(source, "INT_TIMES has no int_mid_BJD_TDB column");
        }
        ByteBuffer table = ByteBuffer.allocate(rowBytes * nint).order(ByteOrder.BIG_ENDIAN);
        long pos = times.dataOffset();
        while (table.hasRemaining()) {
            int r = channel.read(table, pos);
            if (r < 0) {
                throw bad(source, "truncated INT_TIMES table");
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
    private static int formBytes(String form, String source) {
        int k = 0;
        while (k < form.length() && Character.isDigit(form.charAt(k))) {
            k++;
        }
        int repeat = k == 0 ? 1 : Integer.parseInt(form.substring(0, k));
        if (k >= form.length()) {
            throw bad(source, "INT_TIMES has a malformed TFORM '" + form + "'");
        }
        int size = switch (Character.toUpperCase(form.charAt(k))) {
            case 'L', 'B', 'A' -> 1;
            case 'I' -> 2;
            case 'J', 'E' -> 4;
            case 'K', 'D', 'C', 'P' -> 8;
            case 'M', 'Q' -> 16;
            case 'X' -> 0;
            default -> throw bad(source, "INT_TIMES has an unsupported TFORM '" + form + "'");
        };
        return Character.toUpperCase(form.charAt(k)) == 'X' ? (repeat + 7) / 8 : repeat * size;
    }

    private static BadInputException bad(String source, String problem) {
        return new BadInputException(source, problem);
    }
}
