package io.sossstream.fits;

import io.sossstream.error.BadInputException;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads numpy {@code .npy} arrays (format 1.x/2.x/3.x) of little-endian float32 ({@code <f4}) or float64
 * ({@code <f8}), 1-D or 2-D, C order, into doubles.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * An array: {@code data} in C (row-major) order, {@code shape} numpy's.
     */
    public record Array(double[] data, int[] shape) {
        /** Rows of a 2-D array (1 for 1-D). */
        public int rows() {
            return shape.length == 2 ? shape[0] : 1;
        }

        /** Columns of a 2-D array (length for 1-D). */
        public int cols() {
            return shape[shape.length - 1];
        }
    }

    private Npy() {
    }

    public static Array read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.getFileName().toString());
        } catch (IOException e) {
            throw new BadInputException(file.getFileName().toString(), "cannot read .npy: " + e.getMessage(), e);
        }
    }

    public static Array read(InputStream in) {
        return read(in, ".npy stream");
    }

    /** Reads from a stream; {@code source} names it in error messages. */
    public static Array read(InputStream in, String source) {
        try {
            DataInputStream data = new DataInputStream(in);
            byte[] magic = new byte[6];
            data.readFully(magic);
            for (int k = 0; k < MAGIC.length; k++) {
                if (magic[k] != MAGIC[k]) {
                    throw new BadInputException(source, "not a .npy file (bad magic)");
                }
            }
            int major = data.readUnsignedByte();
            data.readUnsignedByte();
            long headerLength;
            if (major == 1) {
                headerLength = data.readUnsignedByte() | (data.readUnsignedByte() << 8);
            } else {
                byte[] len = new byte[4];
                data.readFully(len);
                headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            }
            byte[] headerBytes = new byte[(int) headerLength];
            data.readFully(headerBytes);
            String header = new String(headerBytes, major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = group(DESCR, header, source, "descr");
            if ("True".equals(group(FORTRAN, header, source, "fortran_order"))) {
                throw new BadInputException(source, ".npy in Fortran order is not supported");
            }
            int[] shape = parseShape(group(SHAPE, header, source, "shape"), source);
            int width;
            if (descr.equals("<f4")) {
                width = 4;
            } else if (descr.equals("<f8")) {
                width = 8;
            } else {
                throw new BadInputException(source, ".npy dtype '" + descr + "' not supported (need <f4 or <f8)");
            }
            long count = 1;
            for (int s : shape) {
                count *= s;
            }
            if (count * width > Integer.MAX_VALUE) {
                throw new BadInputException(source, ".npy array too large: " + count + " values");
            }
            byte[] raw = new byte[(int) (count * width)];
            data.readFully(raw);
            ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            double[] values = new double[(int) count];
            for (int k = 0; k < values.length; k++) {
                values[k] = width == 4 ? buf.getFloat() : buf.getDouble();
            }
            return new Array(values, shape);
        } catch (java.io.EOFException e) {
            throw new BadInputException(source, "truncated .npy file", e);
        } catch (IOException e) {
            throw new BadInputException(source, "cannot read .npy: " + e.getMessage(), e);
        }
    }

    private static String group(Pattern p, String header, String source, String what) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new BadInputException(source, ".npy header has no " + what + ": " + header.trim());
        }
        return m.group(1);
    }

    private static int[] parseShape(String text, String source) {
        String[] parts = text.split(",");
        int n = 0;
        int[] shape = new int[parts.length];
        for (String part : parts) {
            if (!part.isBlank()) {
                shape[n++] = Integer.parseInt(part.trim());
            }
        }
        if (n < 1 || n > 2) {
            throw new BadInputException(source, ".npy array has " + n + " dimensions, need 1 or 2");
        }
        return java.util.Arrays.copyOf(shape, n);
    }
}
