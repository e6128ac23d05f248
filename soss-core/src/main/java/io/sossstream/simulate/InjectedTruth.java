package io.sossstream.simulate;

import io.sossstream.reference.SpecTrace;
import io.sossstream.segment.Subarray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * The truth a simulation injected, written next to its segments:
 * <ul>
 *   <li>{@code truth.csv}: {@code order,x,wavelength_um,depth} — per column, the depth a width-30 box
 *   extraction centred on the SPECTRACE trace should measure: the scene-weighted mean of the injected δ over
 *   the box (pixel weights = overlap of row [r, r+1) with [c − 15, c + 15]); NaN where the order is off the
 *   detector;</li>
 *   <li>{@code truth_timeseries.csv}: {@code integration,segment,time_bjd_tdb,transit_shape,jitter_dy};</li>
 *   <li>{@code truth.properties}: the simulation parameters and the ERR model.</li>
 * </ul>
 * Files are written to a temporary name and renamed, and carry no date, so the bytes are reproducible.
 */
public final class InjectedTruth {
    public static final double BOX_WIDTH = 30;
    public static final String DEPTHS = "truth.csv";
    public static final String TIMESERIES = "truth_timeseries.csv";
    public static final String PROPERTIES = "truth.properties";

    private InjectedTruth() {
    }

    /**
     * Box-weighted depth at column x: Σ w·(scene·δ) / Σ w·scene over the box centred on row {@code centre}.
     *
     * @param scene         scene (rows × 2048) as the detector sees it
     * @param depthTimesScene scene × δ in the same frame
     */
    public static double boxDepth(float[] scene, float[] depthTimesScene, int rows, int x, double centre) {
        double lo = centre - BOX_WIDTH / 2;
        double up = centre + BOX_WIDTH / 2;
        double num = 0;
        double den = 0;
        for (int r = Math.max(0, (int) Math.floor(lo)); r < Math.min(rows, (int) Math.ceil(up)); r++) {
            double w = Math.min(up, r + 1) - Math.max(lo, r);
            if (w <= 0) {
                continue;
            }
            num += w * depthTimesScene[r * Subarray.COLUMNS + x];
            den += w * scene[r * Subarray.COLUMNS + x];
        }
        return num / den;
    }

    /** Writes {@code truth.csv} for orders 1 and 2. */
    static Path writeDepths(Path dir, SpecTrace trace, float[] scene, float[] depthTimesScene, int rows,
                            double xShift) {
        StringBuilder sb = new StringBuilder("order,x,wavelength_um,depth\n");
        for (int order = 1; order <= 2; order++) {
            for (int x = 0; x < Subarray.COLUMNS; x++) {
                double source = x - xShift; // SPECTRACE column whose light lands in x
                double centre = trace.yAt(order, source);
                boolean onDetector = x >= 4 && x < Subarray.COLUMNS - 4 // reference columns carry no light
                        && source >= trace.minX(order) && source <= trace.maxX(order)
                        && centre >= 0 && centre <= rows - 1;
                double lambda = onDetector ? trace.wavelengthAt(order, source) : Double.NaN;
                double depth = onDetector ? boxDepth(scene, depthTimesScene, rows, x, centre) : Double.NaN;
                sb.append(order).append(',').append(x).append(',').append(num(lambda)).append(',')
                        .append(num(depth)).append('\n');
            }
        }
        return writeAtomically(dir.resolve(DEPTHS), sb.toString());
    }

    /** Writes {@code truth.properties} (sorted keys, no timestamp). */
    static Path writeProperties(Path dir, Map<String, String> values) {
        StringBuilder sb = new StringBuilder("# soss-stream simulation: injected truth\n");
        values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(e.getKey()).append('=').append(e.getValue()
                        .replace("\\", "\\\\").replace("\n", "\\n")).append('\n'));
        return writeAtomically(dir.resolve(PROPERTIES), sb.toString());
    }

    /** Streams {@code truth_timeseries.csv} row by row. */
    static final class TimeSeriesWriter implements AutoCloseable {
        private final Path target;
        private final Path temp;
        private final Writer out;
        private boolean committed;

        TimeSeriesWriter(Path dir) {
            target = dir.resolve(TIMESERIES);
            temp = dir.resolve("." + TIMESERIES + ".partial");
            try {
                out = Files.newBufferedWriter(temp, StandardCharsets.US_ASCII);
                out.write("integration,segment,time_bjd_tdb,transit_shape,jitter_dy\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + temp, e);
            }
        }

        void row(int integration, int segment, double time, double shape, double dy) {
            try {
                out.write(integration + "," + segment + "," + num(time) + "," + num(shape) + "," + num(dy) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + temp, e);
            }
        }

        Path commit() {
            try {
                out.close();
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                committed = true;
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
        }

        @Override
        public void close() {
            if (!committed) {
                try {
                    out.close();
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + temp, e);
                }
            }
        }
    }

    static String num(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.10g", v);
    }

    private static Path writeAtomically(Path target, String text) {
        Path temp = target.resolveSibling("." + target.getFileName() + ".partial");
        try {
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
