package io.sossstream.specprofile;

import io.sossstream.SossStream;
import io.sossstream.error.BadInputException;
import io.sossstream.fits.HeaderCards;
import io.sossstream.segment.Subarray;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link SpecProfile} as the jwst SPECPROFILE reference file: an empty primary HDU (REFTYPE = 'SPECPROFILE',
 * SUBARRAY, ...) and three float32 IMAGE extensions EXTNAME = 'ORDER', EXTVER = order, with keys ORDER, OVERSAMP
 * and PADDING; for SUBSTRIP256 at padding 20, oversampling 1, each image is 296 rows × 2088 columns.
 *
 * <p>Reads APPLESOSS's files and ours alike (what jwst's ATOCA reads: only the three ORDER images and their keys);
 * writes ours with the provenance cards SOFTWARE, CENTSRC, NINPUT and INPUTnnn. The header is written by hand so
 * that the bytes depend only on the profile and its provenance.
 */
public final class SpecProfileFits {
    public static final String REFTYPE = "SPECPROFILE";
    private static final int MAX_STRING = 68;

    private SpecProfileFits() {
    }

    /** exoTEDRF's name of the profile file: {@code APPLESOSS_ref_2D_profile_<SUBARRAY>_os<os>_pad<padding>.fits}. */
    public static String fileName(SpecProfile p) {
        return "APPLESOSS_ref_2D_profile_" + p.subarray().name() + "_os" + p.oversampling() + "_pad" + p.padding()
                + ".fits";
    }

    /** Reads a profile file of any subarray. */
    public static SpecProfile read(Path file) {
        return read(file, null);
    }

