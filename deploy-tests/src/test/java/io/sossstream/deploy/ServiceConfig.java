package io.sossstream.deploy;

import io.sossstream.stage3.Parameter;
import io.sossstream.stage3.Stage3Parameters;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A service's real configuration, as its module declares it: {@code src/main/resources/application.properties}
 * over service-common's {@code META-INF/microprofile-config.properties} (lower ordinal: the shared connector
 * settings; profile prefixes {@code %prod.} etc. folded: the unprofiled value wins, then {@code %prod};
 * {@code ${key}} expressions expanded), the config keys its Java sources read (and those of service-common), and
 * the Kafka channels that follow from it.
 */
final class ServiceConfig {
    private static final Pattern PROFILE = Pattern.compile("^%([\\w,-]+)\\.(.*)$");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");

    final String module;
    final Path dir;
    /** Effective properties (no profile prefix). */
    final Map<String, String> properties;
    /** Every key of the properties file, profile prefix removed. */
    final java.util.Set<String> propertyKeys;
    /** Text of the Java sources of this module and of service-common. */
    final String sources;
    /** Text of this module's and service-common's pom. */
    final String poms;

    private ServiceConfig(String module, Path dir, Map<String, String> properties, java.util.Set<String> keys,
                          String sources, String poms) {
        this.module = module;
        this.dir = dir;
        this.properties = properties;
        this.propertyKeys = keys;
        this.sources = sources;
        this.poms = poms;
    }

    static ServiceConfig of(String module) {
        Path root = Project.root();
        Path dir = root.resolve(module);
        Path file = dir.resolve("src/main/resources/application.properties");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("no " + file + ": is " + module + " a module of this project?");
        }
        Map<String, String> effective = new LinkedHashMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>();
        Path shared = root.resolve("service-common/src/main/resources/META-INF/microprofile-config.properties");
        if (Files.isRegularFile(shared)) {
            fold(load(shared), effective, keys);
        }
        fold(load(file), effective, keys); // application.properties overrides the shared file
        effective.replaceAll((k, v) -> expand(v, effective));
        StringBuilder src = new StringBuilder();
        StringBuilder poms = new StringBuilder();
        for (Path d : List.of(dir, root.resolve("service-common"))) {
            Path java = d.resolve("src/main/java");
            if (Files.isDirectory(java)) {
                try (Stream<Path> files = Files.walk(java)) {
                    files.filter(f -> f.toString().endsWith(".java")).sorted()
                            .forEach(f -> src.append(Project.read(f)).append('\n'));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (Files.isRegularFile(d.resolve("pom.xml"))) {
                poms.append(Project.read(d.resolve("pom.xml")));
            }
        }
        return new ServiceConfig(module, dir, effective, keys, src.toString(), poms.toString());
    }

    private static Properties load(Path file) {
        Properties raw = new Properties();
        try (var r = new StringReader(Project.read(file))) {
            raw.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return raw;
    }

    /** Adds a file's keys: unprofiled values override earlier ones; %prod values fill what is still unset. */
    private static void fold(Properties raw, Map<String, String> effective, java.util.Set<String> keys) {
        Map<String, String> prod = new LinkedHashMap<>();
        for (String k : raw.stringPropertyNames()) {
            Matcher m = PROFILE.matcher(k);
            if (m.matches()) {
                keys.add(m.group(2));
                if (List.of(m.group(1).split(",")).contains("prod")) {
                    prod.put(m.group(2), raw.getProperty(k).trim());
                }
            } else {
                keys.add(k);
                effective.put(k, raw.getProperty(k).trim());
            }
        }
        prod.forEach(effective::putIfAbsent);
    }

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)}");

    /** ${key} → its value (one level, as the shared file uses it: group.id=${quarkus.application.name}). */
    private static String expand(String value, Map<String, String> props) {
        return EXPRESSION.matcher(value).replaceAll(m -> Matcher.quoteReplacement(
                props.getOrDefault(m.group(1), m.group())));
    }

    static List<ServiceConfig> all() {
        List<ServiceConfig> list = new ArrayList<>();
        for (String s : Project.SERVICES) {
            list.add(of(s));
        }
        return list;
    }

