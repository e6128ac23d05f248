package io.sossstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every manifest under deploy/ parses into the Kubernetes model, without unknown fields, and Kustomize's references resolve. */
class ManifestValidityTest {

    @Test
    void everyDocumentHasApiVersionKindAndName() {
        List<Manifests.Doc> docs = Manifests.all();
        assertTrue(docs.size() > 20, "expected the whole deployment, found " + docs.size() + " documents");
        for (Manifests.Doc d : docs) {
            assertFalse(d.raw().path("apiVersion").asText().isBlank(), d.where() + ": no apiVersion");
            assertFalse(d.kind().isBlank(), d.where() + ": no kind");
            if (!d.kind().equals("Kustomization")) {
                assertFalse(d.name().isBlank(), d.where() + ": no metadata.name");
            }
        }
    }

    @Test
    void builtInKindsAreTypedAndHaveNoUnknownFields() {
        int typed = 0;
        for (Manifests.Doc d : Manifests.all()) {
            String group = d.raw().path("apiVersion").asText();
            boolean builtIn = !group.contains("/") || group.startsWith("apps/") || group.startsWith("batch/");
            if (builtIn) {
                assertFalse(d.resource() instanceof GenericKubernetesResource,
                        d.where() + ": " + d.kind() + " is not a known built-in kind");
                List<String> unknown = new ArrayList<>();
                unknownFields(d.resource(), "", unknown, new IdentityHashMap<>());
                assertEquals(List.of(), unknown, d.where() + ": fields the Kubernetes model does not know (typos?)");
                typed++;
            }
        }
        assertTrue(typed >= 10, "typed documents: " + typed);
    }

    @Test
    void namesAreUniquePerKindInTheBase() {
        Set<String> seen = new HashSet<>();
        for (Manifests.Doc d : Manifests.all()) {
            if (d.inBase() && !d.kind().equals("Kustomization")) {
                assertTrue(seen.add(d.kind() + "/" + d.name()), d.where() + ": duplicate " + d.kind() + "/" + d.name());
            }
        }
    }

    /** Every resources/patches/generator path in a kustomization exists; every patch names a base object. */
    @Test
    void kustomizationReferencesResolve() {
        List<Manifests.Doc> kustomizations = Manifests.kind("Kustomization");
        assertEquals(3, kustomizations.size(), "base, dev and prod kustomizations");
        for (Manifests.Doc k : kustomizations) {
            Path dir = k.file().getParent();
            for (JsonNode r : k.raw().path("resources")) {
                Path p = dir.resolve(r.asText()).normalize();
                assertTrue(Files.isRegularFile(p) || Files.isRegularFile(p.resolve("kustomization.yaml")),
                        k.where() + ": resource " + r.asText() + " does not exist");
            }
            for (JsonNode g : k.raw().path("configMapGenerator")) {
                for (JsonNode f : g.path("files")) {
                    assertTrue(Files.isRegularFile(dir.resolve(f.asText())), k.where() + ": no " + f.asText());
                }
            }
            for (JsonNode patch : k.raw().path("patches")) {
                if (patch.has("path")) {
                    Path p = dir.resolve(patch.path("path").asText());
                    assertTrue(Files.isRegularFile(p), k.where() + ": patch " + p + " does not exist");
                    for (Manifests.Doc d : Manifests.parse(p)) {
                        assertTrue(existsInBase(d.kind(), d.name()),
                                d.where() + ": patches " + d.kind() + "/" + d.name() + ", which the base does not have");
                    }
                } else {
                    JsonNode target = patch.path("target");
                    String kind = target.path("kind").asText();
                    String name = target.path("name").asText(null);
                    assertTrue(Manifests.all().stream().anyMatch(d -> d.kind().equals(kind)
                                    && (name == null || d.name().equals(name))),
                            k.where() + ": patch target " + kind + "/" + name + " matches nothing");
                }
            }
        }
    }

    /** No Secret with data in git: credentials are only referenced. */
    @Test
    void noSecretsInGit() {
        for (Manifests.Doc d : Manifests.all()) {
            assertFalse(d.kind().equals("Secret"), d.where() + ": a Secret in git; reference soss-s3-credentials instead");
        }
    }

    private static boolean existsInBase(String kind, String name) {
        return Manifests.all().stream().anyMatch(d -> d.inBase() && d.kind().equals(kind) && d.name().equals(name));
    }

    /** Walks a typed model object and collects the paths of fields that landed in additionalProperties. */
    static void unknownFields(Object o, String path, List<String> out, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), out, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
                || o instanceof GenericKubernetesResource) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v;
            try {
                v = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add((path.isEmpty() ? "" : path + ".") + extra.keySet());
                }
            } else {
                String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                unknownFields(v, path.isEmpty() ? field : path + "." + field, out, seen);
            }
        }
    }

}
