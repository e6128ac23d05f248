package io.sossstream.formatter;

import io.sossstream.pipeline.Failure;
import io.sossstream.pipeline.ObservationStatus.ObservationView;
import io.sossstream.pipeline.ObservationStatus.SegmentView;
import io.sossstream.pipeline.WhiteLightSeries;
import io.sossstream.stage3.DiagnosticPlots;
import io.sossstream.storage.ObjectLayout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The HTML of the status page (no template engine, no script: the page reloads itself every few seconds). One row
 * per observation: state (with the reasons of its dead letters when failed), per-segment states, profile and
 * calibration, the live white-light curve of the segments extracted so far while in flight
 * ({@link WhiteLightChart}), the product plots once done, and links to the products and every plot.
 */
final class StatusPage {
    /** Seconds between reloads: a segment's extraction shows within one. */
    static final int REFRESH_SECONDS = 5;
    /** Product plots shown inline once the observation is done (the rest are links). */
    static final List<String> INLINE_PLOTS = List.of(DiagnosticPlots.WHITE_LIGHT, DiagnosticPlots.STELLAR_SPECTRUM);

    private StatusPage() {
    }

    /**
     * @param views      every observation
     * @param whiteLight white-light series of the observations in flight, by observation id
     */
    static String html(List<ObservationView> views, Map<String, List<WhiteLightSeries>> whiteLight,
            ObjectLayout layout) {
        StringBuilder sb = new StringBuilder("""
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>soss-stream pipeline status</title>
                <meta http-equiv="refresh" content="%d">
                <style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
                table{border-collapse:collapse}.ok{color:green}.wait{color:#b60}.failed{color:#c00;font-weight:bold}
                .reason{color:#c00;max-width:16em;display:block;overflow-wrap:anywhere}
                img.plot{width:340px;display:block;margin-bottom:4px}
                </style></head><body>
                <h1>soss-stream pipeline</h1>
                <table><tr><th>observation<br><small>target</small></th><th>state</th>
                <th>segments<br><small>extracted/landed/total</small></th><th>steps</th>
                <th>white-light curve</th><th>products and plots</th></tr>
                """.formatted(REFRESH_SECONDS));
        for (ObservationView v : views) {
            long extracted = v.segments().stream().filter(SegmentView::extracted).count();
            String obs = v.observationId();
            sb.append("<tr data-observation=\"").append(esc(obs)).append("\"><td>").append(esc(obs))
                    .append("<br><small>").append(esc(v.targetName())).append("</small></td><td><span class=\"state ")
                    .append(stateClass(v.state())).append("\">").append(esc(v.state())).append("</span>");
            for (Failure f : v.failures()) {
                // who gave up, at which step: the reason itself names the object
                String where = f.service() == null ? "" : f.service() + (f.stage() == null ? "" : " / " + f.stage()) + ": ";
                sb.append("<small class=\"reason\">").append(esc(where + f.reason())).append("</small>");
            }
            sb.append("</td><td>").append(extracted).append('/').append(v.segments().size()).append('/')
                    .append(v.segmentTotal()).append("<br><small>");
            for (SegmentView s : v.segments()) {
                sb.append(String.format("<span class=\"segment-state\" data-segment=\"%d\">seg%03d %s</span><br>",
                        s.segmentNumber(), s.segmentNumber(), s.extracted() ? "extracted &#10003;"
                                : "landed &hellip;"));
            }
            sb.append("</small></td><td>").append(mark("profile", v.profileReady())).append("<br>")
                    .append(mark("calibration", v.calibrated())).append("</td><td>");
            String prefix = layout.productsPrefix(obs);
            List<String> plots = v.plotKeys() == null ? List.of() : v.plotKeys();
            if (v.productKey() != null) {
                for (String plot : plots) {
                    if (INLINE_PLOTS.contains(plot.substring(plot.lastIndexOf('/') + 1))) {
                        sb.append("<img class=\"plot\" alt=\"").append(esc(plot)).append("\" src=\"")
                                .append(esc(href(obs, prefix, plot))).append("\">");
                    }
                }
            } else if (!whiteLight.getOrDefault(obs, List.of()).isEmpty()) {
                sb.append(WhiteLightChart.svg(whiteLight.get(obs)));
            } else {
                sb.append("<small>no segment extracted yet</small>");
            }
            sb.append("</td><td>");
            if (v.productKey() != null) {
                sb.append(link(obs, prefix, v.productKey())).append("<br>");
            }
            for (String plot : plots) {
                sb.append(link(obs, prefix, plot)).append("<br>");
            }
            sb.append("</td></tr>\n");
        }
        if (views.isEmpty()) {
            sb.append("<tr><td colspan=\"6\">no observations yet</td></tr>\n");
        }
        return sb.append("</table><p><a href=\"/api/observations\">JSON</a> &middot; <a href=\"/q/metrics\">metrics"
                + "</a> &middot; <a href=\"/q/health\">health</a></p></body></html>\n").toString();
    }

    private static String stateClass(String state) {
        return switch (state) {
            case "done" -> "ok";
            case "failed" -> "failed";
            default -> "wait";
        };
    }

    private static String href(String obs, String prefix, String key) {
        String rel = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
        return "/products/" + URLEncoder.encode(obs, StandardCharsets.UTF_8) + "/" + rel;
    }

    private static String link(String obs, String prefix, String key) {
        String rel = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
        return "<a href=\"" + esc(href(obs, prefix, key)) + "\">" + esc(rel) + "</a>";
    }

    private static String mark(String what, boolean done) {
        return done ? "<span class=\"ok\">" + what + " ready</span>" : "<span class=\"wait\">" + what
                + " waiting</span>";
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
