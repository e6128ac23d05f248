package io.sossstream.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * Locates the real data the tests use, all of it inside the repository: the top-level {@code testdata/} folder
 * (a copy of the team's {@code shared/data}, large files gzipped; see {@code testdata/README.md}) and, for files the
 * product itself ships, the product's resources (one copy of each file in the repository).
 * A gzipped file is decompressed once into {@code target/testdata/} of the module running the tests.
 */
public final class SharedData {
    private static final Path PRODUCT_RESOURCES = Path.of("soss-core", "src", "main", "resources", "io", "sossstream");

    private SharedData() {
    }

    /** The repository's top folder: the first folder above the working directory holding {@code testdata/}. */
    public static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository's testdata/ folder above " + Path.of("").toAbsolutePath());
    }

    /** A file of the WASP-39 b data ({@code testdata/wasp39}, or the product's scene resources). */
    public static Path wasp39(String name) {
        return locate("wasp39", name, PRODUCT_RESOURCES.resolve("scene"));
    }

    /** A SOSS reference file ({@code testdata/reference}, or the product's reference resources). */
    public static Path reference(String name) {
        return locate("reference", name, PRODUCT_RESOURCES.resolve("reference"));
    }

    /** What a peer implementation computed on the WASP-39 frame ({@code testdata/oracle}, e.g. {@code "atoca/atoca_expected.fits"}). */
    public static Path oracle(String name) {
        return locate("oracle", name, null);
    }

    private static Path locate(String folder, String name, Path productFolder) {
        Path root = repositoryRoot();
        Path plain = root.resolve("testdata").resolve(folder).resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gzipped = plain.resolveSibling(plain.getFileName() + ".gz");
        if (Files.isRegularFile(gzipped)) {
            return decompressed(gzipped, folder + "/" + name);
        }
        if (productFolder != null) {
            Path shipped = root.resolve(productFolder).resolve(name);
            if (Files.isRegularFile(shipped)) {
                return shipped;
            }
        }
        throw new IllegalStateException("test data file " + folder + "/" + name + " is not in " + root.resolve("testdata")
                + (productFolder == null ? "" : " nor in " + root.resolve(productFolder)));
    }

    /** The decompressed copy of {@code gz} under {@code target/testdata/}, written atomically on first use. */
    private static synchronized Path decompressed(Path gz, String relative) {
        Path out = Path.of("target", "testdata").resolve(relative).toAbsolutePath();
        try {
            if (Files.isRegularFile(out) && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(gz)) >= 0) {
                return out;
            }
            Files.createDirectories(out.getParent());
            Path tmp = Files.createTempFile(out.getParent(), out.getFileName().toString(), ".part");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decompress " + gz, e);
        }
    }
}
