package io.sossstream.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test-only reader of a little-endian float32 2-D .npy (C order); just enough for medframe.npy. */
final class TestNpy {
    final int rows;
    final int cols;
    final double[] data;

    private TestNpy(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    static TestNpy readFloat32(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int major = b.get(6);
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = (major == 1 ? 10 : 12);
        String header = new String(b.array(), start, headerLen, StandardCharsets.ISO_8859_1);
        if (!header.contains("'<f4'") || !header.contains("'fortran_order': False")) {
            throw new IOException(file + ": not a C-order little-endian float32 array: " + header);
        }
        String shape = header.substring(header.indexOf('(') + 1, header.indexOf(')'));
        String[] dims = shape.split(",");
        int rows = Integer.parseInt(dims[0].strip());
        int cols = Integer.parseInt(dims[1].strip());
        b.position(start + headerLen);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = b.getFloat();
        }
        return new TestNpy(rows, cols, d);
    }
}
