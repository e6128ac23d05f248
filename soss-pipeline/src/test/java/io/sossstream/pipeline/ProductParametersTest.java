package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SpectraReady;
import io.sossstream.stage3.ApertureWidth;
import io.sossstream.stage3.ParameterCards;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A product records the frozen parameters it was made with: read back from the header of the written product, in
 * the batch run and in the stream (service defaults under an observation's {@code soss-config.json}), they are
 * the parameters the run used, every one of them; the batch run's {@code config.json} beside the product says
 * the same.
 */
class ProductParametersTest {
    @TempDir
    Path dir;

    /** Not the defaults, so that a header that recorded the defaults instead would fail. */
    private static final Stage3Options USED = Stage3Options.defaults()
            .with(Stage3Parameters.WIDTH_ORDER1, ApertureWidth.fixed(24))
            .with(Stage3Parameters.WIDTH_ORDER2, ApertureWidth.fixed(18))
            .with(Stage3Parameters.PROFILE_FROM, Stage3Options.ProfileSegments.ALL)
            .with(Stage3Parameters.CLIP_THRESHOLD, 7.5)
            .with(Stage3Parameters.CLIP_WINDOW, 15)
            .with(Stage3Parameters.PLANET_LETTER, "c")
            .with(Stage3Parameters.OUTPUT_TAG, "params");

    @Test
    void batchProductRecordsItsParameters() throws Exception {
        BatchRun.Result batch = BatchRun.run(SimulatedObservation.segments(), dir.resolve("batch"), USED,
                "2030-01-01T00:00:00Z", ProgressListener.NONE);
        Path product = batch.spectra();
        assertEquals(USED.resolved(), recorded(Files.readAllBytes(product), product.toString()));
        Path config = product.resolveSibling(BatchRun.CONFIG_JSON);
        assertEquals(USED.resolved(), PipelineJson.readOptions(Files.readAllBytes(config), config.toString()));
    }

    @Test
    void streamProductRecordsItsParameters() throws Exception {
        // the clipping as service defaults, the rest from the observation's config
        Stage3Options serviceDefaults = Stage3Options.defaults()
                .with(Stage3Parameters.CLIP_THRESHOLD, 7.5).with(Stage3Parameters.CLIP_WINDOW, 15)
                .with(Stage3Parameters.PLANET_LETTER, "d");
        InProcessPipeline p = new InProcessPipeline(dir, serviceDefaults,
                Clock.fixed(Instant.parse("2031-02-03T04:05:06Z"), ZoneOffset.UTC));
        p.files.put(p.layout.rawBucket(), p.layout.ingestConfig("visit1"), ("{\"widthOrder1\": 24, \"widthOrder2\": "
                + "18, \"profileFrom\": \"all\", \"planetLetter\": \"c\", \"outputTag\": \"params\"}")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        List<Path> segments = SimulatedObservation.segments();
        for (int i = segments.size() - 1; i >= 0; i--) {
            S3EventNotification landed = p.upload(segments.get(i), "visit1", Instant.EPOCH.plusSeconds(i));
            p.send(landed);
        }
        p.drain();
        assertFalse(p.spectraReady.isEmpty(), String.join("\n", p.log));
        SpectraReady done = p.spectraReady.get(0);
        byte[] product = p.files.get(p.layout.workBucket(), done.productKey()).orElseThrow();
        assertEquals(USED.resolved(), recorded(product, done.productKey()));
    }

    private static Stage3Options recorded(byte[] product, String name) throws Exception {
        try (Fits f = new Fits(new ByteArrayInputStream(product))) {
            return ParameterCards.read(f.readHDU().getHeader(), name);
        }
    }
}