    /**
     * Reads a profile file and checks it is for {@code expected} (null: any subarray).
     *
     * @throws BadInputException if the file is not a readable SPECPROFILE, its images do not have the shape its
     *                           SUBARRAY, PADDING and OVERSAMP imply, or it is for another subarray
     */
    public static SpecProfile read(Path file, Subarray expected) {
        String source = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, source, expected);
        } catch (IOException e) {
            throw new BadInputException(source, "cannot read the specprofile file: " + e.getMessage(), e);
        }
    }

    /** Reads a profile from the bytes of a file (an object-store object); {@code source} names it in errors. */
    public static SpecProfile fromBytes(byte[] bytes, String source, Subarray expected) {
        return read(new ByteArrayInputStream(bytes), source, expected);
    }

    private static SpecProfile read(InputStream in, String source, Subarray expected) {
        BasicHDU<?>[] hdus;
        try (Fits fits = new Fits(in)) {
            hdus = fits.read();
        } catch (FitsException | IOException e) {
            throw new BadInputException(source, "not a readable FITS file: " + e.getMessage(), e);
        }
        if (hdus == null || hdus.length == 0) {
            throw new BadInputException(source, "not a readable FITS file: no HDU");
        }
        Header primary = hdus[0].getHeader();
        String reftype = primary.getStringValue("REFTYPE");
        if (reftype != null && !reftype.trim().equalsIgnoreCase(REFTYPE)) {
            throw new BadInputException(source, "is a " + reftype.trim() + " reference file, not a " + REFTYPE);
        }
        Subarray subarray = Subarray.parse(primary.getStringValue("SUBARRAY"), source);
        if (expected != null && subarray != expected) {
            throw new BadInputException(source, "is a " + subarray + " specprofile; the observation is " + expected);
        }

        float[][] images = new float[SpecProfile.ORDERS][];
        int padding = -1;
        int oversampling = -1;
        for (int h = 1; h < hdus.length; h++) {
            Header hdr = hdus[h].getHeader();
            String extname = hdr.getStringValue("EXTNAME");
            if (!(hdus[h] instanceof ImageHDU image) || extname == null
                    || !extname.trim().equalsIgnoreCase("ORDER")) {
                continue;
            }
            int order = hdr.getIntValue("EXTVER", hdr.getIntValue("ORDER", -1));
            if (order < 1 || order > SpecProfile.ORDERS) {
                throw new BadInputException(source, "ORDER extension " + h + " has EXTVER " + order
                        + "; SOSS orders are 1–3");
            }
            if (images[order - 1] != null) {
                throw new BadInputException(source, "two ORDER extensions for order " + order);
            }
            int pad = requiredInt(hdr, "PADDING", order, source);
            int os = requiredInt(hdr, "OVERSAMP", order, source);
            if (pad < 0 || os < 1) {
                throw new BadInputException(source, "order " + order + " has PADDING " + pad + " and OVERSAMP " + os);
            }
            if (padding >= 0 && (pad != padding || os != oversampling)) {
                throw new BadInputException(source, "orders disagree on PADDING/OVERSAMP (" + padding + "/"
                        + oversampling + " vs " + pad + "/" + os + ")");
            }
            padding = pad;
            oversampling = os;
            int rows = (subarray.rows() + 2 * pad) * os;
            int cols = (Subarray.COLUMNS + 2 * pad) * os;
            int naxis1 = hdr.getIntValue("NAXIS1", -1);
            int naxis2 = hdr.getIntValue("NAXIS2", -1);
            if (hdr.getIntValue("NAXIS", 0) != 2 || naxis1 != cols || naxis2 != rows) {
                throw new BadInputException(source, "order " + order + " image is " + naxis2 + " × " + naxis1
                        + " (rows × columns); a " + subarray + " profile with PADDING " + pad + " and OVERSAMP "
                        + os + " is " + rows + " × " + cols);
            }
            images[order - 1] = pixels(image, rows, cols, order, source);
        }
        for (int o = 0; o < SpecProfile.ORDERS; o++) {
            if (images[o] == null) {
                throw new BadInputException(source, "has no ORDER extension for order " + (o + 1));
            }
        }
        return new SpecProfile(subarray, padding, oversampling, images, provenance(primary));
    }

    private static int requiredInt(Header hdr, String key, int order, String source) {
        if (!hdr.containsKey(key)) {
            throw new BadInputException(source, "order " + order + " extension has no " + key + " keyword");
        }
        return hdr.getIntValue(key);
    }

    private static float[] pixels(ImageHDU image, int rows, int cols, int order, String source) {
        Object kernel;
        try {
            kernel = image.getKernel();
        } catch (RuntimeException e) {
            throw new BadInputException(source, "cannot read order " + order + " image: " + e.getMessage(), e);
        }
        float[] out = new float[rows * cols];
        for (int k = 0; k < rows; k++) {
            if (kernel instanceof float[][] f) {
                System.arraycopy(f[k], 0, out, k * cols, cols);
            } else if (kernel instanceof double[][] d) {
                for (int j = 0; j < cols; j++) {
                    out[k * cols + j] = (float) d[k][j];
                }
            } else {
                throw new BadInputException(source, "order " + order + " image is not floating point (BITPIX "
                        + image.getHeader().getIntValue("BITPIX") + ")");
            }
        }
        return out;
    }

    private static Provenance provenance(Header primary) {
        String origin = trimmed(primary.getStringValue("ORIGIN"));
        String date = trimmed(primary.getStringValue("DATE"));
        List<String> inputs = new ArrayList<>();
        int n = primary.getIntValue("NINPUT", 0);
        for (int i = 1; i <= n; i++) {
            String name = trimmed(primary.getStringValue(inputKey(i)));
            if (name != null) {
                inputs.add(name);
            }
        }
        return new Provenance(origin, trimmed(primary.getStringValue("SOFTWARE")),
                trimmed(primary.getStringValue("CENTSRC")), inputs, date);
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    private static String inputKey(int i) {
        return String.format(Locale.ROOT, "INPUT%03d", i);
    }

    /** Writes the profile as {@code file}; the FILENAME card is the file's name. */
    public static void write(SpecProfile profile, Path file) throws IOException {
        Files.write(file, toBytes(profile, file.getFileName().toString()));
    }

    /** The file's bytes; {@code fileName} goes into the FILENAME card. */
    public static byte[] toBytes(SpecProfile p, String fileName) {
        Provenance prov = p.provenance();
        HeaderCards primary = new HeaderCards()
                .logical("SIMPLE", true, "conforms to FITS standard")
                .integer("BITPIX", 8, "array data type")
                .integer("NAXIS", 0, "no data")
                .logical("EXTEND", true, "extensions follow");
        if (prov.date() != null) {
            primary.string("DATE", prov.date(), "date this file was created (UTC)");
        }
        primary.string("ORIGIN", prov.origin() == null ? SossStream.NAME : prov.origin(), "who created the file")
                .string("TELESCOP", "JWST", "telescope")
                .string("INSTRUME", "NIRISS", "instrument")
                .string("SUBARRAY", p.subarray().name(), "subarray")
                .string("FILENAME", shortened(fileName), "name of the file")
                .string("REFTYPE", REFTYPE, "reference file type")
                .string("PEDIGREE", "GROUND", "built from the observation itself")
                .string("DESCRIP", "2D trace profile", "empirical spatial profile (APPLESOSS)")
                .string("AUTHOR", SossStream.NAME, "author of the file")
                .string("USEAFTER", "2000-01-01T00:00:00", "use after date")
                .string("EXP_TYPE", "NIS_SOSS", "exposure type");
        if (prov.software() != null) {
            primary.string("SOFTWARE", shortened(prov.software()), "software that built the profile");
        }
        if (prov.centroidSource() != null) {
            primary.string("CENTSRC", shortened(prov.centroidSource()), "source of the trace centroids");
        }
        primary.integer("NINPUT", prov.inputs().size(), "input files of the deep stack");
        for (int i = 0; i < prov.inputs().size(); i++) {
            primary.string(inputKey(i + 1), shortened(prov.inputs().get(i)), "input file");
        }

        int rows = p.paddedRows();
        int cols = p.paddedColumns();
        long imageBytes = 4L * rows * cols;
        List<byte[]> parts = new ArrayList<>();
        parts.add(primary.toBytes());
        for (int order = 1; order <= SpecProfile.ORDERS; order++) {
            parts.add(new HeaderCards()
                    .string("XTENSION", "IMAGE", "image extension")
                    .integer("BITPIX", -32, "IEEE float32")
                    .integer("NAXIS", 2, "image")
                    .integer("NAXIS1", cols, "columns: detector x + padding, oversampled")
                    .integer("NAXIS2", rows, "rows: detector y + padding, oversampled")
                    .integer("PCOUNT", 0, null)
                    .integer("GCOUNT", 1, null)
                    .integer("ORDER", order, "spectral order")
                    .integer("OVERSAMP", p.oversampling(), "pixel oversampling")
                    .integer("PADDING", p.padding(), "native pixel-size padding around the image")
                    .string("EXTNAME", "ORDER", null)
                    .integer("EXTVER", order, null)
                    .toBytes());
            ByteBuffer data = ByteBuffer.allocate((int) HeaderCards.padded(imageBytes)).order(ByteOrder.BIG_ENDIAN);
            for (float v : p.paddedImage(order)) {
                data.putFloat(v);
            }
            parts.add(data.array());
        }
        int total = parts.stream().mapToInt(b -> b.length).sum();
        ByteBuffer out = ByteBuffer.allocate(total);
        parts.forEach(out::put);
        return out.array();
    }

    /** Keeps the end of a string too long for one header card (file names keep their distinctive tail). */
    private static String shortened(String s) {
        return s.length() <= MAX_STRING ? s : "..." + s.substring(s.length() - MAX_STRING + 3);
    }
}
