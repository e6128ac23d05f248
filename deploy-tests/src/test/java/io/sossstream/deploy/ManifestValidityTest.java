package io.sossstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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

/**
 * Every overlay renders with the real Kustomize into objects of the Kubernetes model (built-in kinds typed, without
 * unknown fields), all in the overlay's namespace; every YAML file under deploy/ is used by a kustomization; no
 * Secret is in git.
 */
class ManifestValidityTest {
    /** API groups of built-in kinds (the rest are custom resources: Strimzi, KEDA, Prometheus Operator). */
    static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "networking.k8s.io", "policy",
            "rbac.authorization.k8s.io", "autoscaling");

    static List<Overlay> overlays() {
        return Overlay.all();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void overlayRendersIntoNamedObjectsOfItsNamespace(Overlay o) {
        assertTrue(o.objects.size() > 20, o + ": expected the whole deployment, rendered " + o.objects.size()
                + " objects with " + Kustomize.describe());
        Set<String> seen = new HashSet<>();
        for (Overlay.Obj obj : o.objects) {
            assertFalse(obj.raw().path("apiVersion").asText().isBlank(), o + " " + obj.id() + ": no apiVersion");
            assertFalse(obj.name().isBlank(), o + ": a " + obj.kind() + " without metadata.name");
            assertTrue(seen.add(obj.id()), o + ": " + obj.id() + " twice");
            if (!obj.kind().equals("Namespace")) {
                assertEquals(o.namespace(), obj.resource().getMetadata().getNamespace(), o + " " + obj.id() + ": namespace");
            }
        }
        assertTrue(o.find("Namespace", o.namespace()).isPresent(), o + ": creates its namespace " + o.namespace());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void builtInKindsAreTypedAndHaveNoUnknownFields(Overlay o) {
        int typed = 0;
        for (Overlay.Obj obj : o.objects) {
            String apiVersion = obj.raw().path("apiVersion").asText();
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            if (BUILT_IN_GROUPS.contains(group)) {
                assertFalse(obj.resource() instanceof GenericKubernetesResource,
                        o + " " + obj.id() + ": " + apiVersion + " " + obj.kind() + " is not a known built-in kind");
                List<String> unknown = new ArrayList<>();
                unknownFields(obj.resource(), "", unknown, new IdentityHashMap<>());
                assertEquals(List.of(), unknown, o + " " + obj.id() + ": fields the Kubernetes model does not know (typos?)");
                typed++;
            }
        }
        assertTrue(typed >= 15, o + ": typed objects: " + typed);
    }

    /** A YAML file no kustomization names is never deployed: an edit there would change nothing. */
    @Test
    void everyYamlFileIsUsedByAKustomization() {
        Set<Path> used = new HashSet<>();
        for (Manifests.Doc k : Manifests.kind("Kustomization")) {
            Path dir = k.file().getParent();
            used.add(k.file());
            for (JsonNode r : k.raw().path("resources")) {
                used.add(dir.resolve(r.asText()).normalize());
            }
            for (JsonNode patch : k.raw().path("patches")) {
                if (patch.has("path")) {
                    used.add(dir.resolve(patch.path("path").asText()).normalize());
                }
            }
        }
        for (Manifests.Doc d : Manifests.all()) {
            assertTrue(used.contains(d.file().normalize()), d.where() + " is in no kustomization's resources or patches");
        }
    }

    /** No Secret with data in git, nor rendered from a generator: credentials are only referenced. */
    @Test
    void noSecretsInGit() {
        for (Manifests.Doc d : Manifests.all()) {
            assertFalse(d.kind().equals("Secret"), d.where() + ": a Secret in git; reference one instead");
        }
        for (Overlay o : Overlay.all()) {
            assertTrue(o.kind("Secret").isEmpty(), o + " renders a Secret");
        }
    }

    /**
     * Walks a typed model object (fabric8's or Strimzi's) and collects the paths of fields that landed in
     * additionalProperties: names the model does not know.
     */
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
        String type = o.getClass().getName();
        if (!(type.startsWith("io.fabric8.kubernetes.api.model") || type.startsWith("io.strimzi.api"))
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
