package io.sossstream.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The configuration files the stack writes for its components: one line per setting, UTF-8. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /** Writes {@code lines}, each ended by a newline, replacing the file. */
    static void write(Path file, String... lines) throws IOException {
        Files.writeString(file, text(lines), StandardCharsets.UTF_8);
    }

    /**
     * As {@link #write}, to a file only its owner can read (where the file system has POSIX permissions): for files
     * that hold a secret.
     */
    static void writePrivate(Path file, String... lines) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        write(file, lines);
    }

    private static String text(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}
