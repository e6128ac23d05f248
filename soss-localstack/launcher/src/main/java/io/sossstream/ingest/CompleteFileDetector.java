package io.sossstream.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Tells which FITS files in a directory a download has finished writing, by polling: a file is complete when it is
 * readable, its size is non-zero, a whole number of 2880-byte FITS blocks, and unchanged (with its modification
 * time) since the previous poll. Each complete file is reported once; a file rewritten later (new size or time) is
 * reported again. Files not ending in {@code .fits} (e.g. {@code .part} downloads) are never reported.
 */
public final class CompleteFileDetector {
    /** FITS files are a whole number of these blocks. */
    public static final int FITS_BLOCK = 2880;

    private record Seen(long size, long modified) {
    }

    private final Map<Path, Seen> previous = new HashMap<>();
    private final Map<Path, Seen> reported = new HashMap<>();

    /** The files of {@code dir} that became complete since the last call, sorted by name. */
    public List<Path> poll(Path dir) {
        List<Path> complete = new ArrayList<>();
        Map<Path, Seen> now = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (!f.getFileName().toString().endsWith(".fits") || !Files.isRegularFile(f)) {
                    continue;
                }
                Seen s;
                try {
                    s = new Seen(Files.size(f), Files.getLastModifiedTime(f).toMillis());
                } catch (IOException e) {
                    continue; // vanished or unreadable now; look again next poll
                }
                now.put(f, s);
                boolean stable = s.equals(previous.get(f));
                boolean fitsLength = s.size() > 0 && s.size() % FITS_BLOCK == 0;
                if (stable && fitsLength && Files.isReadable(f) && !s.equals(reported.get(f))) {
                    reported.put(f, s);
                    complete.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        previous.clear();
        previous.putAll(now);
        return complete;
    }
}
