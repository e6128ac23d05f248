package io.sossstream.pipeline;

import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where each observation stands, read from the work bucket alone (for the status page and the backlog metric):
 * registered segments and which are extracted, profile, calibration, product and plots, dead letters; and the
 * white-light flux of the segments extracted so far ({@link #whiteLight}).
 */
public final class ObservationStatus {
    private static final String OBSERVATIONS = "observations/";

    private ObservationStatus() {
    }

    /**
     * One observation.
     *
     * @param segmentTotal EXSEGTOT (0 while no segment is registered)
     * @param segments     registered segments, by number
     * @param productKey   key of the final product, null until done
     * @param plotKeys     keys of the stored plots
     * @param failures     its dead letters, oldest first ({@link Failure})
     * @param state        {@code waiting} (for segments: the profile's segment 1 has not landed, or every landed
     *                     segment is extracted but some have not landed), {@code profiling} (segment 1 is in, no
     *                     profile yet; with {@code profileFrom=ALL} also until all segments land),
     *                     {@code extracting} (a registered segment has no spectra yet), {@code formatting} (all
     *                     segments extracted; calibration and product under way), {@code done}; {@code failed}
     *                     when a record of the observation was dead-lettered and there is no product
     */
    public record ObservationView(String observationId, String targetName, int segmentTotal, List<SegmentView> segments,
                                  boolean profileReady, boolean calibrated, String productKey, List<String> plotKeys,
                                  List<Failure> failures, String state) {
        /** Segments registered but not yet extracted (the observation's backlog). */
        public int backlog() {
            return (int) segments.stream().filter(s -> !s.extracted()).count();
        }
    }

    /** One registered segment. */
    public record SegmentView(int segmentNumber, String rawKey, boolean extracted) {
    }

    /** Every observation in the work bucket, by id. */
    public static List<ObservationView> list(ObjectStore store, ObjectLayout layout) {
        Map<String, Set<String>> keysByObs = new TreeMap<>();
        for (ObjectInfo o : store.list(layout.workBucket(), OBSERVATIONS)) {
            String rest = o.key().substring(OBSERVATIONS.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                keysByObs.computeIfAbsent(rest.substring(0, slash), k -> new HashSet<>()).add(o.key());
            }
        }
        SegmentRegistry registry = new SegmentRegistry(store, layout);
        List<ObservationView> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : keysByObs.entrySet()) {
            out.add(view(e.getKey(), e.getValue(), registry.records(e.getKey()), failures(store, layout, e.getKey(),
                    e.getValue()), layout));
        }
        return out;
    }

    /**
     * The white-light flux of the segments of {@code view} extracted so far, by segment number (a segment extracted
     * before white-light series were stored has none).
     */
    public static List<WhiteLightSeries> whiteLight(ObjectStore store, ObjectLayout layout, ObservationView view) {
        List<WhiteLightSeries> out = new ArrayList<>();
        for (SegmentView s : view.segments()) {
            if (s.extracted()) {
                String key = layout.whiteLight(view.observationId(), s.segmentNumber());
                store.get(layout.workBucket(), key).ifPresent(b -> out.add(WhiteLightSeries.fromJson(b,
                        layout.workBucket() + "/" + key)));
            }
        }
        return out;
    }

    private static List<Failure> failures(ObjectStore store, ObjectLayout layout, String obs, Set<String> keys) {
        String prefix = layout.failuresPrefix(obs);
        List<Failure> out = new ArrayList<>();
        for (String k : keys.stream().filter(k -> k.startsWith(prefix)).sorted().toList()) {
            store.get(layout.workBucket(), k).ifPresent(b -> out.add(Failure.fromJson(b,
                    layout.workBucket() + "/" + k)));
        }
        out.sort(Comparator.comparingLong(Failure::failedAt));
        return out;
    }

    private static ObservationView view(String obs, Set<String> keys, List<SegmentRecord> records,
            List<Failure> failures, ObjectLayout layout) {
        List<SegmentView> segments = new ArrayList<>();
        for (SegmentRecord r : records) {
            segments.add(new SegmentView(r.segmentNumber(), r.rawKey(), keys.contains(layout.spectra(obs, r.segmentNumber()))));
        }
        String plotsPrefix = layout.productsPrefix(obs) + "plots/";
        String productKey = null;
        List<String> plots = new ArrayList<>();
        for (String k : keys.stream().sorted().toList()) {
            if (k.startsWith(plotsPrefix)) {
                plots.add(k);
            } else if (k.startsWith(layout.productsPrefix(obs)) && k.endsWith(".fits")) {
                productKey = k;
            }
        }
        boolean profile = keys.contains(layout.profile(obs));
        boolean calibrated = keys.contains(layout.calibration(obs));
        int total = records.isEmpty() ? 0 : records.get(0).segmentTotal();
        String target = records.isEmpty() ? null : records.get(0).targetName();
        return new ObservationView(obs, target, total, segments, profile, calibrated, productKey, plots, failures,
                state(profile, productKey != null, !failures.isEmpty(), segments, total));
    }

    private static String state(boolean profile, boolean done, boolean failed, List<SegmentView> segments,
            int total) {
        if (done) {
            return "done";
        }
        if (failed) {
            return "failed";
        }
        if (!profile) {
            return segments.stream().anyMatch(s -> s.segmentNumber() == 1) ? "profiling" : "waiting";
        }
        if (segments.stream().anyMatch(s -> !s.extracted())) {
            return "extracting";
        }
        return segments.size() < total ? "waiting" : "formatting";
    }
}
