package io.sossstream.deploy;

import io.sossstream.ingest.Ingest;
import io.sossstream.ingest.KafkaEventPublisher;
import io.sossstream.localstack.LocalStack;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.storage.MinioObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The deployment's promises on the real services: the local stack (Kafka KRaft + S3Proxy) and the four packaged
 * services, one bad segment and a simulated 4-segment observation ingested one segment at a time. (1) The status
 * page of formatter-service, opened in headless Chromium, draws the white-light curve of one, two, then three
 * segments as they are extracted (the fourth is held back, so the observation cannot finish in between), then shows
 * the observation done with its product plots, and the bad segment's observation failed; screenshots of each step
 * are saved as target/status-page-*.png. (2) Every metric name the Grafana dashboard and the alert rules use is
 * exported on /q/metrics (except {@code up}, which Prometheus itself writes per target). (3) No process of the stack
 * shows the object store's secret on its command line.
 * Fails, never skips, when a service is not packaged or Chromium is missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunningPipelineTest {
    /** Written by Prometheus for every scrape target, not by the services. */
    static final Set<String> PROMETHEUS_SYNTHETIC = Set.of("up");
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** How long the observation may take to reach done; -Dsoss.pipeline.timeout=PT20M on a slow machine. */
    static final Duration PIPELINE_TIMEOUT = Duration.parse(System.getProperty("soss.pipeline.timeout", "PT10M"));
    private static final Pattern ROW = Pattern.compile("(?is)<tr\\b.*?</tr>");

    static Path work;
    static LocalStack stack;
    static final List<ServiceProcess> services = new ArrayList<>();
    static String observationId;
    static List<Path> segments;
    /** The observation of the bad segment, named as its file name names it. */
    static final String FAILED_OBSERVATION = "jw09999001001_04101_00001_nis";
    static final int SEGMENTS = 4;

    @BeforeAll
    static void startPipeline() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String s : Project.SERVICES) {
            ServiceProcess.jar(s); // fail first, clearly, when a service is not packaged
            ports.put(s, ServiceConfig.of(s).httpPort());
        }
        work = Project.root().resolve("deploy-tests/target/running-pipeline");
        deleteTree(work);
        stack = LocalStack.startForTests(work.resolve("stack"));
        for (String s : Project.SERVICES) {
            Map<String, String> config = new LinkedHashMap<>(stack.connectionProperties());
            config.put("soss.work-dir", work.resolve("work").resolve(s).toString());
            services.add(ServiceProcess.start(s, ports.get(s), config, stack.credentialsEnvironment(),
                    work.resolve("logs").resolve(s + ".log")));
        }
        for (ServiceProcess p : services) {
            p.awaitReady(START_TIMEOUT);
        }
        // integrations long enough that the few of the test span the 2.8 h transit with some baseline (as the demo)
        SimulationOptions options = SimulationOptions.defaults().withSegments(SEGMENTS, 8)
                .withIntegrationTime(5.0 * 3600 / (SEGMENTS * 8));
        Path sim = work.resolve("simulated");
        segments = Simulator.run(options, sim, (task, done, total) -> { })
                .stream().filter(f -> f.toString().endsWith(".fits")).sorted().toList();
        assertEquals(SEGMENTS, segments.size());
        observationId = new Simulator(options).header(1).observationId();
        Path bad = work.resolve("bad").resolve("jw09999001001_04101_00001-seg001_nis_calints.fits");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "this is not a FITS file\n".repeat(200));
        ingest(bad);
    }

    /** Segments already ingested: each test may ingest what it needs, whatever ran (or failed) before it. */
    static final Set<Path> ingested = new java.util.HashSet<>();

    static void ingest(Path segment) {
        if (!ingested.add(segment)) {
            return;
        }
        try (MinioObjectStore store = stack.objectStore();
             Ingest ingest = new Ingest(store, new KafkaEventPublisher(stack.bootstrapServers()))) {
            ingest.ingest(List.of(segment), segment.getParent().getFileName().toString(), null);
        }
    }

    @AfterAll
    static void stopPipeline() {
        for (ServiceProcess p : services) {
            p.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void statusPageDrawsTheWhiteLightCurveGrowingSegmentBySegmentThenTheProductAndTheFailureInChromium()
            throws Exception {
        String url = service("formatter-service").url("/status");
        Path target = Project.root().resolve("deploy-tests/target");
        Chromium chromium = Chromium.find(work.resolve("chromium"));
        for (int n = 1; n < SEGMENTS; n++) {
            ingest(segments.get(n - 1));
            int expected = n;
            String row = awaitRow(chromium, url, observationId, r -> drawnSegments(r) >= expected,
                    "the white-light curve of " + n + " segment(s)");
            assertEquals(n, drawnSegments(row), text(row));
            assertTrue(row.contains("<svg class=\"white-light\" data-segments=\"" + n + "\""), row);
            for (int s = 1; s <= n; s++) {
                assertTrue(row.contains("seg00" + s + " extracted"), "segment " + s + " extracted: " + text(row));
            }
            screenshot(chromium, url, target.resolve("status-page-" + n + "-segment" + (n > 1 ? "s" : "") + ".png"));
        }
        HttpResponse<String> series = service("formatter-service").get("/api/observations/" + observationId
                + "/white-light");
        assertTrue(series != null && series.statusCode() == 200, "GET white-light: " + series);
        assertEquals(SEGMENTS - 1, series.body().split("\"segmentNumber\"", -1).length - 1, series.body());

        ingest(segments.get(SEGMENTS - 1));
        String done = awaitRow(chromium, url, observationId, r -> r.contains("<span class=\"state ok\">done</span>"),
                "done");
        assertTrue(done.contains("plots/white_light_curve.png\""), "the product's white-light plot: " + done);
        assertTrue(done.contains("plots/stellar_spectrum.png\""), done);
        assertTrue(done.contains("_box_spectra_fullres.fits"), "a link to the product: " + done);
        String failed = awaitRow(chromium, url, FAILED_OBSERVATION,
                r -> r.contains("<span class=\"state failed\">failed</span>"), "the bad segment's observation failed");
        assertTrue(failed.contains("jw09999001001_04101_00001-seg001_nis_calints.fits"),
                "the reason names the bad object: " + text(failed));
        screenshot(chromium, url, target.resolve("status-page.png"));
    }

    /** Polls the page until the row of {@code observation} passes {@code test}; fails with the row after the timeout. */
    private static String awaitRow(Chromium chromium, String url, String observation,
            java.util.function.Predicate<String> test, String what) throws InterruptedException {
        long end = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
        String row = "";
        while (System.nanoTime() < end) {
            row = row(chromium.dumpDom(url), observation);
            if (test.test(row)) {
                return row;
            }
            Thread.sleep(1000);
        }
        return fail("after " + PIPELINE_TIMEOUT + " the status page " + url + " does not show " + what + " for "
                + observation + "; its row: " + text(row) + "\nlogs: " + work.resolve("logs"));
    }

    /** Segments drawn in the row's white-light chart. */
    static int drawnSegments(String row) {
        return row.split("<g class=\"segment\"", -1).length - 1;
    }

    private static void screenshot(Chromium chromium, String url, Path png) throws IOException {
        Files.deleteIfExists(png);
        chromium.screenshot(url, png, 1400, 1100);
        byte[] head = new byte[8];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, "PNG signature");
        assertTrue(Files.size(png) > 5_000, "screenshot of a real page: " + Files.size(png) + " bytes");
    }

    @Test
    @Order(2)
    void everyMetricOfTheDashboardAndAlertsIsExported() throws Exception {
        Set<String> used = PromQl.usedMetricNames();
        used.removeAll(PROMETHEUS_SYNTHETIC);
        // The end-to-end latency is recorded when an observation finishes: this test does not rely on the page test
        // before it having completed the observation.
        segments.forEach(RunningPipelineTest::ingest);
        // Counters with labels appear at their first increment: give the bad segment time to be dead-lettered,
        // the observation time to finish.
        Set<String> missing = new TreeSet<>(used);
        Map<String, Set<String>> exported = new LinkedHashMap<>();
        long end = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
        while (true) {
            Set<String> all = new TreeSet<>();
            for (ServiceProcess p : services) {
                HttpResponse<String> r = p.get("/q/metrics");
                assertTrue(r != null && r.statusCode() == 200, p.module + ": GET /q/metrics");
                Set<String> names = exportedNames(r.body());
                exported.put(p.module, names);
                all.addAll(names);
            }
            missing = new TreeSet<>(used);
            missing.removeAll(all);
            if (missing.isEmpty() || System.nanoTime() > end) {
                break;
            }
            Thread.sleep(5000);
        }
        assertEquals(Set.of(), missing, "metric names used by deploy/base/monitoring but exported by no service; "
                + "exported soss_*: " + sossNames(exported));
    }

    @Test
    @Order(3)
    void noCommandLineShowsTheObjectStoreSecret() throws IOException {
        List<String> commandLines = new ArrayList<>();
        for (ProcessHandle h : ProcessHandle.current().descendants().toList()) {
            Path cmdline = Path.of("/proc", Long.toString(h.pid()), "cmdline");
            // what ps shows; the JDK's view where there is no /proc
            commandLines.add(Files.isReadable(cmdline) ? new String(Files.readAllBytes(cmdline),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ') : h.info().commandLine().orElse(""));
        }
        assertTrue(commandLines.stream().filter(c -> c.contains("quarkus-run.jar")).count() >= Project.SERVICES.size(),
                "the services run: " + commandLines);
        for (String c : commandLines) {
            assertTrue(!c.contains(stack.secretKey()), "secret key on a command line: " + c);
        }
    }

    /** Metric names of a Prometheus text exposition (sample lines). */
    static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int cut = line.length();
            for (char c : new char[] {'{', ' '}) {
                int i = line.indexOf(c);
                if (i >= 0) {
                    cut = Math.min(cut, i);
                }
            }
            names.add(line.substring(0, cut));
        }
        return names;
    }

    private static Map<String, List<String>> sossNames(Map<String, Set<String>> exported) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        exported.forEach((k, v) -> out.put(k, v.stream().filter(n -> n.startsWith("soss_")).toList()));
        return out;
    }

    /** The table row of {@code observation}, or "" when the page has no such row. */
    static String row(String dom, String observation) {
        Matcher m = ROW.matcher(dom);
        while (m.find()) {
            if (m.group().contains("data-observation=\"" + observation + "\"")) {
                return m.group();
            }
        }
        // The id on the page but in no table row: not the observation's state, whatever else the page says.
        return "";
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    }

    private static ServiceProcess service(String module) {
        return services.stream().filter(p -> p.module.equals(module)).findFirst().orElseThrow();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
