package io.sossstream.stage3;

import io.sossstream.error.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The input checksum the product header records, against the algorithm's published check values. */
class InputFileTest {
    @TempDir
    Path dir;

    @Test
    void checksumIsCrc32cWithItsAlgorithmNamed() throws Exception {
        // CRC-32C check value of "123456789" (Castagnoli polynomial, as in RFC 3720): 0xE3069283
        Path f = Files.writeString(dir.resolve("seg001.fits"), "123456789");
        assertEquals(new InputFile("seg001.fits", "crc32c:e3069283"), InputFile.of(f));
        // RFC 3720 appendix B.4: 32 bytes of zeros give 0x8A9136AA (stored there little-endian as aa 36 91 8a)
        Path zeros = Files.write(dir.resolve("zeros.fits"), new byte[32]);
        assertEquals("crc32c:8a9136aa", InputFile.checksum(zeros));
        // more than one read buffer: the digest must run across buffer boundaries
        byte[] big = new byte[(1 << 20) + 9];
        System.arraycopy("123456789".getBytes(), 0, big, 1 << 20, 9);
        java.util.zip.CRC32C whole = new java.util.zip.CRC32C();
        whole.update(big);
        assertEquals(String.format("crc32c:%08x", whole.getValue()),
                InputFile.checksum(Files.write(dir.resolve("big.fits"), big)));
    }

    @Test
    void anUnreadableFileIsBadInputNamingIt() {
        BadInputException e = assertThrows(BadInputException.class, () -> InputFile.of(dir.resolve("gone.fits")));
        assertEquals("gone.fits", e.source());
    }
}
