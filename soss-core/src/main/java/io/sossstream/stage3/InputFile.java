package io.sossstream.stage3;

import io.sossstream.error.BadInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A Stage 3 input recorded in the product header so a run can be reproduced: base name and checksum. The one place
 * that decides the checksum, for the batch run and the services alike.
 *
 * @param name     file name without folders (the same whether it came from a disk or an object store)
 * @param checksum {@link #ALGORITHM} of the file's bytes, as {@code crc32c:<8 lower-case hex digits>}
 */
public record InputFile(String name, String checksum) {
    /**
     * CRC32C (Castagnoli, RFC 3720): a JDK intrinsic on the CPU's CRC instructions, about ten times SHA-256's speed,
     * so checksumming gigabytes of ramps no longer costs seconds. It tells a changed or different file from the
     * recorded one; it is not a defence against a forged file.
     */
    public static final String ALGORITHM = "CRC32C";
    private static final String PREFIX = ALGORITHM.toLowerCase(java.util.Locale.ROOT) + ":";

    public static InputFile of(Path file) {
        return new InputFile(file.getFileName().toString(), checksum(file));
    }

    /** The {@link #ALGORITHM} checksum of a file, as {@code crc32c:<8 lower-case hex digits>}. */
    public static String checksum(Path file) {
        try {
            return PREFIX + String.format("%08x", crc32c(file));
        } catch (IOException e) {
            throw new BadInputException(file.getFileName().toString(), "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The CRC32C of a file's bytes, read once through a direct buffer (no copy into the heap) of at most 1 MiB, no
     * larger than the file: the object store takes the ETags of its small objects with it too.
     */
    public static long crc32c(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            CRC32C crc = new CRC32C();
            ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.max(1, Math.min(1 << 20, ch.size())));
            while (ch.read(buf) > 0) {
                buf.flip();
                crc.update(buf);
                buf.clear();
            }
            return crc.getValue();
        }
    }
}
