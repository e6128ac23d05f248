package io.sossstream.storage;

import io.sossstream.error.RetriableException;
import io.sossstream.stage3.InputFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * An {@link ObjectStore} in a local directory, for the batch CLI and unit tests: bucket = sub-directory of the
 * root, key = relative path ({@code /}-separated). Writes go to a hidden temporary file in the target directory and
 * are renamed into place, so readers never see a partial object. The ETag is the CRC32C of the content (8 hex
 * digits): like S3's MD5 of a single-part upload it changes with the content, which is all the steps ask of it (is
 * this the object version already registered?), at a small fraction of MD5's cost. Files whose name starts with {@code .soss-tmp-} are in-flight writes and are not listed.
 */
public final class FileSystemObjectStore implements ObjectStore {
    private static final String TMP_PREFIX = ".soss-tmp-";
    private final Path root;

    public FileSystemObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The directory holding the buckets. */
    public Path root() {
        return root;
    }

    /** Where the object's bytes live (whether or not they exist). */
    public Path pathOf(String bucket, String key) {
        Path bucketDir = bucketDir(bucket);
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("invalid object key '" + key + "'");
        }
        Path p = bucketDir.resolve(key).normalize();
        if (!p.startsWith(bucketDir) || p.equals(bucketDir)) {
            throw new IllegalArgumentException("object key escapes its bucket: '" + key + "'");
        }
        return p;
    }

    private Path bucketDir(String bucket) {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,62}")) {
            throw new IllegalArgumentException("invalid bucket name '" + bucket + "'");
        }
        return root.resolve(bucket);
    }

    @Override
    public void ensureBucket(String bucket) {
        try {
            Files.createDirectories(bucketDir(bucket));
        } catch (IOException e) {
            throw new RetriableException("cannot create bucket directory " + bucketDir(bucket) + ": " + e, e);
        }
    }

    @Override
    public ObjectInfo put(String bucket, String key, Path file, String contentType) {
        Path target = pathOf(bucket, key);
        return write(bucket, key, target, tmp -> copyWithCrc(file, tmp));
    }

    @Override
    public ObjectInfo put(String bucket, String key, byte[] data, String contentType) {
        Path target = pathOf(bucket, key);
        return write(bucket, key, target, tmp -> {
            Files.write(tmp, data);
            CRC32C crc = new CRC32C();
            crc.update(data);
            return crc.getValue();
        });
    }

    /** Writes the object's bytes to {@code tmp}; returns their CRC32C. */
    private interface Writer {
        long write(Path tmp) throws IOException;
    }

    /** Copies {@code from} to {@code to} (replacing it), returning the CRC32C of the bytes copied. */
    private static long copyWithCrc(Path from, Path to) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            while (in.read(buf) >= 0 || buf.position() > 0) {
                buf.flip();
                crc.update(buf.duplicate());
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                buf.clear();
            }
        }
        return crc.getValue();
    }

    private ObjectInfo write(String bucket, String key, Path target, Writer writer) {
        if (!Files.isDirectory(bucketDir(bucket))) {
            throw new StorageException("no such bucket '" + bucket + "' in " + root, null);
        }
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), TMP_PREFIX, ".part");
            long crc = writer.write(tmp);
            long size = Files.size(tmp);
            moveAtomically(tmp, target);
            return new ObjectInfo(bucket, key, size, etag(crc));
        } catch (IOException e) {
            throw new RetriableException("cannot write " + bucket + "/" + key + " under " + root + ": " + e, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless: it is never listed
            }
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String bucket, String key) {
        Path p = pathOf(bucket, key);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(info(bucket, key, p));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RetriableException("cannot read " + p + ": " + e, e);
        }
    }

    private static ObjectInfo info(String bucket, String key, Path p) throws IOException {
        return new ObjectInfo(bucket, key, Files.size(p), crcEtag(p));
    }

    private static final int BUFFER = 1 << 18;

    /** The ETag of a file's content: its CRC32C. */
    private static String crcEtag(Path p) throws IOException {
        return etag(InputFile.crc32c(p));
    }

    private static String etag(long crc32c) {
        String hex = Long.toHexString(crc32c);
        return "00000000".substring(hex.length()) + hex;
    }

    @Override
    public Optional<byte[]> get(String bucket, String key) {
        Path p = pathOf(bucket, key);
        try {
            return Optional.of(Files.readAllBytes(p));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.isDirectory(p)) {
                return Optional.empty();
            }
            throw new RetriableException("cannot read " + p + ": " + e, e);
        }
    }

    @Override
    public Optional<Path> localFile(String bucket, String key) {
        Path p = pathOf(bucket, key);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public boolean download(String bucket, String key, Path target) {
        Path p = pathOf(bucket, key);
        if (!Files.isRegularFile(p)) {
            return false;
        }
        Path tmp = null;
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, TMP_PREFIX, ".part");
            Files.copy(p, tmp, StandardCopyOption.REPLACE_EXISTING);
            moveAtomically(tmp, target);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new RetriableException("cannot copy " + p + " to " + target + ": " + e, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override
    public List<ObjectInfo> list(String bucket, String prefix) {
        Path dir = bucketDir(bucket);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        String pre = prefix == null ? "" : prefix;
        // only the folder the prefix names: the rest of the bucket is not walked
        Path start = pre.lastIndexOf('/') > 0 ? dir.resolve(pre.substring(0, pre.lastIndexOf('/'))) : dir;
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> out = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
                    String key = dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                    if (attrs.isRegularFile() && !p.getFileName().toString().startsWith(TMP_PREFIX)
                            && key.startsWith(pre)) {
                        try {
                            out.add(new ObjectInfo(bucket, key, attrs.size(), crcEtag(p)));
                        } catch (NoSuchFileException e) {
                            // deleted since the walk saw it: not an object any more
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // a writer's temporary file, renamed or removed meanwhile
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    return FileVisitResult.CONTINUE; // a folder emptied and removed while it was read
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new RetriableException("cannot list " + dir + ": " + e, e);
        }
        out.sort(Comparator.comparing(ObjectInfo::key));
        return out;
    }

    @Override
    public void delete(String bucket, String key) {
        Path p = pathOf(bucket, key);
        try {
            Files.deleteIfExists(p);
            pruneEmptyParents(p.getParent(), bucketDir(bucket));
        } catch (IOException e) {
            throw new RetriableException("cannot delete " + p + ": " + e, e);
        }
    }

    private static void pruneEmptyParents(Path dir, Path stop) throws IOException {
        while (dir != null && !dir.equals(stop) && dir.startsWith(stop) && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                if (s.iterator().hasNext()) {
                    return;
                }
            }
            Files.deleteIfExists(dir);
            dir = dir.getParent();
        }
    }
}
