package io.sossstream.stage3;

import io.sossstream.error.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Stage 3 input recorded in the product header so a run can be reproduced: base name and SHA-256.
 *
 * @param name   file name without folders (the same whether it came from a disk or an object store)
 * @param sha256 lower-case hex digest of the file's bytes
 */
public record InputFile(String name, String sha256) {

    public static InputFile of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return new InputFile(file.getFileName().toString(), HexFormat.of().formatHex(md.digest()));
        } catch (IOException e) {
            throw new BadInputException(file.getFileName().toString(), "cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
