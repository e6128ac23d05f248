package io.sossstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sossstream.events.Topics;
import io.sossstream.storage.ObjectLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka topics, KEDA, MinIO's notification and the bucket Job of every rendered overlay against the pipeline's contracts (soss-core). */
class PlatformManifestsTest {

    static List<Overlay> overlays() {
        return Overlay.all();
    }

    static Map<String, String> config(Overlay o) {
        return o.get(ConfigMap.class, "soss-config").getData();
    }

    /** The bootstrap address of the Strimzi cluster's internal listener: {@code <cluster>-kafka-bootstrap:<port>}. */
    static String strimziBootstrap(Overlay o) {
        Overlay.Obj kafka = o.single("Kafka");
        for (JsonNode l : kafka.raw().path("spec").path("kafka").path("listeners")) {
            if (!l.path("tls").asBoolean(false) && l.path("type").asText().equals("internal")) {
                return kafka.name() + "-kafka-bootstrap:" + l.path("port").asInt();
            }
        }
        throw new AssertionError(o + ": the Kafka cluster has no internal listener without TLS");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaTopicsAreExactlyThePipelinesTopics(Overlay o) {
        Map<String, JsonNode> specs = new HashMap<>();
        Overlay.Obj kafka = o.single("Kafka");
        for (Overlay.Obj t : o.kind("KafkaTopic")) {
            JsonNode spec = t.raw().path("spec");
            String name = spec.path("topicName").asText(t.name());
            assertEquals(kafka.name(), t.raw().path("metadata").path("labels").path("strimzi.io/cluster").asText(),
                    o + " " + t.id() + ": strimzi.io/cluster label");
            assertTrue(specs.put(name, spec) == null, "topic declared twice: " + name);
            assertTrue(spec.path("partitions").asInt() >= 1, name + ": partitions");
            assertTrue(spec.path("config").path("retention.ms").asLong() > 0, name + ": retention.ms");
        }
        assertEquals(new TreeSet<>(Topics.ALL), new TreeSet<>(specs.keySet()), "KafkaTopic resources vs Topics.ALL");
        long deadLetterRetention = specs.get(Topics.DEAD_LETTER).path("config").path("retention.ms").asLong();
        for (Map.Entry<String, JsonNode> e : specs.entrySet()) {
            assertTrue(deadLetterRetention >= e.getValue().path("config").path("retention.ms").asLong(),
                    "dead letters are kept at least as long as " + e.getKey());
        }
        assertEquals("false", kafka.raw().path("spec").path("kafka").path("config")
                .path("auto.create.topics.enable").asText(), "topics come only from KafkaTopic resources");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesAndMinioReachTheStrimziBootstrapAndMinioService(Overlay o) {
        String bootstrap = strimziBootstrap(o);
        assertEquals(bootstrap, config(o).get("KAFKA_BOOTSTRAP_SERVERS"), "soss-config KAFKA_BOOTSTRAP_SERVERS");
        Service minio = o.get(Service.class, "minio");
        int s3Port = minio.getSpec().getPorts().stream().filter(p -> p.getName().equals("s3")).findFirst()
                .orElseThrow().getPort();
        assertEquals("http://minio:" + s3Port, config(o).get("SOSS_S3_ENDPOINT"), "soss-config SOSS_S3_ENDPOINT");
    }

    /** MinIO publishes object-created events of the raw bucket to soss.segments, through a target the Job binds. */
    @ParameterizedTest
    @MethodSource("overlays")
    void minioNotifiesSegmentsTopicAndTheJobBindsTheRawBucket(Overlay o) {
        StatefulSet minio = o.get(StatefulSet.class, "minio");
        Container c = minio.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        Set<String> targets = env.keySet().stream().filter(k -> k.startsWith("MINIO_NOTIFY_KAFKA_ENABLE_"))
                .map(k -> k.substring("MINIO_NOTIFY_KAFKA_ENABLE_".length())).collect(Collectors.toSet());
        assertEquals(1, targets.size(), "one Kafka notification target: " + targets);
        String id = targets.iterator().next();
        assertEquals("on", env.get("MINIO_NOTIFY_KAFKA_ENABLE_" + id));
        assertEquals(Topics.SEGMENTS, env.get("MINIO_NOTIFY_KAFKA_TOPIC_" + id));
        assertEquals(strimziBootstrap(o), env.get("MINIO_NOTIFY_KAFKA_BROKERS_" + id));
        String queueDir = env.get("MINIO_NOTIFY_KAFKA_QUEUE_DIR_" + id);
        assertNotNull(queueDir, "queue_dir: events survive a Kafka outage");
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(queueDir)),
                "queue_dir " + queueDir + " is on the persistent volume");

        Job job = o.get(Job.class, "soss-bucket-setup");
        String script = String.join("\n", job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        ObjectLayout layout = ObjectLayout.defaults();
        for (String bucket : layout.buckets()) {
            assertTrue(script.contains("mc mb --ignore-existing soss/" + bucket + "\n"), "the Job creates bucket " + bucket);
        }
        assertTrue(script.contains("mc event add soss/" + layout.rawBucket() + " arn:minio:sqs::" + id
                + ":kafka --event put"), "the Job binds the raw bucket's put events to target " + id);
    }

    /** KEDA scales extract-service on the lag of its own consumer group on the topic it consumes. */
    @Test
    void kedaScalesExtractServiceOnItsConsumerLag() {
        Overlay o = Overlay.of("prod");
        Overlay.Obj scaled = o.single("ScaledObject");
        JsonNode spec = scaled.raw().path("spec");
        assertEquals("extract-service", spec.path("scaleTargetRef").path("name").asText());
        JsonNode trigger = spec.path("triggers").get(0);
        assertEquals("kafka", trigger.path("type").asText());
        JsonNode md = trigger.path("metadata");
        assertEquals(Topics.SEGMENTS, md.path("topic").asText());
        assertEquals(consumerGroup(ServiceConfig.of("extract-service"), Topics.SEGMENTS),
                md.path("consumerGroup").asText(), "consumer group of extract-service");
        String[] hostPort = strimziBootstrap(o).split(":");
        assertEquals(hostPort[0] + "." + o.namespace() + ".svc:" + hostPort[1], md.path("bootstrapServers").asText(),
                "KEDA's operator runs in its own namespace: the fully qualified bootstrap of the overlay's namespace");
        int partitions = o.kind("KafkaTopic").stream()
                .filter(t -> t.raw().path("spec").path("topicName").asText().equals(Topics.SEGMENTS)).findFirst()
                .orElseThrow().raw().path("spec").path("partitions").asInt();
        assertTrue(spec.path("maxReplicaCount").asInt() <= partitions,
                "more extract pods than partitions of " + Topics.SEGMENTS + " would idle");
        assertTrue(spec.path("minReplicaCount").asInt() >= 1, "never scale extract-service to zero");
        assertTrue(Overlay.of("dev").kind("ScaledObject").isEmpty(), "dev runs without KEDA");
    }

    /**
     * The group a service consumes {@code topic} with: {@code mp.messaging.incoming.<channel>.group.id} of the
     * channel on that topic, else {@code kafka.group.id}, else the application name (SmallRye's default).
     */
    static String consumerGroup(ServiceConfig service, String topic) {
        for (Map.Entry<String, String> e : service.properties.entrySet()) {
            if (e.getKey().startsWith("mp.messaging.incoming.") && e.getKey().endsWith(".topic")
                    && e.getValue().equals(topic)) {
                String channel = e.getKey().substring(0, e.getKey().length() - ".topic".length());
                String group = service.properties.get(channel + ".group.id");
                if (group != null) {
                    return group;
                }
            }
        }
        return service.property("kafka.group.id").or(() -> service.property("quarkus.application.name"))
                .orElseThrow(() -> new AssertionError(service.module + ": no consumer group configured"));
    }
}
