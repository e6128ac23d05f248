package io.sossstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Metric names in PromQL expressions, and the expressions of the dashboard and the alert rules. */
final class PromQl {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {
    }

    /**
     * The metric names an expression selects: identifiers that are not functions (followed by '('), keywords,
     * labels (inside {...} or after by/without/on/ignoring), durations, numbers or Grafana variables.
     */
    static Set<String> metricNames(String expr) {
        String s = expr
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")     // string literals
                .replaceAll("\\$\\{?\\w+}?", "")                    // Grafana variables
                .replaceAll("\\{[^}]*}", "")                         // label matchers
                .replaceAll("\\[[^]]*]", "")                         // ranges, subqueries
                .replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String id = m.group();
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            boolean call = next < s.length() && s.charAt(next) == '(';
            boolean partOfNumber = m.start() > 0 && (Character.isDigit(s.charAt(m.start() - 1)) || s.charAt(m.start() - 1) == '.');
            if (!call && !partOfNumber && !KEYWORDS.contains(id.toLowerCase())) {
                names.add(id);
            }
        }
        return names;
    }

    /** Every target expression of the Grafana dashboard (panels and rows' nested panels). */
    static List<String> dashboardExpressions() {
        try {
            JsonNode dash = new ObjectMapper().readTree(Project.deploy()
                    .resolve("base/monitoring/grafana-dashboard-soss-pipeline.json").toFile());
            List<String> exprs = new ArrayList<>();
            collect(dash.path("panels"), exprs);
            return exprs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode panels, List<String> out) {
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) {
                if (t.hasNonNull("expr")) {
                    out.add(t.path("expr").asText());
                }
            }
            collect(p.path("panels"), out);
        }
    }

    /** Every rule expression of every PrometheusRule. */
    static List<String> ruleExpressions() {
        List<String> exprs = new ArrayList<>();
        for (Manifests.Doc rule : Manifests.baseKind("PrometheusRule")) {
            for (JsonNode g : rule.raw().path("spec").path("groups")) {
                for (JsonNode r : g.path("rules")) {
                    exprs.add(r.path("expr").asText());
                }
            }
        }
        return exprs;
    }

    /** Metric names used by the dashboard and the rules. */
    static Set<String> usedMetricNames() {
        Set<String> names = new TreeSet<>();
        dashboardExpressions().forEach(e -> names.addAll(metricNames(e)));
        ruleExpressions().forEach(e -> names.addAll(metricNames(e)));
        return names;
    }
}
