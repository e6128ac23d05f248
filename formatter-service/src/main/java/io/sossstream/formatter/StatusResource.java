package io.sossstream.formatter;

import io.sossstream.pipeline.ObservationStatus.ObservationView;
import io.sossstream.pipeline.ObservationStatus.SegmentView;
import io.sossstream.service.BacklogGauges;
import io.sossstream.service.PipelineContext;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * The pipeline status page: {@code GET /status} (HTML), {@code GET /api/observations} (JSON), and
 * {@code GET /products/{observation}/{file}} streaming a product or plot ({@code plots/<name>.png}) from the store.
 */
@Path("/")
@Blocking
public class StatusResource {
    private final PipelineContext context;
    private final BacklogGauges backlog;

    StatusResource(PipelineContext context, BacklogGauges backlog) {
        this.context = context;
        this.backlog = backlog;
    }

    @GET
    @Path("api/observations")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ObservationView> observations() {
        return backlog.refresh();
    }

    @GET
    @Path("status")
    @Produces(MediaType.TEXT_HTML)
    public String status() {
        return StatusPage.html(backlog.refresh(), context.layout());
    }

    @GET
    @Path("products/{observation}/{file: .+}")
    public Response product(@PathParam("observation") String observation, @PathParam("file") String file) {
        if (observation.contains("..") || observation.contains("/") || file.contains("..")) {
            throw new NotFoundException();
        }
        String key = context.layout().productsPrefix(observation) + file;
        java.nio.file.Path tmp;
        try {
            tmp = Files.createTempFile(context.workDir(), "download-", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!context.store().download(context.layout().workBucket(), key, tmp)) {
            deleteQuietly(tmp);
            throw new NotFoundException("no " + key);
        }
        StreamingOutput body = out -> {
            try {
                Files.copy(tmp, out);
            } finally {
                deleteQuietly(tmp);
            }
        };
        String type = file.endsWith(".png") ? "image/png" : file.endsWith(".fits") ? "application/fits"
                : MediaType.APPLICATION_OCTET_STREAM;
        String name = file.substring(file.lastIndexOf('/') + 1);
        return Response.ok(body, type).header("Content-Disposition", (type.equals("image/png") ? "inline" :
                "attachment") + "; filename=\"" + name + "\"").build();
    }

    private static void deleteQuietly(java.nio.file.Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temp file in the work dir is harmless
        }
    }

    /** The HTML of the status page (no template engine: one table). */
    static final class StatusPage {
        private StatusPage() {
        }

        static String html(List<ObservationView> views, io.sossstream.storage.ObjectLayout layout) {
            StringBuilder sb = new StringBuilder("""
                    <!DOCTYPE html><html><head><meta charset="utf-8"><title>soss-stream pipeline status</title>
                    <meta http-equiv="refresh" content="5">
                    <style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:4px 8px}
                    table{border-collapse:collapse}.ok{color:green}.wait{color:#b60}</style></head><body>
                    <h1>soss-stream pipeline</h1>
                    <table><tr><th>observation</th><th>target</th><th>state</th><th>segments (extracted/landed/total)</th>
                    <th>profile</th><th>calibration</th><th>products</th></tr>
                    """);
            for (ObservationView v : views) {
                long extracted = v.segments().stream().filter(SegmentView::extracted).count();
                sb.append("<tr><td>").append(esc(v.observationId())).append("</td><td>").append(esc(v.targetName()))
                        .append("</td><td>").append(esc(v.state())).append("</td><td>").append(extracted).append('/')
                        .append(v.segments().size()).append('/').append(v.segmentTotal()).append("<br><small>");
                for (SegmentView s : v.segments()) {
                    sb.append(String.format("seg%03d %s<br>", s.segmentNumber(), s.extracted() ? "&#10003;" : "&hellip;"));
                }
                sb.append("</small></td><td>").append(mark(v.profileReady())).append("</td><td>")
                        .append(mark(v.calibrated())).append("</td><td>");
                String prefix = layout.productsPrefix(v.observationId());
                if (v.productKey() != null) {
                    sb.append(link(v.observationId(), prefix, v.productKey()));
                }
                for (String plot : v.plotKeys() == null ? List.<String>of() : v.plotKeys()) {
                    sb.append("<br>").append(link(v.observationId(), prefix, plot));
                }
                sb.append("</td></tr>\n");
            }
            if (views.isEmpty()) {
                sb.append("<tr><td colspan=\"7\">no observations yet</td></tr>\n");
            }
            return sb.append("</table><p><a href=\"/api/observations\">JSON</a> &middot; <a href=\"/q/metrics\">metrics</a>"
                    + " &middot; <a href=\"/q/health\">health</a></p></body></html>\n").toString();
        }

        private static String link(String obs, String prefix, String key) {
            String rel = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
            String href = "/products/" + URLEncoder.encode(obs, StandardCharsets.UTF_8) + "/" + rel;
            return "<a href=\"" + esc(href) + "\">" + esc(rel) + "</a>";
        }

        private static String mark(boolean done) {
            return done ? "<span class=\"ok\">ready</span>" : "<span class=\"wait\">waiting</span>";
        }

        private static String esc(String s) {
            return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&quot;");
        }
    }
}
