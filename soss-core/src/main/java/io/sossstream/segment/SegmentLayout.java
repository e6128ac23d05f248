package io.sossstream.segment;

import io.sossstream.error.BadInputException;
import io.sossstream.fits.HduIndex;
import io.sossstream.fits.HduIndex.Hdu;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a JWST stage-2 NIRISS/SOSS segment ({@code *_calints.fits} layout, spec §3) keeps its data, and what its
 * primary header says: the HDUs found by EXTNAME (SCI, ERR, DQ, INT_TIMES), their types and shapes checked against
 * the subarray, the keywords' presence and types checked, their values by {@link SegmentValidator}. Headers only:
 * no pixel is read here ({@link FitsSegmentReader} reads them). Every problem is a {@link BadInputException}
 * naming the file.
 */
public final class SegmentLayout {
    /** DQ stored as uint32: BITPIX 32 with this BZERO. */
    private static final long UINT32_BZERO = 2147483648L;
    private static final Pattern SEGMENT_TAG = Pattern.compile("-seg\\d+");

    private final String source;
    private final SegmentHeader header;
    private final long sciOffset;
    private final long errOffset;
    private final long dqOffset;
    private final boolean dqUnsigned;
    private final Hdu intTimes;

    private SegmentLayout(Path path) {
        this.source = path.getFileName().toString();
        HduIndex index = HduIndex.scan(path, source);
        Header primary = index.primary().header();

        String instrument = requireString(primary, "INSTRUME");
        if (!"NIRISS".equalsIgnoreCase(instrument)) {
            throw bad("INSTRUME is '" + instrument + "', soss-stream reads NIRISS/SOSS data only");
        }
        Subarray subarray = Subarray.parse(requireString(primary, "SUBARRAY"), source);
        if (subarray == Subarray.FULL) {
            throw bad("SUBARRAY 'FULL' is not supported (SOSS time series are read in SUBSTRIP256 or SUBSTRIP96)");
        }
        String target = requireString(primary, "TARGNAME");
        double pwcpos = optionalReal(primary, "PWCPOS");
        int segNum = requireInt(primary, "EXSEGNUM");
        int segTot = requireInt(primary, "EXSEGTOT");
        int intStart = requireInt(primary, "INTSTART");
        int intEnd = requireInt(primary, "INTEND");
        int nInts = requireInt(primary, "NINTS");
        String fileName = primary.containsKey("FILENAME") ? primary.getStringValue("FILENAME").trim() : source;

        // each cube checked as soon as found: a wrong shape also hides the HDUs after it
        Hdu sci = require(index, "SCI");
        int nint = checkCube(sci, -32, subarray, -1);
        Hdu err = require(index, "ERR");
        checkCube(err, -32, subarray, nint);
        Hdu dq = require(index, "DQ");
        checkCube(dq, 32, subarray, nint);
        Hdu times = require(index, "INT_TIMES");
        this.dqUnsigned = dqIsUnsigned(dq.header());
        if (intEnd - intStart + 1 != nint) {
            throw bad("INTSTART " + intStart + " … INTEND " + intEnd + " make " + (intEnd - intStart + 1)
                    + " integrations but SCI holds " + nint);
        }
        if (index.junkAt() >= 0) {
            // Checked last, so that a wrong cube shape (which also shifts the next header) is named as such.
            throw bad("no FITS header at byte " + index.junkAt() + " after the " + index.hdus().size()
                    + " HDUs: junk in the file, or a header that announces a wrong data size");
        }
        this.sciOffset = sci.dataOffset();
        this.errOffset = err.dataOffset();
        this.dqOffset = dq.dataOffset();
        this.header = new SegmentHeader(source, instrument.trim(), subarray, target.trim(), pwcpos, segNum, segTot,
                intStart, intEnd, nInts, observationId(fileName), subarray.rows(), nint);
        SegmentValidator.checkHeader(header);
        this.intTimes = times;
    }

    /** Scans and checks the headers of a segment file. */
    public static SegmentLayout read(Path path) {
        return new SegmentLayout(path);
    }

    /**
     * The observation a segment belongs to: its FILENAME without {@code .fits}, without {@code -segNNN} and
     * without the last {@code _suffix} chunk ({@code jw02734002001_04101_00001-seg001_nis_calints.fits} →
     * {@code jw02734002001_04101_00001_nis}).
     */
    public static String observationId(String fileName) {
        String name = fileName.trim();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        if (name.toLowerCase(Locale.ROOT).endsWith(".fits")) {
            name = name.substring(0, name.length() - 5);
        }
        name = SEGMENT_TAG.matcher(name).replaceFirst("");
        int cut = name.lastIndexOf('_');
        return cut > 0 ? name.substring(0, cut) : name;
    }

