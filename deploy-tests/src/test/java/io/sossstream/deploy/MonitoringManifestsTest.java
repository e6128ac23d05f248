package io.sossstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scrape configuration, dashboard and alert rules, statically (the running check is in RunningPipelineTest). */
class MonitoringManifestsTest {

    @ParameterizedTest
    @MethodSource("io.sossstream.deploy.ManifestValidityTest#overlays")
    void serviceMonitorScrapesEveryServiceOnItsHttpPort(Overlay o) {
        JsonNode spec = o.single("ServiceMonitor").raw().path("spec");
        JsonNode endpoint = spec.path("endpoints").get(0);
        assertEquals("/q/metrics", endpoint.path("path").asText());
        String portName = endpoint.path("port").asText();
        @SuppressWarnings("unchecked")
        Map<String, String> selector = new com.fasterxml.jackson.databind.ObjectMapper()
                .convertValue(spec.path("selector").path("matchLabels"), Map.class);
        int selected = 0;
        for (Service s : o.all(Service.class)) {
            boolean match = s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet());
            boolean isService = Project.SERVICES.contains(s.getMetadata().getName());
            assertEquals(isService, match, o + ": ServiceMonitor selects " + s.getMetadata().getName() + ": " + match);
            if (match) {
                assertTrue(s.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(portName)),
                        s.getMetadata().getName() + " has no port named " + portName);
                selected++;
            }
        }
        assertEquals(Project.SERVICES.size(), selected);
    }

    @Test
    void dashboardCoversThePipelineOverview() {
        List<String> exprs = PromQl.dashboardExpressions();
        assertTrue(exprs.size() >= 10, "panels with queries: " + exprs.size());
        Set<String> names = PromQl.usedMetricNames();
        for (String required : List.of("soss_backlog_segments", "soss_segments_processed_total",
                "soss_processing_seconds_bucket", "soss_dead_letters_total", "kafka_consumer_fetch_manager_records_lag",
                "jvm_memory_used_bytes", "soss_end_to_end_latency_seconds_bucket")) {
            assertTrue(names.contains(required), "the dashboard or rules do not use " + required + ": " + names);
        }
    }

    @Test
    void alertRulesCoverDeadLettersLagAndServiceDown() {
        List<String> exprs = PromQl.ruleExpressions();
        assertTrue(exprs.stream().anyMatch(e -> e.contains("soss_dead_letters_total")), "dead-letter alert");
        assertTrue(exprs.stream().anyMatch(e -> e.contains("kafka_consumer_fetch_manager_records_lag")), "lag alert");
        assertTrue(exprs.stream().anyMatch(e -> e.matches("(?s).*\\bup\\{.*== 0.*")), "service-down alert");
        for (String e : exprs) {
            assertFalse(e.isBlank());
            assertEquals(count(e, '('), count(e, ')'), "unbalanced parentheses: " + e);
        }
    }

    @Test
    void metricNameExtraction() {
        assertEquals(Set.of("soss_processing_seconds_bucket"), PromQl.metricNames(
                "histogram_quantile(0.95, sum by (service, step, le) (rate(soss_processing_seconds_bucket{service=~\"$service\"}[5m])))"));
        assertEquals(Set.of("a_total", "b"), PromQl.metricNames(
                "(sum by (job) (a_total) > 5) and on (job) (b{x=\"y\"} offset 5m == 0) or vector(1e3)"));
        assertEquals(Set.of("up"), PromQl.metricNames("absent(up{job=\"x\"})"));
    }

    private static long count(String s, char c) {
        return s.chars().filter(ch -> ch == c).count();
    }
}
