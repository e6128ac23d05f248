package io.sossstream.pipeline;

import io.sossstream.ProgressListener;
import io.sossstream.events.ProfileReady;
import io.sossstream.events.S3EventNotification;
import io.sossstream.events.SpectraReady;
import io.sossstream.spectra.SpectraFitsReader;
import io.sossstream.stage3.ApertureWidth;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.storage.LocalObjectStore;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.testdata.SharedData;
import nom.tam.fits.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * THE acceptance of the stream design: the four steps, driven by events in shuffled order with one duplicate,
 * produce the same product bytes as the batch {@link Stage3#run} on the same files and options, apart from the
 * DATE card; and the profile files are identical too. Options come from a {@code soss-config.json} next to the raw
 * segments (optimised order-1 width, a stellar template from the models bucket, an output tag), so the config,
 * width-optimisation and wavelength-refinement paths are all compared.
 */
class StreamEqualsBatchTest {
    private static final String TEMPLATE = "supremespoon_stellar_spectrum_order1.csv";
    private static final Instant LANDED = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void streamProductEqualsBatchProductApartFromDate() throws Exception {
        List<Path> segments = SimulatedObservation.segments();
        Path template = SharedData.wasp39(TEMPLATE);

        // batch: the CLI's path, with the same options given as flags would give them
        Stage3Options batchOptions = Stage3Options.defaults()
                .with(Stage3Parameters.WIDTH_ORDER1, ApertureWidth.OPTIMIZE)
                .with(Stage3Parameters.STELLAR_TEMPLATE, template.toString())
                .with(Stage3Parameters.OUTPUT_TAG, "t1");
        BatchRun.Result batch = BatchRun.run(segments, dir.resolve("batch"), batchOptions, "2030-01-01T00:00:00Z",
                ProgressListener.NONE);
        assertEquals("REFINED", batch.calibration().status(), "the comparison should cover the refinement");

        // stream: same files, options from the ingest config, template from the models bucket
        InProcessPipeline p = new InProcessPipeline(dir, Stage3Options.defaults(),
                Clock.fixed(Instant.parse("2031-02-03T04:05:06.789Z"), ZoneOffset.UTC));
        // under the key the batch run gives the local file: the product records it (STARTMPL), so the same options
        // mean the same key
        String templateKey = LocalObjectStore.modelsKey(template);
        p.files.put(p.layout.modelsBucket(), templateKey, template, "text/csv");
        p.files.put(p.layout.rawBucket(), p.layout.ingestConfig("visit1"), ("{\"widthOrder1\":\"optimize\","
                + "\"stellarTemplate\":\"" + templateKey + "\",\"outputTag\":\"t1\"}").getBytes(StandardCharsets.UTF_8),
                "application/json");
        List<S3EventNotification> events = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            events.add(p.upload(segments.get(i), "visit1", LANDED.plusSeconds(10L * i)));
        }
        Collections.shuffle(events, new Random(4));
        if (events.get(0).key().contains("seg001")) {
            Collections.rotate(events, 1); // let a segment land before the profile's segment: it must wait
        }
        events.add(2, events.get(0)); // one duplicated event
        events.forEach(p::send);
        p.drain();

        assertFalse(p.spectraReady.isEmpty(), String.join("\n", p.log));
        assertTrue(p.log.stream().anyMatch(l -> l.contains("waiting for profile")), String.join("\n", p.log));
        SpectraReady done = p.spectraReady.get(0);
        assertEquals(SimulatedObservation.SEGMENTS * SimulatedObservation.INTS, done.integrations());
        assertEquals(LANDED.toEpochMilli(), done.landedAt());
        assertTrue(done.productKey().endsWith("_box_spectra_fullres_t1.fits"), done.productKey());
        assertEquals(batch.spectra().getFileName().toString(), Path.of(done.productKey()).getFileName().toString());

        byte[] streamed = p.files.get(p.layout.workBucket(), done.productKey()).orElseThrow();
        byte[] batched = Files.readAllBytes(batch.spectra());
        assertNotEquals(new String(streamed, StandardCharsets.US_ASCII), new String(batched, StandardCharsets.US_ASCII),
                "DATE differs, so the raw bytes must differ");
        FitsBytes.Blanked s = FitsBytes.blank(streamed, "DATE");
        FitsBytes.Blanked b = FitsBytes.blank(batched, "DATE");
        assertTrue(b.cards() >= 1, "the batch product has a DATE card");
        assertEquals(b.cards(), s.cards());
        assertEquals(batched.length, streamed.length);
        assertArrayEquals(b.bytes(), s.bytes(), "stream product differs from the batch product beyond DATE");

        // the profile files are the same bytes as well (one centroids function, fixed creation date)
        String obs = batch.profile().observationId();
        assertArrayEquals(Files.readAllBytes(batch.centroids()),
                p.files.get(p.layout.workBucket(), p.layout.centroids(obs)).orElseThrow());
        assertArrayEquals(Files.readAllBytes(dir.resolve("batch").resolve("profile.json")),
                p.files.get(p.layout.workBucket(), p.layout.profile(obs)).orElseThrow());

        // at-least-once delivery with idempotent steps: every object was written exactly once
        p.store.puts.forEach((key, n) -> assertEquals(1, n, key + " written " + n + " times"));
        assertTrue(p.store.puts.containsKey(p.layout.workBucket() + "/" + p.layout.deepStack(obs)));
        // re-announced (duplicates downstream ignore) but never recomputed
        assertTrue(p.spectraReady.stream().allMatch(e -> e.productKey().equals(done.productKey())));
        assertEquals(ObjectLayout.defaults().workBucket(), p.layout.workBucket());
    }

    /**
     * extractMethod atoca, one orchestration run two ways: the batch run's input folder holds the segments, a
     * {@code soss-config.json} and a {@code specprofile.fits} (APPLESOSS's); the stream gets the same two objects
     * uploaded next to the segments. The ATOCA model is computed once, by the profile step, and every segment is
     * extracted with the stored model: products equal apart from DATE, soss_estimate and decontamination plot equal.
     */
    @Test
    void atocaStreamProductEqualsBatchProductApartFromDate() throws Exception {
        Path specProfile = SharedData.oracle("applesoss/wasp39_specprofile_SUBSTRIP256_os1_pad20.fits");
        // a given orders 1+2 factor skips its search (the costly part; the search runs in AtocaOracleTest)
        byte[] config = "{\"extractMethod\":\"atoca\",\"sossTikfac\":4e-17}".getBytes(StandardCharsets.UTF_8);
        Path visit = Files.createDirectories(dir.resolve("visit1"));
        for (Path s : SimulatedObservation.segments()) {
            Files.createSymbolicLink(visit.resolve(s.getFileName()), s);
        }
        Files.write(visit.resolve(ObjectLayout.INGEST_CONFIG_NAME), config);
        Files.copy(specProfile, visit.resolve(ObjectLayout.SPEC_PROFILE_NAME));
        BatchRun.Result batch = BatchRun.run(List.of(visit), dir.resolve("batch"), Stage3Options.defaults(),
                "2030-01-01T00:00:00Z", ProgressListener.NONE);
        for (Path s : SimulatedObservation.segments()) {
            Files.delete(visit.resolve(s.getFileName()));  // the links, not the shared files
        }

        InProcessPipeline p = new InProcessPipeline(dir, Stage3Options.defaults(),
                Clock.fixed(Instant.parse("2031-02-03T04:05:06.789Z"), ZoneOffset.UTC));
        p.files.put(p.layout.rawBucket(), p.layout.ingestConfig("visit1"), config, "application/json");
        p.files.put(p.layout.rawBucket(), p.layout.uploadedSpecProfile("visit1"), specProfile, "application/fits");
        List<S3EventNotification> events = new ArrayList<>();
        for (int i = 0; i < SimulatedObservation.SEGMENTS; i++) {
            events.add(p.upload(SimulatedObservation.segments().get(i), "visit1", LANDED.plusSeconds(10L * i)));
        }
        Collections.reverse(events);  // later segments wait for the profile (and its model)
        events.forEach(p::send);
        p.drain();

        assertFalse(p.spectraReady.isEmpty(), String.join("\n", p.log));
        SpectraReady done = p.spectraReady.get(0);
        assertTrue(done.productKey().endsWith("_atoca_spectra_fullres.fits"), done.productKey());
        byte[] streamed = p.files.get(p.layout.workBucket(), done.productKey()).orElseThrow();
        byte[] batched = Files.readAllBytes(batch.spectra());
        assertEquals(Path.of(done.productKey()).getFileName(), batch.spectra().getFileName());
        assertArrayEquals(FitsBytes.blank(batched, "DATE").bytes(), FitsBytes.blank(streamed, "DATE").bytes(),
                "stream product differs from the batch product beyond DATE");
        Header header = SpectraFitsReader.read(batch.spectra()).primary();
        assertEquals("atoca", header.getStringValue("METHOD").trim());
        assertEquals("uploaded specprofile.fits", header.getStringValue("SPECPROF").trim());
        assertEquals(4e-17, header.getDoubleValue("TIKFAC1"), 0, "the config's factor is used");

        String obs = batch.profile().observationId();
        String estimate = p.layout.product(obs, obs + "_soss_estimate.fits");
        assertArrayEquals(Files.readAllBytes(dir.resolve("batch").resolve(obs + "_soss_estimate.fits")),
                p.files.get(p.layout.workBucket(), estimate).orElseThrow());
        assertArrayEquals(Files.readAllBytes(dir.resolve("batch").resolve("atoca_decontamination.png")),
                p.files.get(p.layout.workBucket(), p.layout.plot(obs, "atoca_decontamination.png")).orElseThrow());
        assertArrayEquals(Files.readAllBytes(specProfile),
                p.files.get(p.layout.workBucket(), p.layout.specProfile(obs)).orElseThrow());
        // the model is computed once and stored once; profile-ready names the specprofile
        assertEquals(1, p.store.puts.get(p.layout.workBucket() + "/" + p.layout.atocaModel(obs)));
        assertTrue(p.published.stream().filter(e -> e instanceof ProfileReady).map(e -> (ProfileReady) e)
                .allMatch(e -> p.layout.specProfile(obs).equals(e.specProfileKey())));
    }
}
