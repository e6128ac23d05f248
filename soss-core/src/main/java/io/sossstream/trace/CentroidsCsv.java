package io.sossstream.trace;

import io.sossstream.error.BadInputException;
import io.sossstream.segment.Subarray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * exoTEDRF's {@code <root_noseg>centroids.csv}: three {@code # } comment lines, the header
 * {@code xpos,ypos o1,ypos o2,ypos o3} and one row per column 0…2047. Numbers are written like Python's
 * {@code repr} (shortest text that reads back to the same double), NaN as an empty field, as pandas does.
 */
public final class CentroidsCsv {
    public static final String HEADER = "xpos,ypos o1,ypos o2,ypos o3";
    static final String CONTENTS = "# File Contents: Edgetrigger trace centroids";
    static final String DATE_PREFIX = "# File Creation Date: ";
    static final String AUTHOR = "# File Author: MCR";

    private static final int COLS = Subarray.COLUMNS;

    private CentroidsCsv() {
    }

    /** Writes the file with the current UTC time (ISO, whole seconds) as creation date. */
    public static void write(Path file, TraceCentroids centroids) {
        String now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        write(file, centroids, now);
    }

    /** Writes the file; {@code creationDate} goes verbatim into the second comment line (fixed for tests). */
    public static void write(Path file, TraceCentroids centroids, String creationDate) {
        write(file, centroids, creationDate, List.of());
    }

