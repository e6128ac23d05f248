package io.sossstream.calibrate;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Stellar model files in one local directory (e.g. {@code --stellar-models DIR}). */
public final class DirectoryModelSource implements ModelFileSource {
    private final Path directory;

    public DirectoryModelSource(Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<InputStream> open(String name) throws IOException {
        Path p = directory.resolve(name);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        return Optional.of(new BufferedInputStream(Files.newInputStream(p), 1 << 16));
    }

    @Override
    public String describe(String name) {
        return directory.resolve(name).toAbsolutePath().toString();
    }
}
