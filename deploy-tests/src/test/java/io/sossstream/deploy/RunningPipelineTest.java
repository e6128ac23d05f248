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
 * services, a simulated 3-segment observation and one bad segment ingested. (1) The status page of
 * formatter-service, opened in headless Chromium, shows the observation done; its screenshot is saved as
 * target/status-page.png. (2) Every metric name the Grafana dashboard and the alert rules use is exported on
 * /q/metrics (except {@code up}, which Prometheus itself writes per target).
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
        SimulationOptions options = SimulationOptions.defaults().withSegments(3, 8);
        Path sim = work.resolve("simulated");
        List<Path> segments = Simulator.run(options, sim, (task, done, total) -> { })
                .stream().filter(f -> f.toString().endsWith(".fits")).toList();
        assertEquals(3, segments.size());
        observationId = new Simulator(options).header(1).observationId();
        Path bad = work.resolve("bad").resolve("jw09999001001_04101_00001-seg001_nis_calints.fits");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "this is not a FITS file\n".repeat(200));
        try (MinioObjectStore store = stack.objectStore();
             Ingest ingest = new Ingest(store, new KafkaEventPublisher(stack.bootstrapServers()))) {
            ingest.ingest(List.of(bad), "bad", null);
            ingest.ingest(segments, "simulated", null);
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
    void statusPageShowsTheObservationDoneInChromium() throws Exception {
        ServiceProcess formatter = service("formatter-service");
        String url = formatter.url("/status");
        Path png = Project.root().resolve("deploy-tests/target/status-page.png");
        Files.deleteIfExists(png);
        Chromium chromium = Chromium.find(work.resolve("chromium"));
        long end = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
        String row = "";
        while (System.nanoTime() < end) {
            row = observationRow(chromium.dumpDom(url));
            if (row.matches("(?is).*\\bdone\\b.*")) {
                break;
            }
            Thread.sleep(3000);
        }
        chromium.screenshot(url, png, 1280, 900);
        if (!row.matches("(?is).*\\bdone\\b.*")) {
            fail("after " + PIPELINE_TIMEOUT + " the status page " + url + " does not show " + observationId
                    + " done (screenshot " + png + "); its row: " + text(row) + "\nlogs: " + work.resolve("logs"));
        }
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
        // Counters with labels appear at their first increment: give the bad segment time to be dead-lettered.
        Set<String> missing = new TreeSet<>(used);
        Map<String, Set<String>> exported = new LinkedHashMap<>();
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
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

    /** The table row naming the observation, or the whole page when the page has no such row. */
    static String observationRow(String dom) {
        if (!dom.contains(observationId)) {
            return "";
        }
        Matcher m = ROW.matcher(dom);
        while (m.find()) {
            if (m.group().contains(observationId)) {
                return m.group();
            }
        }
        return dom;
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