    /** quarkus.http.port from application.properties; fails when the file does not set it. */
    int httpPort() {
        String p = properties.get("quarkus.http.port");
        if (p == null) {
            throw new AssertionError(module + "/src/main/resources/application.properties sets no quarkus.http.port;"
                    + " the manifests need the service's fixed port");
        }
        return Integer.parseInt(p);
    }

    Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /**
     * Whether this service reads {@code key}: it is in application.properties, a string literal in the sources
     * (e.g. {@code @ConfigProperty(name = "soss.s3.endpoint")}), a Stage 3 parameter's property
     * ({@code soss.teff}: service-common reads the whole {@link Stage3Parameters} block), a {@code @ConfigMapping(prefix = ...)} member (every
     * path segment after the prefix is a method name in camel case, or a {@code @WithName}), or
     * {@code kafka.bootstrap.servers} of a service built on Quarkus Messaging Kafka (which reads that key).
     */
    boolean reads(String key) {
        if (propertyKeys.contains(key) || sources.contains("\"" + key + "\"")) {
            return true;
        }
        // service-common reads every parameter of the Stage 3 block under its property name (PipelineContext)
        if (sources.contains("Stage3Options.fromSettings(") && Stage3Parameters.find(Parameter.Place.SERVICE, key).isPresent()) {
            return true;
        }
        if (key.startsWith("kafka.") && poms.contains("quarkus-messaging-kafka")
                && KAFKA_CLIENT_KEYS.contains(key.substring("kafka.".length()))) {
            return true; // Quarkus hands every kafka.* key to each channel's Kafka client
        }
        Matcher m = CONFIG_MAPPING.matcher(sources);
        while (m.find()) {
            String prefix = m.group(1);
            if (key.startsWith(prefix + ".")) {
                boolean all = true;
                for (String segment : key.substring(prefix.length() + 1).split("\\.")) {
                    all &= sources.contains(camel(segment) + "(") || sources.contains("@WithName(\"" + segment + "\")");
                }
                if (all) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Configuration keys of Kafka's consumer and producer (kafka-clients' own definitions). */
    static final java.util.Set<String> KAFKA_CLIENT_KEYS = kafkaClientKeys();

    private static java.util.Set<String> kafkaClientKeys() {
        java.util.Set<String> keys = new java.util.TreeSet<>(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        keys.addAll(org.apache.kafka.clients.producer.ProducerConfig.configNames());
        return java.util.Collections.unmodifiableSet(keys);
    }

    /** One Kafka channel of the service (SmallRye Reactive Messaging): direction, topic, and for incoming ones the
     * consumer group and the dead-letter topic of its failure strategy (null when it has none). */
    record Channel(boolean incoming, String name, String topic, String group, String deadLetterTopic) {
    }

    /** The service's Kafka channels, with connector-wide defaults applied as SmallRye does. */
    List<Channel> channels() {
        List<Channel> channels = new ArrayList<>();
        for (String dir : List.of("incoming", "outgoing")) {
            String prefix = "mp.messaging." + dir + ".";
            java.util.Set<String> names = new java.util.TreeSet<>();
            for (String k : properties.keySet()) {
                if (k.startsWith(prefix) && k.endsWith(".connector")
                        && properties.get(k).equals("smallrye-kafka")) {
                    names.add(k.substring(prefix.length(), k.length() - ".connector".length()));
                }
            }
            for (String n : names) {
                String topic = channelValue(prefix + n, "topic").orElse(n);
                if (dir.equals("incoming")) {
                    String group = channelValue(prefix + n, "group.id").or(() -> property("kafka.group.id"))
                            .or(() -> property("quarkus.application.name")).orElseThrow(
                                    () -> new AssertionError(module + ": channel " + n + " has no consumer group"));
                    String dlq = channelValue(prefix + n, "failure-strategy").orElse("fail")
                            .equals("dead-letter-queue")
                            ? channelValue(prefix + n, "dead-letter-queue.topic").orElse("dead-letter-topic-" + n)
                            : null;
                    channels.add(new Channel(true, n, topic, group, dlq));
                } else {
                    channels.add(new Channel(false, n, topic, null, null));
                }
            }
        }
        return channels;
    }

    /** A channel attribute: the channel's own value, else the smallrye-kafka connector's. */
    private Optional<String> channelValue(String channelPrefix, String attribute) {
        return property(channelPrefix + "." + attribute)
                .or(() -> property("mp.messaging.connector.smallrye-kafka." + attribute));
    }

    /** width-order1 → widthOrder1 (SmallRye's kebab-case naming of @ConfigMapping members). */
    static String camel(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-' || c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    /** The environment-variable form of a config key (MicroProfile Config): upper case, non-alphanumerics → '_'. */
    static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
