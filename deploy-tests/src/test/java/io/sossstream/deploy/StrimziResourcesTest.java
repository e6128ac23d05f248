package io.sossstream.deploy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Strimzi resources of every rendered overlay read into Strimzi's own API model without unknown fields: a
 * misspelt listener, authentication, ACL or operator field would otherwise be dropped silently by the operator.
 */
class StrimziResourcesTest {
    static final Map<String, Class<?>> MODEL = Map.of("Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class,
            "KafkaTopic", KafkaTopic.class, "KafkaUser", KafkaUser.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static List<Overlay> overlays() {
        return Overlay.all();
    }

    /** "KafkaUser/minio: [spec.authorization.acls[0].operationz]"-style problems of one overlay. */
    static List<String> problems(Overlay o) {
        List<String> problems = new ArrayList<>();
        for (Overlay.Obj obj : o.objects) {
            if (!obj.raw().path("apiVersion").asText().startsWith("kafka.strimzi.io/")) {
                continue;
            }
            Class<?> type = MODEL.get(obj.kind());
            if (type == null) {
                problems.add(obj.id() + ": a Strimzi kind this test does not know");
                continue;
            }
            Object typed;
            try {
                typed = SERIALIZATION.convertValue(obj.raw(), type);
            } catch (RuntimeException e) {
                problems.add(obj.id() + ": does not fit Strimzi's model: " + e.getMessage());
                continue;
            }
            List<String> unknown = new ArrayList<>();
            ManifestValidityTest.unknownFields(typed, "", unknown, new IdentityHashMap<>());
            if (!unknown.isEmpty()) {
                problems.add(obj.id() + ": fields Strimzi does not know " + unknown);
            }
        }
        return problems;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void strimziResourcesFitStrimzisModel(Overlay o) {
        assertTrue(o.kind("KafkaUser").size() >= 5, o + ": the services' and MinIO's users");
        assertEquals(List.of(), problems(o), o.toString());
    }

    @Test
    void misspeltFieldIsReported(@TempDir Path tmp) {
        List<String> p = problems(DeployCopy.of(tmp).edit("base/kafka/kafka.yaml",
                t -> t.replace("networkPolicyPeers:", "networkPolicyPeer:")).render("dev"));
        assertTrue(p.stream().anyMatch(s -> s.startsWith("Kafka/soss-kafka") && s.contains("networkPolicyPeer")),
                p.toString());
    }
}
