package io.sossstream.formatter;

import io.sossstream.pipeline.ObservationStatus;
import io.sossstream.pipeline.ObservationStatus.ObservationView;
import io.sossstream.pipeline.WhiteLightSeries;
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
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline status page: {@code GET /status} (HTML, {@link StatusPage}), {@code GET /api/observations} (JSON),
 * {@code GET /api/observations/{observation}/white-light} (the white-light flux of the segments extracted so far),
 * and {@code GET /products/{observation}/{file}} streaming a product or plot ({@code plots/<name>.png}) from the
 * store.
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

    /** The white-light flux of the segments of {@code observation} extracted so far. */
    @GET
    @Path("api/observations/{observation}/white-light")
    @Produces(MediaType.APPLICATION_JSON)
    public List<WhiteLightSeries> whiteLight(@PathParam("observation") String observation) {
        ObservationView view = backlog.refresh().stream().filter(v -> v.observationId().equals(observation))
                .findFirst().orElseThrow(() -> new NotFoundException("no observation " + observation));
        return ObservationStatus.whiteLight(context.store(), context.layout(), view);
    }

    @GET
    @Path("status")
    @Produces(MediaType.TEXT_HTML)
    public String status() {
        List<ObservationView> views = backlog.refresh();
        Map<String, List<WhiteLightSeries>> live = new HashMap<>();
        for (ObservationView v : views) {
            if (v.productKey() == null) { // in flight (or failed): the curve so far; done: the product plots
                live.put(v.observationId(), ObservationStatus.whiteLight(context.store(), context.layout(), v));
            }
        }
        return StatusPage.html(views, live, context.layout());
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
}
