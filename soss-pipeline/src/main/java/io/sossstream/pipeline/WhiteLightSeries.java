package io.sossstream.pipeline;

import io.sossstream.error.BadInputException;
import io.sossstream.spectra.SegmentSpectra;
import io.sossstream.stats.NanStats;

/**
 * The white-light flux of one segment per integration, orders 1 and 2: the sum over detector columns of the
 * box-extracted flux, NaN ignored (as the product's white-light plot sums order 1). A few numbers per integration,
 * stored by extract-service next to the segment's spectra so that the status page can draw the transit as it
 * arrives without reading the spectra. Before outlier clipping and wavelength calibration: a quick look, not a
 * product.
 *
 * @param segmentNumber EXSEGNUM
 * @param times         mid-integration times, MJD_TDB
 * @param order1        order-1 white-light flux per integration, DN/s
 * @param order2        order-2 white-light flux per integration, DN/s
 */
public record WhiteLightSeries(int segmentNumber, double[] times, double[] order1, double[] order2) {

    public WhiteLightSeries {
        if (order1.length != times.length || order2.length != times.length) {
            throw new IllegalArgumentException("white-light series need one value per time");
        }
    }

    /** Sums each integration's spectrum of each order. */
    public static WhiteLightSeries of(SegmentSpectra s) {
        int n = s.integrations();
        double[] o1 = new double[n];
        double[] o2 = new double[n];
        for (int t = 0; t < n; t++) {
            o1[t] = NanStats.nansum(s.fluxO1()[t]);
            o2[t] = NanStats.nansum(s.fluxO2()[t]);
        }
        return new WhiteLightSeries(s.segmentNumber(), s.times().clone(), o1, o2);
    }

    /** Flux of an order (1 or 2). */
    public double[] flux(int order) {
        return order == 1 ? order1 : order2;
    }

    public byte[] toJson() {
        return PipelineJson.write(this);
    }

    /** Parses {@link #toJson()}; {@code source} names the object in errors. */
    public static WhiteLightSeries fromJson(byte[] json, String source) {
        WhiteLightSeries w = PipelineJson.read(json, WhiteLightSeries.class, source);
        if (w.times == null || w.order1 == null || w.order2 == null) {
            throw new BadInputException(source, "not a white-light series (times, order1, order2)");
        }
        return w;
    }
}
