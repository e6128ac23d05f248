package io.sossstream.e2e;

import io.sossstream.events.SpectraReady;
import io.sossstream.events.Topics;
import io.sossstream.ingest.Ingest;
import io.sossstream.localstack.LocalStack;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * extract-service killed (SIGKILL) while it is provably extracting (it logged the start of the profile-ready record
 * and not every segment's spectra are stored) and restarted: the broker redelivers that record to the new process,
 * the observation completes, the product equals the batch product, and nothing of it went to the dead-letter topic;
 * the scratch folders the killed process left are gone once the new one is ready.
 */
class ServiceRestartTest {
    private static final String STARTED = "event=start step=profile-ready source=";

    @TempDir
    Path tmp;

    @Test
    void killedExtractServiceLosesNothing() throws Exception {
        LocalStack stack = E2eStack.get();
        SimulatedObservation obs = SimulatedObservation.simulate(tmp, "jw09002001001_04101_00001", 12);
        Path log = stack.serviceLog("extract-service");
        try (TopicReader ready = new TopicReader(stack, Topics.SPECTRA_READY);
             TopicReader dead = new TopicReader(stack, Topics.DEAD_LETTER);
             Ingest ingest = SimulatedObservation.ingest(stack);
             MinioObjectStore store = stack.objectStore()) {
            long t0 = System.currentTimeMillis();
            long before = Files.exists(log) ? Files.size(log) : 0;
            for (Path segment : obs.segments()) {
                ingest.upload(segment, obs.folder()); // they wait for the profile; its record extracts them all
            }
            String source = awaitStart(log, before, EndToEndTest.TIMEOUT);
            stack.killService("extract-service");
            long extracted = store.list(ObjectLayout.defaults().workBucket(), "observations/" + obs.observationId()
                    + "/spectra/").size();
            assertTrue(extracted < SimulatedObservation.SEGMENTS, "killed after " + source + " was done ("
                    + extracted + " segments extracted): the kill did not interrupt work");
            long afterKill = Files.size(log);
            // what the kill left in the service's work dir, and a planted leftover so that the check never passes
            // for want of one (the kill may come before the scratch folder is made)
            Path workDir = stack.stateDir().resolve("work").resolve("extract-service");
            Files.writeString(Files.createDirectories(workDir.resolve("soss-planted/raw-0")).resolve("seg.fits"), "x");
            List<Path> leftovers = scratchFolders(workDir);
            long down = System.nanoTime();
            stack.startService("extract-service");
            System.out.printf("e2e: extract-service killed %d/%d segments into %s and back (ready) in %.1f s%n",
                    extracted, SimulatedObservation.SEGMENTS, source, (System.nanoTime() - down) / 1e9);
            List<Path> kept = leftovers.stream().filter(Files::exists).toList();
            System.out.printf("e2e: scratch folders left by the kill (one planted): %d, after the restart: %d%n",
                    leftovers.size(), kept.size());
            assertEquals(List.of(), kept, "scratch folders of the killed process not cleared at start-up");

            SpectraReady done = TopicReader.awaitSpectraReady(stack, ready, obs, EndToEndTest.TIMEOUT);
            EndToEndTest.report("kill+restart", obs, t0, System.currentTimeMillis(), done);
            assertTrue(linesFrom(log, afterKill).stream().anyMatch(l -> l.contains(STARTED + source + " ")),
                    "the restarted service must get " + source + " again (redelivery)");
            Path product = EndToEndTest.download(stack, done.productKey(), tmp.resolve("stream"));
            assertEquals(List.of(), FitsCompare.differences(product, obs.batchProduct(tmp.resolve("batch")),
                    EndToEndTest.IGNORED));
            List<String> lost = dead.drain(Duration.ofSeconds(3)).stream()
                    .filter(r -> TopicReader.ofObservation(r, obs))
                    .map(r -> r.key() + ": " + TopicReader.reason(r)).toList();
            assertEquals(List.of(), lost, "dead letters of the observation");
        }
    }

    /** Waits for extract-service to log the start of a profile-ready record; returns its source (topic/partition/offset). */
    private static String awaitStart(Path log, long from, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (String line : linesFrom(log, from)) {
                int at = line.indexOf(STARTED);
                if (at >= 0) {
                    String rest = line.substring(at + STARTED.length());
                    return rest.substring(0, rest.indexOf(" key="));
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("extract-service never started a profile-ready record; see " + log);
    }

    private static List<Path> scratchFolders(Path workDir) throws Exception {
        try (var s = Files.list(workDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("soss-")).toList();
        }
    }

    private static List<String> linesFrom(Path log, long offset) throws Exception {
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(offset, all.length);
        return List.of(new String(all, from, all.length - from, StandardCharsets.UTF_8).split("\n"));
    }
}
