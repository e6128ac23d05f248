package io.sossstream.segment;

import io.sossstream.error.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header of a segment file whose headers and frames passed the landing checks ({@link FitsSegmentReader#open},
 * {@link SegmentValidator#checkFrames}), checked once per process while it is the same file: same path, file key
 * (device and inode), size and modification time. A batch run checks every input before any work, and its steps land
 * the same files again (profile and extraction each); a service sees a file again on a redelivery. A failure is
 * never remembered: a bad file is checked, and refused, every time.
 */
public final class ValidatedSegment {
    /** Files remembered: the most recent, so that a long-running service does not grow. */
    private static final int REMEMBERED = 64;
    private static final Map<Identity, SegmentHeader> VALID = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, SegmentHeader> eldest) {
            return size() > REMEMBERED;
        }
    };

    private ValidatedSegment() {
    }

    /**
     * The checked header of {@code file}.
     *
     * @throws BadInputException naming the file: not a readable NIRISS/SOSS segment, or a frame without usable pixel
     */
    public static SegmentHeader header(Path file) {
        Identity id = Identity.of(file);
        synchronized (VALID) {
            SegmentHeader known = id == null ? null : VALID.get(id);
            if (known != null) {
                return known;
            }
        }
        SegmentHeader header;
        try (FitsSegmentReader r = FitsSegmentReader.open(file)) {
            SegmentValidator.checkFrames(r);
            header = r.header();
        }
        if (id != null) {
            synchronized (VALID) {
                VALID.put(id, header);
            }
        }
        return header;
    }

    /** What tells one file from another, or from itself rewritten. */
    private record Identity(Path path, Object fileKey, long size, FileTime modified) {
        /** Null when the attributes cannot be read: the file is then checked (and its problem named) as usual. */
        static Identity of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Identity(file.toAbsolutePath().normalize(), a.fileKey(), a.size(), a.lastModifiedTime());
            } catch (IOException e) {
                return null;
            }
        }
    }
}