    public SegmentHeader header() {
        return header;
    }

    /** Byte offset of the SCI cube's data. */
    long sciOffset() {
        return sciOffset;
    }

    /** Byte offset of the ERR cube's data. */
    long errOffset() {
        return errOffset;
    }

    /** Byte offset of the DQ cube's data. */
    long dqOffset() {
        return dqOffset;
    }

    /** Whether DQ is stored as uint32 (BZERO 2^31): the stored bits with the sign bit flipped. */
    boolean dqUnsigned() {
        return dqUnsigned;
    }

    /** The INT_TIMES table's HDU. */
    Hdu intTimes() {
        return intTimes;
    }

    /** Checks an image cube's type and shape against the subarray (and {@code nint} unless −1); returns NAXIS3. */
    private int checkCube(Hdu hdu, int bitpix, Subarray subarray, int nint) {
        Header h = hdu.header();
        String name = hdu.extname();
        if (h.getIntValue("BITPIX", 0) != bitpix) {
            throw bad(name + " has BITPIX " + h.getIntValue("BITPIX", 0) + ", expected " + bitpix);
        }
        int naxis = h.getIntValue("NAXIS", 0);
        if (naxis != 3 && naxis != 2) {
            throw bad(name + " has NAXIS " + naxis + ", expected a (nint, rows, 2048) cube");
        }
        long cols = h.getLongValue("NAXIS1", 0);
        long rows = h.getLongValue("NAXIS2", 0);
        long depth = naxis == 3 ? h.getLongValue("NAXIS3", 0) : 1;
        if (cols != Subarray.COLUMNS) {
            throw bad(name + " NAXIS1 is " + cols + ", expected " + Subarray.COLUMNS);
        }
        if (rows != subarray.rows()) {
            throw bad(name + " NAXIS2 is " + rows + ", expected " + subarray.rows() + " rows for SUBARRAY "
                    + subarray);
        }
        if (depth < 1) {
            throw bad(name + " holds no integration (NAXIS3 = " + depth + ")");
        }
        if (nint >= 0 && depth != nint) {
            throw bad(name + " has " + depth + " integrations but SCI has " + nint);
        }
        return (int) depth;
    }

    private boolean dqIsUnsigned(Header h) {
        if (h.getDoubleValue("BSCALE", 1.0) != 1.0) {
            throw bad("DQ has BSCALE " + h.getDoubleValue("BSCALE", 1.0) + ", expected 1");
        }
        double bzero = h.getDoubleValue("BZERO", 0.0);
        if (bzero == UINT32_BZERO) {
            return true;
        }
        if (bzero != 0.0) {
            throw bad("DQ has BZERO " + bzero + ", expected 0 (int32) or 2147483648 (uint32)");
        }
        return false;
    }

    private Hdu require(HduIndex index, String extname) {
        Hdu hdu = index.find(extname);
        if (hdu == null) {
            throw bad("missing " + extname + " extension" + (index.junkAt() < 0 ? ""
                    : " (no FITS header at byte " + index.junkAt() + ": a header announces a wrong data size,"
                    + " or the file is corrupt)"));
        }
        return hdu;
    }

    private String requireString(Header h, String key) {
        if (!h.containsKey(key)) {
            throw bad("missing header keyword " + key);
        }
        String v = h.getStringValue(key);
        if (v == null || v.isBlank()) {
            throw bad("header keyword " + key + " is empty");
        }
        return v;
    }

    private int requireInt(Header h, String key) {
        HeaderCard card = h.findCard(key);
        if (card == null) {
            throw bad("missing header keyword " + key);
        }
        String v = card.getValue();
        try {
            return Integer.parseInt(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw bad("header keyword " + key + " = '" + v + "' is not an integer");
        }
    }

    /** A real-valued keyword, NaN when absent; a value that is not a finite number is bad input (never 0.0). */
    private double optionalReal(Header h, String key) {
        HeaderCard card = h.findCard(key);
        if (card == null || card.getValue() == null) {
            return Double.NaN;
        }
        String v = card.getValue().trim();
        double value;
        try {
            // FITS allows a D exponent (1.0D2)
            value = card.isStringValue() ? Double.NaN : Double.parseDouble(v.replace('D', 'E').replace('d', 'e'));
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!Double.isFinite(value)) {
            throw bad("header keyword " + key + " = '" + v + "' is not a number");
        }
        return value;
    }

    private BadInputException bad(String problem) {
        return new BadInputException(source, problem);
    }
}
