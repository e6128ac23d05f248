package io.sossstream.deploy;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who reaches whom in each rendered overlay, against the intended flows: only the pipeline services (and MinIO's
 * notifications, KEDA's lag reader in prod) talk to Kafka; only the services and the bucket Job to MinIO; only
 * the authenticating proxy to the status page, only the ingress controller to the proxy, Prometheus to /q/metrics;
 * nothing else anywhere. Negative cases: removing any one policy (or Kafka's listener peers) changes the answer.
 */
class NetworkPolicyTest {

    static List<Overlay> overlays() {
        return Overlay.all();
    }

    /** The intended connections of an overlay, derived from its objects: "pod:port" → clients. */
    static Map<String, TreeSet<String>> intended(Overlay o) {
        Set<String> pipeline = Set.copyOf(Project.SERVICES);
        Map<String, TreeSet<String>> m = new TreeMap<>();
        TreeSet<String> kafkaClients = new TreeSet<>(pipeline);
        kafkaClients.add("minio");
        if (!o.kind("ScaledObject").isEmpty()) {
            kafkaClients.add("keda-operator");
        }
        m.put("kafka:" + kafkaPort(o), kafkaClients);
        StatefulSet minio = o.get(StatefulSet.class, "minio");
        for (ContainerPort p : minio.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()) {
            TreeSet<String> clients = new TreeSet<>();
            if (p.getName().equals("s3")) {
                clients.addAll(pipeline);
                clients.add("soss-bucket-setup");
            }
            m.put("minio:" + p.getContainerPort(), clients); // the console: port-forward only
        }
        for (String s : Project.SERVICES) {
            TreeSet<String> clients = new TreeSet<>(Set.of("prometheus"));
            if (s.equals(StatusPageAuthTest.STATUS_SERVICE)) {
                clients.add(StatusPageAuthTest.PROXY);
            }
            m.put(s + ":" + ServiceConfig.of(s).httpPort(), clients);
        }
        Deployment proxy = o.get(Deployment.class, StatusPageAuthTest.PROXY);
        m.put(StatusPageAuthTest.PROXY + ":" + proxy.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getPorts().get(0).getContainerPort(), new TreeSet<>(Set.of("ingress-nginx")));
        for (Reachability.Pod p : Reachability.pods(o)) {
            m.put(p.who() + ":" + Reachability.UNDECLARED_PORT, new TreeSet<>());
        }
        return m;
    }

    private static int kafkaPort(Overlay o) {
        return o.single("Kafka").raw().path("spec").path("kafka").path("listeners").get(0).path("port").asInt();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheIntendedConnectionsAreAllowed(Overlay o) {
        assertEquals(describe(intended(o)), describe(Reachability.matrix(o)),
                o + ": who can connect to which pod:port (left intended, right what the NetworkPolicies allow)");
    }

    @Test
    void theEvaluatorSeesAnOpenNamespaceAsOpen() {
        Overlay o = Overlay.of("dev");
        Reachability.Pod stranger = Reachability.outsiders(o.namespace()).stream()
                .filter(p -> p.who().equals("another pod of the namespace")).findFirst().orElseThrow();
        Reachability.Pod minio = Reachability.pods(o).stream().filter(p -> p.who().equals("minio")).findFirst().orElseThrow();
        assertTrue(Reachability.allows(List.of(), stranger, minio, 9000), "no policy: everything is reachable");
        assertFalse(Reachability.allows(o.all(NetworkPolicy.class),
                stranger, minio, 9000), "a stranger pod of the namespace does not reach MinIO");
    }

    /** Each policy matters: without it, some connection opens up (or an intended one breaks). */
    @ParameterizedTest
    @MethodSource("policyNames")
    void removingANetworkPolicyIsNoticed(String policy, @TempDir Path tmp) {
        Overlay broken = DeployCopy.of(tmp)
                .removeDocument("base/network/network-policies.yaml", "  name: " + policy + "\n").render("dev");
        assertNotEquals(describe(intended(broken)), describe(Reachability.matrix(broken)),
                "without NetworkPolicy " + policy + " the matrix should differ from the intended one");
    }

    static List<String> policyNames() {
        return Overlay.of("dev").all(NetworkPolicy.class).stream()
                .map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void kafkaWithoutListenerPeersIsOpenToEveryPod(@TempDir Path tmp) {
        Overlay broken = DeployCopy.of(tmp).edit("base/kafka/kafka.yaml",
                t -> t.replaceAll("(?s)        networkPolicyPeers:.*?(?=    # Each user)", "")).render("dev");
        TreeSet<String> clients = Reachability.matrix(broken).get("kafka:" + kafkaPort(broken));
        assertTrue(clients.contains("another pod of the namespace") && clients.contains("a pod of another namespace"),
                "without networkPolicyPeers Strimzi lets every pod connect: " + clients);
    }

    private static String describe(Map<String, TreeSet<String>> m) {
        List<String> lines = new ArrayList<>();
        m.forEach((k, v) -> lines.add(k + " <- " + (v.isEmpty() ? "nobody" : String.join(", ", v))));
        return String.join("\n", lines);
    }
}
