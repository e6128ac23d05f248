package io.sossstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One overlay as the cluster receives it: {@code kubectl kustomize deploy/overlays/<name>} parsed into the fabric8
 * Kubernetes model (built-in kinds typed, custom resources {@link GenericKubernetesResource}, each with its raw tree).
 */
final class Overlay {
    /** A rendered object: its raw tree and the typed model object. */
    record Obj(JsonNode raw, HasMetadata resource) {
        String kind() {
            return raw.path("kind").asText();
        }

        String name() {
            return raw.path("metadata").path("name").asText();
        }

        String id() {
            return kind() + "/" + name();
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Overlay> RENDERED = new LinkedHashMap<>();

    final String name;
    final List<Obj> objects;

    private Overlay(String name, List<Obj> objects) {
        this.name = name;
        this.objects = objects;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Names of the overlays under deploy/overlays (folders with a kustomization.yaml). */
    static List<String> names() {
        try (Stream<Path> dirs = Files.list(Project.deploy().resolve("overlays"))) {
            List<String> names = dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
            if (names.isEmpty()) {
                throw new AssertionError("no overlays under " + Project.deploy().resolve("overlays"));
            }
            return names;
        } catch (IOException e) {
            throw new AssertionError("cannot list deploy/overlays: " + e, e);
        }
    }

    /** Every overlay of the project, rendered once per test run. */
    static List<Overlay> all() {
        return names().stream().map(Overlay::of).toList();
    }

    static synchronized Overlay of(String name) {
        return RENDERED.computeIfAbsent(name, n -> render(Project.deploy().resolve("overlays").resolve(n), n));
    }

    /** Renders the kustomization in {@code dir} (e.g. an overlay of a modified copy of deploy/). */
    static Overlay render(Path dir, String name) {
        String yaml = Kustomize.render(dir);
        List<Obj> objs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node == null || node.isNull() || node.isEmpty()) {
                    continue;
                }
                KubernetesResource r;
                try {
                    r = SERIALIZATION.convertValue(node, KubernetesResource.class);
                } catch (RuntimeException e) {
                    throw new AssertionError(name + ": " + node.path("kind").asText() + "/"
                            + node.path("metadata").path("name").asText() + " does not fit the Kubernetes model: " + e, e);
                }
                objs.add(new Obj(node, (HasMetadata) r));
            }
        } catch (IOException e) {
            throw new AssertionError(name + ": kubectl kustomize printed invalid YAML: " + e.getMessage(), e);
        }
        return new Overlay(name, List.copyOf(objs));
    }

    /** The namespace every object is rendered into. */
    String namespace() {
        return objects.stream().map(o -> o.resource().getMetadata().getNamespace()).filter(n -> n != null)
                .findFirst().orElseThrow(() -> new AssertionError(name + ": no namespace"));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().map(Obj::resource).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String objectName) {
        return all(type).stream().filter(o -> objectName.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String objectName) {
        return find(type, objectName).orElseThrow(() -> new AssertionError(
                name + ": no " + type.getSimpleName() + " " + objectName));
    }

    /** Objects of a (custom) kind, e.g. "KafkaUser". */
    List<Obj> kind(String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).toList();
    }

    Optional<Obj> find(String kind, String objectName) {
        return kind(kind).stream().filter(o -> o.name().equals(objectName)).findFirst();
    }

    /** The one object of a kind; fails when there is none or more than one. */
    Obj single(String kind) {
        List<Obj> list = kind(kind);
        if (list.size() != 1) {
            throw new AssertionError(name + ": expected one " + kind + ", found " + list.size());
        }
        return list.get(0);
    }

    /**
     * The environment a container starts with: its envFrom ConfigMaps, then its own env (which wins), by name.
     * Values from ConfigMaps are literal EnvVars; secret references stay references.
     */
    Map<String, EnvVar> env(Container c) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                get(ConfigMap.class, from.getConfigMapRef().getName()).getData()
                        .forEach((k, v) -> env.put(k, new EnvVar(k, v, null)));
            }
        }
        c.getEnv().forEach(e -> env.put(e.getName(), e));
        return env;
    }

    /** The single container of a Deployment's pods. */
    Container container(String deployment) {
        List<Container> cs = get(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers();
        if (cs.size() != 1) {
            throw new AssertionError(name + ": " + deployment + " should run one container, has " + cs.size());
        }
        return cs.get(0);
    }

    /** Pod templates of the workloads (Deployments, StatefulSets, Jobs), by workload name. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> t = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> t.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> t.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        all(Job.class).forEach(j -> t.put(j.getMetadata().getName(), j.getSpec().getTemplate()));
        return t;
    }
}
