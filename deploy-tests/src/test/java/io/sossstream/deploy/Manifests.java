package io.sossstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every YAML document under deploy/ as written in git (the files, not the rendered overlays: see {@link Overlay}),
 * parsed into the fabric8 Kubernetes model: built-in kinds become their typed classes (Deployment, Service, ...),
 * custom resources (Strimzi, KEDA, Prometheus Operator, Kustomization) {@link GenericKubernetesResource}.
 */
final class Manifests {
    /** One document: where it is, its raw tree, and the typed object. */
    record Doc(Path file, int index, JsonNode raw, KubernetesResource resource) {
        String where() {
            return Project.deploy().relativize(file) + "#" + index;
        }

        String kind() {
            return raw.path("kind").asText();
        }

        String name() {
            return raw.path("metadata").path("name").asText();
        }

        /** Whether this document is in the base (full objects) rather than an overlay (patches). */
        boolean inBase() {
            return Project.deploy().relativize(file).startsWith("base");
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static List<Doc> all;

    private Manifests() {
    }

    /** All documents of all *.yaml / *.yml files under deploy/, in path order. */
    static synchronized List<Doc> all() {
        if (all == null) {
            all = List.copyOf(load(Project.deploy()));
        }
        return all;
    }

    static List<Doc> load(Path dir) {
        List<Doc> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Manifests::isYaml).sorted().toList()) {
                docs.addAll(parse(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static boolean isYaml(Path f) {
        String n = f.getFileName().toString();
        return Files.isRegularFile(f) && (n.endsWith(".yaml") || n.endsWith(".yml"));
    }

    /** The documents of one (multi-document) YAML file; a parse error names the file. */
    static List<Doc> parse(Path file) {
        List<Doc> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(YAML.getFactory().createParser(file.toFile()))) {
            int i = 0;
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node == null || node.isNull() || node.isMissingNode() || node.isEmpty()) {
                    continue;
                }
                KubernetesResource r;
                try {
                    r = SERIALIZATION.convertValue(node, KubernetesResource.class);
                } catch (RuntimeException e) {
                    throw new AssertionError(file + " document " + i + " does not fit the Kubernetes model: " + e, e);
                }
                docs.add(new Doc(file, i++, node, r));
            }
        } catch (IOException e) {
            throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    /** Base documents of one custom-resource kind. */
    static List<Doc> baseKind(String kind) {
        return all().stream().filter(Doc::inBase).filter(d -> d.kind().equals(kind)).toList();
    }

    /** Documents of a kind anywhere under deploy/ (base and overlays). */
    static List<Doc> kind(String kind) {
        return all().stream().filter(d -> d.kind().equals(kind)).toList();
    }
}