    /**
     * Writes the file with extra {@code # } comment lines after exoTEDRF's three (e.g. the distance of each order
     * from its prior); readers that skip comments, as pandas with {@code comment='#'} and {@link #read}, ignore them.
     */
    public static void write(Path file, TraceCentroids centroids, String creationDate, List<String> notes) {
        StringBuilder text = new StringBuilder(110_000);
        text.append(CONTENTS).append('\n');
        text.append(DATE_PREFIX).append(creationDate).append('\n');
        text.append(AUTHOR).append('\n');
        for (String note : notes) {
            text.append("# ").append(note).append('\n');
        }
        text.append(HEADER).append('\n');
        boolean readsBack = true;
        for (int x = 0; x < COLS; x++) {
            text.append(x);
            for (int order = 1; order <= 3; order++) {
                double v = centroids.order(order)[x];
                readsBack &= !Double.isInfinite(v);
                text.append(',').append(format(v));
            }
            text.append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        if (readsBack) { // what read would parse from these bytes (shortest round-trip decimals, NaN as "")
            last = new Parsed(bytes, centroids.orderOne().clone(), centroids.orderTwo().clone(),
                    centroids.orderThree().clone());
        }
    }

    /**
     * The bytes of the last centroids file written or read in this process and the centroids they hold: the steps
     * of a run read the stored CSV back several times (extraction, formatting, the summary), parsing it once.
     */
    private record Parsed(byte[] bytes, double[] o1, double[] o2, double[] o3) {
        TraceCentroids centroids(String source) {
            return new TraceCentroids(o1.clone(), o2.clone(), o3.clone(), source);
        }
    }

    private static volatile Parsed last;

    /**
     * Reads a centroids file: {@code #} lines and blank lines are skipped, then the header and 2048 rows with
     * xpos = 0…2047. Empty fields and {@code nan} are NaN. The source of the result is the file name.
     *
     * @throws BadInputException naming the file and the line if it is malformed
     */
    public static TraceCentroids read(Path file) {
        String name = String.valueOf(file.getFileName());
        byte[] bytes;
        List<String> lines;
        try {
            bytes = Files.readAllBytes(file);
            Parsed known = last;
            if (known != null && Arrays.equals(known.bytes(), bytes)) {
                return known.centroids(name);
            }
            lines = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().lines().toList();
        } catch (IOException e) {
            throw new BadInputException(name, "cannot read centroids file: " + e.getMessage(), e);
        }
        double[][] y = new double[3][COLS];
        boolean headerSeen = false;
        int row = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!line.equals(HEADER)) {
                    throw new BadInputException(name, "line " + lineNo + ": expected header '" + HEADER
                            + "', found '" + line + "'");
                }
                headerSeen = true;
                continue;
            }
            if (row >= COLS) {
                throw new BadInputException(name, "line " + lineNo + ": more than " + COLS + " rows");
            }
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new BadInputException(name, "line " + lineNo + ": expected 4 fields, found " + f.length);
            }
            double xpos = parse(f[0], name, lineNo);
            if (xpos != row) {
                throw new BadInputException(name, "line " + lineNo + ": xpos " + f[0] + ", expected " + row);
            }
            for (int k = 0; k < 3; k++) {
                y[k][row] = parse(f[k + 1], name, lineNo);
            }
            row++;
        }
        if (!headerSeen) {
            throw new BadInputException(name, "no header line '" + HEADER + "'");
        }
        if (row != COLS) {
            throw new BadInputException(name, "has " + row + " rows after the header, expected " + COLS);
        }
        Parsed parsed = new Parsed(bytes, y[0], y[1], y[2]);
        last = parsed;
        return parsed.centroids(name);
    }

    private static double parse(String field, String name, int lineNo) {
        String s = field.strip();
        if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new BadInputException(name, "line " + lineNo + ": '" + field + "' is not a number");
        }
    }

    /** Python {@code repr(float)}: shortest round-trip digits; positional for 1e-4 ≤ |v| &lt; 1e16. NaN → "". */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        String fast = formatFast(v);
        return fast != null ? fast : formatExact(v);
    }

    /** {@link #format} of a finite non-zero value through {@link #shortest} (BigDecimal arithmetic): the reference. */
    static String formatExact(double v) {
        BigDecimal shortest = shortest(v);
        BigDecimal abs = shortest.abs();
        int exp10 = shortest.precision() - shortest.scale() - 1; // position of the leading digit
        if (exp10 >= -4 && exp10 < 16) {
            String s = shortest.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        String digits = abs.unscaledValue().toString().replaceAll("0+$", "");
        if (digits.isEmpty()) {
            digits = "0";
        }
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = String.format("e%s%02d", exp10 < 0 ? "-" : "+", Math.abs(exp10));
        return (v < 0 ? "-" : "") + mant + e;
    }

    private static final long[] POW10 = new long[19];
    private static final double[] POW10D = new double[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            POW10D[i] = p; // exact: 10^18 < 2^63 and 5^18 < 2^53
            p *= 10;
        }
    }

    /**
     * {@link #formatExact}'s text computed in long arithmetic, for 1 ≤ |v| &lt; 2^52 with a fractional part and not a
     * power of two (trace rows, and most numbers of a run); null otherwise. The same search as {@link #shortest}: the
     * p-digit rounding (half up) of the exact binary value is {@code round(m · 10^q / 2^s)} for v = m · 2^−s, exact in
     * 128 bits, and parses back to v iff {@code n / 10^q} does (correctly rounded: one division of exact doubles, or
     * {@link Double#parseDouble} beyond 2^53).
     */
    static String formatFast(double v) {
        double a = Math.abs(v);
        if (!(a >= 1 && a < 0x1p52)) {
            return null;
        }
        long bits = Double.doubleToRawLongBits(a);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        int shift = 1075 - (int) (bits >>> 52);        // a = m · 2^−shift
        if (fraction == 0 || shift <= 0) {
            return null;
        }
        long m = fraction | (1L << 52);
        int exp10 = Long.toString((long) a).length() - 1;  // position of the leading digit
        int digits = Math.min(significantDigits(Double.toString(a)), 17);
        int q = digits - 1 - exp10;                    // decimals of a p-digit rounding
        if (q <= 0) {
            return null;
        }
        long best = scaledRound(m, shift, q);
        int bestQ = q;
        while (q > 1) {                                // q = 0 would be an integer: never a's value
            long shorter = scaledRound(m, shift, q - 1);
            if (toDouble(shorter, q - 1) != a) {
                break;
            }
            best = shorter;
            bestQ = --q;
        }
        while (best % 10 == 0 && bestQ > 0) {
            best /= 10;
            bestQ--;
        }
        if (bestQ == 0) {
            return null;
        }
        long unit = POW10[bestQ];
        String frac = Long.toString(best % unit);
        StringBuilder out = new StringBuilder(24);
        if (v < 0) {
            out.append('-');
        }
        out.append(best / unit).append('.');
        for (int i = frac.length(); i < bestQ; i++) {
            out.append('0');
        }
        return out.append(frac).toString();
    }

    /** round half up of m · 10^q / 2^shift (1 ≤ shift ≤ 63, m &lt; 2^53, q ≤ 17: the product fits 128 bits). */
    private static long scaledRound(long m, int shift, int q) {
        long p = POW10[q];
        long hi = Math.multiplyHigh(m, p);
        long lo = m * p;
        long half = 1L << (shift - 1);
        long sum = lo + half;
        if (Long.compareUnsigned(sum, lo) < 0) {
            hi++;
        }
        return (hi << (64 - shift)) | (sum >>> shift);
    }

    /** n / 10^q correctly rounded. */
    private static double toDouble(long n, int q) {
        if (n < (1L << 53)) {
            return n / POW10D[q];
        }
        return Double.parseDouble(n + "E-" + q);
    }

    /**
     * The decimal with the fewest significant digits (1…17) that parses back to {@code v}: {@code v} rounded to p
     * digits for the smallest p that round-trips (17 if none below does).
     * <p>
     * Search from the top: {@link Double#toString} gives a round-tripping decimal of L digits, so the nearest
     * L-digit decimal round-trips too and the answer has at most L digits. Where the doubles around {@code v} are
     * evenly spaced (not a power of two), a p-digit rounding that round-trips means the (p+1)-digit one, no farther
     * from {@code v}, does as well; so p goes down from L until it fails, usually after one step instead of the
     * ~16 roundings of a search from 1. Powers of two search from 1.
     */
    static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        boolean evenlySpaced = (Double.doubleToRawLongBits(v) & 0xFFFFFFFFFFFFFL) != 0; // mantissa bits: not 2^k
        if (evenlySpaced) {
            int p = Math.min(significantDigits(Double.toString(v)), 17);
            BigDecimal best = exact.round(new MathContext(p));
            while (p > 1) {
                BigDecimal shorter = exact.round(new MathContext(p - 1));
                if (shorter.doubleValue() != v) {
                    break;
                }
                best = shorter;
                p--;
            }
            return best.stripTrailingZeros();
        }
        for (int p = 1; p < 17; p++) {
            BigDecimal r = exact.round(new MathContext(p));
            if (r.doubleValue() == v) {
                return r.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17)).stripTrailingZeros();
    }

    /** Significant digits of {@link Double#toString}'s text: leading and trailing zeros and the exponent left out. */
    private static int significantDigits(String text) {
        int e = text.indexOf('E');
        String mantissa = (e < 0 ? text : text.substring(0, e)).replace("-", "").replace(".", "");
        int from = 0;
        while (from < mantissa.length() - 1 && mantissa.charAt(from) == '0') {
            from++;
        }
        int to = mantissa.length();
        while (to > from + 1 && mantissa.charAt(to - 1) == '0') {
            to--;
        }
        return to - from;
    }
}
