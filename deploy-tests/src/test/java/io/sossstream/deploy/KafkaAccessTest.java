package io.sossstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sossstream.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka with authentication and least privilege, in every rendered overlay: the listener the services use
 * authenticates (SCRAM-SHA-512) and authorizes (simple ACLs); each service connects as its own KafkaUser with the
 * protocol and mechanism the listener speaks (checked by kafka-clients' own definitions) and the credentials of
 * Strimzi's user Secret; each user's ACLs are exactly what the service's channels need, derived from its
 * application.properties and the shared connector settings; MinIO's notification target and KEDA's lag reader
 * authenticate too. Negative cases: removing the user, the listener's authentication, a service's credentials or
 * an ACL is reported.
 */
class KafkaAccessTest {
    static final String JAAS_ENV = "KAFKA_SASL_JAAS_CONFIG";

    static List<Overlay> overlays() {
        return Overlay.all();
    }

    /** One ACL entry, one operation: "topic soss.segments Read". */
    record Acl(String type, String name, String operation) implements Comparable<Acl> {
        @Override
        public int compareTo(Acl o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return type + " " + name + " " + operation;
        }
    }

    /** What a service's channels do on Kafka, as ACLs: consume (Read, Describe + group Read), produce (Write, Describe). */
    static TreeSet<Acl> requiredAcls(ServiceConfig service) {
        TreeSet<Acl> acls = new TreeSet<>();
        for (ServiceConfig.Channel c : service.channels()) {
            if (c.incoming()) {
                acls.add(new Acl("topic", c.topic(), "Read"));
                acls.add(new Acl("topic", c.topic(), "Describe"));
                acls.add(new Acl("group", c.group(), "Read"));
                if (c.deadLetterTopic() != null) {
                    acls.add(new Acl("topic", c.deadLetterTopic(), "Write"));
                    acls.add(new Acl("topic", c.deadLetterTopic(), "Describe"));
                }
            } else {
                acls.add(new Acl("topic", c.topic(), "Write"));
                acls.add(new Acl("topic", c.topic(), "Describe"));
            }
        }
        return acls;
    }

    static TreeSet<Acl> grantedAcls(Overlay.Obj user) {
        TreeSet<Acl> acls = new TreeSet<>();
        for (JsonNode a : user.raw().path("spec").path("authorization").path("acls")) {
            JsonNode r = a.path("resource");
            String name = r.path("name").asText();
            String pattern = r.path("patternType").asText("literal");
            String shown = pattern.equals("literal") ? name : name + " (" + pattern + ")";
            List<String> ops = new ArrayList<>();
            a.path("operations").forEach(op -> ops.add(op.asText()));
            if (a.has("operation")) {
                ops.add(a.path("operation").asText());
            }
            ops.forEach(op -> acls.add(new Acl(r.path("type").asText(), shown, op)));
        }
        return acls;
    }

    /** Everything wrong with Kafka access in an overlay (empty when none). */
    static List<String> problems(Overlay o) {
        List<String> problems = new ArrayList<>();
        Overlay.Obj kafka = o.single("Kafka");
        JsonNode spec = kafka.raw().path("spec");
        String bootstrap = o.get(ConfigMap.class, "soss-config").getData()
                .get("KAFKA_BOOTSTRAP_SERVERS");
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        JsonNode listener = null;
        for (JsonNode l : spec.path("kafka").path("listeners")) {
            if (l.path("port").asInt() == port) {
                listener = l;
            }
        }
        if (listener == null) {
            return List.of("no Kafka listener on the bootstrap port " + port);
        }
        String auth = listener.path("authentication").path("type").asText("");
        if (!auth.equals("scram-sha-512")) {
            problems.add("listener " + listener.path("name").asText() + " (port " + port
                    + ") does not authenticate with SCRAM-SHA-512 (authentication: '" + auth + "')");
        }
        boolean tls = listener.path("tls").asBoolean(false);
        String protocol = tls ? "SASL_SSL" : "SASL_PLAINTEXT";
        if (!spec.path("kafka").path("authorization").path("type").asText("").equals("simple")) {
            problems.add("Kafka " + kafka.name() + " has no authorization (type simple): ACLs would not apply");
        }
        if (!spec.path("entityOperator").has("userOperator")) {
            problems.add("Kafka " + kafka.name() + " runs no User Operator: no KafkaUser gets credentials");
        }

        for (String service : Project.SERVICES) {
            Map<String, EnvVar> env = o.env(o.container(service));
            String where = o + " " + service + ": ";
            expectValue(env, "KAFKA_SECURITY_PROTOCOL", protocol, where, problems);
            expectValue(env, "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", where, problems);
            kafkaClientAccepts(env, where, problems);
            Optional<SecretKeySelector> jaas = secretRef(env, JAAS_ENV);
            if (jaas.isEmpty() || !jaas.get().getKey().equals("sasl.jaas.config")) {
                problems.add(where + JAAS_ENV + " must come from key sasl.jaas.config of its KafkaUser's Secret");
                continue;
            }
            String userName = jaas.get().getName();
            Optional<Overlay.Obj> user = o.find("KafkaUser", userName);
            if (user.isEmpty()) {
                problems.add(where + "no KafkaUser " + userName + " (the Secret of " + JAAS_ENV + ")");
                continue;
            }
            checkUser(user.get(), kafka.name(), where, problems);
            TreeSet<Acl> required = requiredAcls(ServiceConfig.of(service));
            TreeSet<Acl> granted = grantedAcls(user.get());
            if (!granted.equals(required)) {
                problems.add(where + "KafkaUser " + userName + " ACLs differ from what its channels need:"
                        + " missing " + minus(required, granted) + ", superfluous " + minus(granted, required));
            }
        }
        minio(o, bootstrap, kafka.name(), problems);
        keda(o, kafka.name(), tls, problems);
        return problems;
    }

    private static void minio(Overlay o, String bootstrap, String cluster, List<String> problems) {
        Container c = o.get(StatefulSet.class, "minio").getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, EnvVar> env = o.env(c);
        for (String enable : env.keySet().stream().filter(k -> k.startsWith("MINIO_NOTIFY_KAFKA_ENABLE_")).toList()) {
            String id = enable.substring("MINIO_NOTIFY_KAFKA_ENABLE_".length());
            String where = o + " minio (notification target " + id + "): ";
            expectValue(env, "MINIO_NOTIFY_KAFKA_BROKERS_" + id, bootstrap, where, problems);
            expectValue(env, "MINIO_NOTIFY_KAFKA_SASL_" + id, "on", where, problems);
            expectValue(env, "MINIO_NOTIFY_KAFKA_SASL_MECHANISM_" + id, "sha512", where, problems);
            EnvVar username = env.get("MINIO_NOTIFY_KAFKA_SASL_USERNAME_" + id);
            Optional<SecretKeySelector> password = secretRef(env, "MINIO_NOTIFY_KAFKA_SASL_PASSWORD_" + id);
            if (username == null || username.getValue() == null || password.isEmpty()) {
                problems.add(where + "SASL username (literal) and password (Secret) must both be set");
                continue;
            }
            Optional<Overlay.Obj> user = o.find("KafkaUser", username.getValue());
            if (user.isEmpty()) {
                problems.add(where + "no KafkaUser " + username.getValue());
                continue;
            }
            if (!password.get().getName().equals(username.getValue()) || !password.get().getKey().equals("password")) {
                problems.add(where + "the password must be key password of Strimzi's Secret " + username.getValue());
            }
            checkUser(user.get(), cluster, where, problems);
            String topic = env.get("MINIO_NOTIFY_KAFKA_TOPIC_" + id).getValue();
            TreeSet<Acl> required = new TreeSet<>(Set.of(new Acl("topic", topic, "Write"),
                    new Acl("topic", topic, "Describe")));
            if (!grantedAcls(user.get()).equals(required)) {
                problems.add(where + "KafkaUser " + username.getValue() + " ACLs " + grantedAcls(user.get())
                        + ", needs exactly " + required);
            }
        }
    }

    private static void keda(Overlay o, String cluster, boolean tls, List<String> problems) {
        for (Overlay.Obj scaled : o.kind("ScaledObject")) {
            for (JsonNode trigger : scaled.raw().path("spec").path("triggers")) {
                if (!trigger.path("type").asText().equals("kafka")) {
                    continue;
                }
                String where = o + " ScaledObject " + scaled.name() + ": ";
                JsonNode md = trigger.path("metadata");
                if (!md.path("sasl").asText().equals("scram_sha512")) {
                    problems.add(where + "trigger metadata sasl must be scram_sha512, is '" + md.path("sasl").asText() + "'");
                }
                if (!md.path("tls").asText().equals(tls ? "enable" : "disable")) {
                    problems.add(where + "trigger metadata tls must say whether the listener uses TLS");
                }
                String authName = trigger.path("authenticationRef").path("name").asText("");
                Optional<Overlay.Obj> auth = o.find("TriggerAuthentication", authName);
                if (auth.isEmpty()) {
                    problems.add(where + "no TriggerAuthentication '" + authName + "' (trigger authenticationRef)");
                    continue;
                }
                String secret = null;
                Set<String> params = new TreeSet<>();
                for (JsonNode ref : auth.get().raw().path("spec").path("secretTargetRef")) {
                    params.add(ref.path("parameter").asText());
                    if (ref.path("parameter").asText().equals("password")) {
                        secret = ref.path("name").asText();
                    }
                }
                if (!params.containsAll(Set.of("username", "password"))) {
                    problems.add(where + "TriggerAuthentication " + authName + " must give username and password");
                }
                String s = secret;
                Optional<Overlay.Obj> user = o.kind("KafkaUser").stream().filter(u -> s != null && s.equals(
                        u.raw().path("spec").path("authentication").path("password").path("valueFrom")
                                .path("secretKeyRef").path("name").asText())).findFirst();
                if (user.isEmpty()) {
                    problems.add(where + "no KafkaUser takes its password from the Secret " + secret);
                    continue;
                }
                checkUser(user.get(), cluster, where, problems);
                TreeSet<Acl> required = new TreeSet<>(Set.of(new Acl("topic", md.path("topic").asText(), "Describe"),
                        new Acl("group", md.path("consumerGroup").asText(), "Describe")));
                if (!grantedAcls(user.get()).equals(required)) {
                    problems.add(where + "KafkaUser " + user.get().name() + " ACLs " + grantedAcls(user.get())
                            + ", reading lag needs exactly " + required);
                }
            }
        }
    }

    private static void checkUser(Overlay.Obj user, String cluster, String where, List<String> problems) {
        if (!user.raw().path("metadata").path("labels").path("strimzi.io/cluster").asText().equals(cluster)) {
            problems.add(where + "KafkaUser " + user.name() + " is not labelled strimzi.io/cluster=" + cluster);
        }
        if (!user.raw().path("spec").path("authentication").path("type").asText().equals("scram-sha-512")) {
            problems.add(where + "KafkaUser " + user.name() + " does not authenticate with scram-sha-512");
        }
    }

    /** The environment, as the service's Kafka client gets it, passes kafka-clients' own validation. */
    private static void kafkaClientAccepts(Map<String, EnvVar> env, String where, List<String> problems) {
        Map<String, Object> props = new HashMap<>();
        env.forEach((name, e) -> {
            String key = name.toLowerCase(Locale.ROOT).replace('_', '.');
            if (key.startsWith("kafka.") && e.getValue() != null) {
                props.put(key.substring("kafka.".length()), e.getValue());
            }
        });
        props.put("key.deserializer", ByteArrayDeserializer.class);
        props.put("value.deserializer", ByteArrayDeserializer.class);
        try {
            ConsumerConfig.configDef().parse(props); // validates every value, as the client does
        } catch (ConfigException e) {
            problems.add(where + "kafka-clients rejects the configuration: " + e.getMessage());
        }
        Object mechanism = props.get("sasl.mechanism");
        if (mechanism != null && !ScramMechanism.isScram(mechanism.toString())) {
            problems.add(where + "sasl.mechanism " + mechanism + " is not a SCRAM mechanism kafka-clients knows");
        }
    }

    private static void expectValue(Map<String, EnvVar> env, String name, String expected, String where,
                                    List<String> problems) {
        EnvVar e = env.get(name);
        if (e == null || !expected.equals(e.getValue())) {
            problems.add(where + name + " should be " + expected + ", is " + (e == null ? "unset" : e.getValue()));
        }
    }

    private static Optional<SecretKeySelector> secretRef(Map<String, EnvVar> env, String name) {
        EnvVar e = env.get(name);
        return e == null || e.getValueFrom() == null ? Optional.empty()
                : Optional.ofNullable(e.getValueFrom().getSecretKeyRef());
    }

    private static TreeSet<Acl> minus(TreeSet<Acl> a, TreeSet<Acl> b) {
        TreeSet<Acl> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaAuthenticatesEveryClientWithLeastPrivilege(Overlay o) {
        assertEquals(List.of(), problems(o), o + ": Kafka access");
    }

    /** The derivation itself, by hand from extract-service's application.properties and the shared settings. */
    @Test
    void requiredAclsOfExtractService() {
        assertEquals(new TreeSet<>(Set.of(
                        new Acl("topic", Topics.SEGMENTS, "Read"), new Acl("topic", Topics.SEGMENTS, "Describe"),
                        new Acl("topic", Topics.PROFILE_READY, "Read"), new Acl("topic", Topics.PROFILE_READY, "Describe"),
                        new Acl("group", "extract-service", "Read"),
                        new Acl("topic", Topics.SEGMENT_EXTRACTED, "Write"), new Acl("topic", Topics.SEGMENT_EXTRACTED, "Describe"),
                        new Acl("topic", Topics.DEAD_LETTER, "Write"), new Acl("topic", Topics.DEAD_LETTER, "Describe"),
                        // parks retriable failures and reads them back (shared retry channels)
                        new Acl("topic", Topics.RETRY, "Read"), new Acl("topic", Topics.RETRY, "Write"),
                        new Acl("topic", Topics.RETRY, "Describe"))),
                requiredAcls(ServiceConfig.of("extract-service")));
    }

    @Test
    void removedKafkaUserIsReported(@TempDir Path tmp) {
        List<String> p = problems(DeployCopy.of(tmp)
                .removeDocument("base/kafka/users.yaml", "  name: extract-service\n").render("dev"));
        assertTrue(p.stream().anyMatch(s -> s.contains("extract-service: no KafkaUser extract-service")), p.toString());
    }

    @Test
    void listenerWithoutAuthenticationIsReported(@TempDir Path tmp) {
        List<String> p = problems(DeployCopy.of(tmp).remove("base/kafka/kafka.yaml",
                "        authentication:\n          type: scram-sha-512\n").render("dev"));
        assertTrue(p.stream().anyMatch(s -> s.contains("does not authenticate with SCRAM-SHA-512")), p.toString());
    }

    @Test
    void serviceWithoutCredentialsIsReported(@TempDir Path tmp) {
        List<String> p = problems(DeployCopy.of(tmp).edit("base/services/formatter-service.yaml",
                t -> t.replace("- name: " + JAAS_ENV, "- name: UNUSED_" + JAAS_ENV)).render("dev"));
        assertTrue(p.stream().anyMatch(s -> s.contains("formatter-service: " + JAAS_ENV)), p.toString());
    }

    @Test
    void missingDeadLetterAclIsReported(@TempDir Path tmp) {
        List<String> p = problems(DeployCopy.of(tmp).edit("base/kafka/users.yaml", t -> t.replaceFirst(
                "(?s)(name: calibration-service\n.*?)      - resource:\n          type: topic\n          name: soss.dead-letter\n"
                        + "          patternType: literal\n        operations: \\[Write, Describe]\n", "$1")).render("dev"));
        assertTrue(p.stream().anyMatch(s -> s.contains("calibration-service: KafkaUser calibration-service ACLs differ")
                && s.contains("missing [topic soss.dead-letter Describe, topic soss.dead-letter Write]")), p.toString());
    }

    @Test
    void kedaWithoutCredentialsIsReported(@TempDir Path tmp) {
        List<String> p = problems(DeployCopy.of(tmp).remove("overlays/prod/extract-service-scaledobject.yaml",
                "      authenticationRef:\n        name: soss-keda-kafka\n").render("prod"));
        assertTrue(p.stream().anyMatch(s -> s.contains("no TriggerAuthentication")), p.toString());
    }
}
