package io.sossstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who can open a TCP connection to whom under an overlay's NetworkPolicies, evaluated with Kubernetes' semantics
 * (a pod selected by an Ingress policy accepts only what some selecting policy allows; peers by pod and namespace
 * selectors; ports by number or container-port name). Kafka's pods are created by Strimzi, which also writes the
 * NetworkPolicy of each listener from its {@code networkPolicyPeers} (no peers: every pod may connect); that policy
 * is modelled here from the Kafka resource.
 */
final class Reachability {
    /** A pod that may connect or be connected to: where it runs and its labels. */
    record Pod(String who, String namespace, Map<String, String> labels, List<ContainerPort> ports) {
        /** A namespace's labels as Kubernetes sets them on every namespace (namespaceSelectors use this one). */
        Map<String, String> namespaceLabels() {
            return Map.of("kubernetes.io/metadata.name", namespace);
        }
    }

    /** A port no container declares (a debugger, JMX...): nobody may reach it. */
    static final int UNDECLARED_PORT = 65000;
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Reachability() {
    }

    /** Pods outside the overlay that matter: the ingress controller, Prometheus, KEDA, and arbitrary pods. */
    static List<Pod> outsiders(String namespace) {
        return List.of(
                new Pod("ingress-nginx", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx",
                        "app.kubernetes.io/component", "controller"), List.of()),
                new Pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"), List.of()),
                new Pod("keda-operator", "keda", Map.of("app.kubernetes.io/name", "keda-operator"), List.of()),
                new Pod("another pod of the namespace", namespace, Map.of("run", "debug"), List.of()),
                new Pod("a pod of another namespace", "elsewhere", Map.of("run", "debug"), List.of()));
    }

    /** The overlay's workloads as pods (Deployments, StatefulSets, Jobs), plus Strimzi's Kafka broker. */
    static List<Pod> pods(Overlay o) {
        List<Pod> pods = new ArrayList<>();
        for (Map.Entry<String, PodTemplateSpec> e : o.podTemplates().entrySet()) {
            List<ContainerPort> ports = new ArrayList<>();
            e.getValue().getSpec().getContainers().forEach(c -> ports.addAll(c.getPorts()));
            pods.add(new Pod(e.getKey(), o.namespace(), e.getValue().getMetadata().getLabels(), ports));
        }
        Overlay.Obj kafka = o.single("Kafka");
        List<ContainerPort> listenerPorts = new ArrayList<>();
        for (JsonNode l : kafka.raw().path("spec").path("kafka").path("listeners")) {
            listenerPorts.add(new ContainerPort(l.path("port").asInt(), null, null, l.path("name").asText(), "TCP"));
        }
        pods.add(new Pod("kafka", o.namespace(), strimziKafkaLabels(kafka.name()), listenerPorts));
        return pods;
    }

    /**
     * For every pod of the overlay and each of its ports (and {@link #UNDECLARED_PORT}): the sorted names of the
     * pods (overlay's and {@link #outsiders}) that can connect, as "pod:port" → clients.
     */
    static Map<String, TreeSet<String>> matrix(Overlay o) {
        List<Pod> targets = pods(o);
        List<Pod> clients = new ArrayList<>(targets);
        clients.addAll(outsiders(o.namespace()));
        List<NetworkPolicy> policies = new ArrayList<>(o.all(NetworkPolicy.class));
        policies.addAll(strimziListenerPolicies(o));
        Map<String, TreeSet<String>> m = new TreeMap<>();
        for (Pod t : targets) {
            List<Integer> ports = new ArrayList<>(t.ports().stream().map(ContainerPort::getContainerPort).toList());
            ports.add(UNDECLARED_PORT);
            for (int port : ports) {
                TreeSet<String> allowed = new TreeSet<>();
                for (Pod c : clients) {
                    if (c != t && allows(policies, c, t, port)) {
                        allowed.add(c.who());
                    }
                }
                m.put(t.who() + ":" + port, allowed);
            }
        }
        return m;
    }

    static boolean allows(List<NetworkPolicy> policies, Pod client, Pod target, int port) {
        boolean isolated = false;
        for (NetworkPolicy p : policies) {
            if (!p.getMetadata().getNamespace().equals(target.namespace())
                    || !matches(p.getSpec().getPodSelector(), target.labels()) || !governsIngress(p)) {
                continue;
            }
            isolated = true;
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                if (peerMatches(rule.getFrom(), client, target) && portMatches(rule.getPorts(), target, port)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    private static boolean governsIngress(NetworkPolicy p) {
        List<String> types = p.getSpec().getPolicyTypes();
        return types == null || types.isEmpty() || types.contains("Ingress");
    }

    private static boolean peerMatches(List<NetworkPolicyPeer> from, Pod client, Pod target) {
        if (from == null || from.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : from) {
            if (peer.getIpBlock() != null) {
                continue; // addresses, not pods: says nothing about the pods modelled here
            }
            boolean ns = peer.getNamespaceSelector() == null ? client.namespace().equals(target.namespace())
                    : matches(peer.getNamespaceSelector(), client.namespaceLabels());
            boolean pod = peer.getPodSelector() == null || matches(peer.getPodSelector(), client.labels());
            if (ns && pod) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(List<NetworkPolicyPort> ports, Pod target, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            if (p.getProtocol() != null && !p.getProtocol().equals("TCP")) {
                continue;
            }
            IntOrString v = p.getPort();
            if (v == null) {
                return true;
            }
            if (v.getIntVal() != null) {
                int end = p.getEndPort() != null ? p.getEndPort() : v.getIntVal();
                if (port >= v.getIntVal() && port <= end) {
                    return true;
                }
            } else if (target.ports().stream().anyMatch(cp -> v.getStrVal().equals(cp.getName())
                    && cp.getContainerPort() == port)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(LabelSelector s, Map<String, String> labels) {
        if (s == null) {
            return false;
        }
        if (s.getMatchLabels() != null && !labels.entrySet().containsAll(s.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement r : s.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of()
                : s.getMatchExpressions()) {
            String v = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> v != null && r.getValues().contains(v);
                case "NotIn" -> v == null || !r.getValues().contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                default -> throw new AssertionError("unknown selector operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Labels Strimzi puts on the broker pods of a Kafka cluster. */
    static Map<String, String> strimziKafkaLabels(String cluster) {
        return Map.of("strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka",
                "strimzi.io/name", cluster + "-kafka", "strimzi.io/broker-role", "true");
    }

    /** The NetworkPolicy Strimzi writes for the listeners of the overlay's Kafka cluster. */
    static List<NetworkPolicy> strimziListenerPolicies(Overlay o) {
        Overlay.Obj kafka = o.single("Kafka");
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        for (JsonNode l : kafka.raw().path("spec").path("kafka").path("listeners")) {
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            for (JsonNode p : l.path("networkPolicyPeers")) {
                peers.add(SERIALIZATION.convertValue(p, NetworkPolicyPeer.class));
            }
            NetworkPolicyPort port = new NetworkPolicyPort(null, new IntOrString(l.path("port").asInt()), "TCP");
            rules.add(new NetworkPolicyIngressRule(peers, List.of(port)));
        }
        NetworkPolicy p = new NetworkPolicy();
        p.setMetadata(new ObjectMetaBuilder()
                .withName(kafka.name() + "-network-policy-kafka").withNamespace(o.namespace()).build());
        p.setSpec(new NetworkPolicySpecBuilder()
                .withPodSelector(new LabelSelector(null, Map.of("strimzi.io/cluster", kafka.name(),
                        "strimzi.io/kind", "Kafka", "strimzi.io/name", kafka.name() + "-kafka")))
                .withPolicyTypes("Ingress").withIngress(rules).build());
        return List.of(p);
    }
}
