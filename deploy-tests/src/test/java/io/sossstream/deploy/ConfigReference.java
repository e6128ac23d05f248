package io.sossstream.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration reference table of deploy/README.md (section "Configuration reference"): the one list of
 * config keys an operator may set. Rows: {@code | `config.key` | `ENV_NAME` | services | default | meaning |}.
 */
final class ConfigReference {
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*`([^`]+)`\\s*\\|\\s*([^|]*)\\|");

    /** A documented key, its env-var form as written in the table, and the services named in the row. */
    record Entry(String key, String env, String services) {
    }

    private ConfigReference() {
    }

    /** Documented keys by env-var name, in table order. */
    static Map<String, Entry> byEnvName() {
        String readme = Project.read(Project.deploy().resolve("README.md"));
        int start = readme.indexOf("## Configuration reference");
        if (start < 0) {
            throw new AssertionError("deploy/README.md has no '## Configuration reference' section");
        }
        int end = readme.indexOf("\n## ", start + 5);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            Matcher m = ROW.matcher(line.trim());
            if (m.find()) {
                entries.put(m.group(2), new Entry(m.group(1), m.group(2), m.group(3).trim()));
            }
        }
        if (entries.isEmpty()) {
            throw new AssertionError("the configuration reference table of deploy/README.md has no rows");
        }
        return entries;
    }
}
