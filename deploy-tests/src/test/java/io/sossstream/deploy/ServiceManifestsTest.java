package io.sossstream.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The four service Deployments of every rendered overlay against the services' real configuration: image =
 * module, container port = quarkus.http.port, probes on the Quarkus health paths of that port, every environment
 * variable a config key the service reads (documented once in deploy/README.md), credentials only from Secrets,
 * memory sized for the heap it is given.
 */
class ServiceManifestsTest {
    /** Quarkus SmallRye Health endpoints (non-application root /q). */
    static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");
    /** JVM options, read by the java launcher, not by the application's config. */
    static final Set<String> JVM_ENV = Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");
    static final String SECRET = "soss-s3-credentials";
    /** JVM memory outside the heap (metaspace, code cache, threads, direct buffers of the Kafka and S3 clients). */
    static final long NON_HEAP_BYTES = 256L << 20;
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)");

    /** (overlay, service) for every overlay and each of the four services. */
    static Stream<Arguments> services() {
        return Overlay.all().stream().flatMap(o -> Project.SERVICES.stream().map(s -> Arguments.of(o, s)));
    }

    static Deployment deployment(Overlay o, String service) {
        return o.get(Deployment.class, service);
    }

    @Test
    void exactlyTheFourServicesAreThePipeline() {
        for (Overlay o : Overlay.all()) {
            List<String> pipeline = new ArrayList<>();
            for (Deployment d : o.all(Deployment.class)) {
                if ("pipeline".equals(d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component"))) {
                    pipeline.add(d.getMetadata().getName());
                }
            }
            assertEquals(Set.copyOf(Project.SERVICES), Set.copyOf(pipeline), o + ": Deployments labelled component=pipeline");
        }
        String rootPom = Project.read(Project.root().resolve("pom.xml"));
        for (String s : Project.SERVICES) {
            assertTrue(rootPom.contains("<module>" + s + "</module>"), s + " is not a module of the root pom");
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void imageIsTheModuleBuiltFromTheOneDockerfile(Overlay o, String service) {
        String image = o.container(service).getImage();
        assertTrue(image.startsWith(Project.IMAGE_PREFIX + service + ":"), service + ": image " + image);
        Path dockerfile = Project.deploy().resolve("images").resolve("Dockerfile");
        String text = Project.read(dockerfile);
        assertTrue(text.contains("COPY --chown=185 ${SERVICE}/target/quarkus-app/"),
                dockerfile + " must copy ${SERVICE}/target/quarkus-app");
        assertTrue(text.contains("EXPOSE ${HTTP_PORT}"), dockerfile + " must EXPOSE the HTTP_PORT argument");
        // The build loop of deploy/README.md passes each module with its quarkus.http.port.
        String readme = Project.read(Project.deploy().resolve("README.md"));
        assertTrue(readme.contains("\n" + service + " " + ServiceConfig.of(service).httpPort() + "\n"),
                "deploy/README.md must build " + service + " with HTTP_PORT " + ServiceConfig.of(service).httpPort());
    }

    @ParameterizedTest
    @MethodSource("services")
    void containerPortIsQuarkusHttpPortAndServiceRoutesToIt(Overlay o, String service) {
        int port = ServiceConfig.of(service).httpPort();
        Container c = o.container(service);
        assertEquals(1, c.getPorts().size(), service + ": one container port");
        ContainerPort cp = c.getPorts().get(0);
        assertEquals(port, cp.getContainerPort(), service + ": containerPort vs quarkus.http.port");
        Service svc = o.get(Service.class, service);
        Map<String, String> podLabels = deployment(o, service).getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(svc.getSpec().getSelector().entrySet()),
                service + ": the Service selector does not select the pods");
        assertTrue(podLabels.entrySet().containsAll(
                        deployment(o, service).getSpec().getSelector().getMatchLabels().entrySet()),
                service + ": the Deployment selector does not select its pods");
        ServicePort sp = svc.getSpec().getPorts().get(0);
        assertEquals(port, sp.getPort(), service + ": Service port");
        assertTrue(targets(sp.getTargetPort(), cp), service + ": Service targetPort " + sp.getTargetPort());
    }

    @ParameterizedTest
    @MethodSource("services")
    void probesUseQuarkusHealthOnTheServicePort(Overlay o, String service) {
        Container c = o.container(service);
        ContainerPort cp = c.getPorts().get(0);
        assertNotNull(c.getLivenessProbe(), service + ": no liveness probe");
        assertNotNull(c.getReadinessProbe(), service + ": no readiness probe");
        assertEquals("/q/health/live", httpGet(service, c.getLivenessProbe()).getPath());
        assertEquals("/q/health/ready", httpGet(service, c.getReadinessProbe()).getPath());
        for (Probe p : new Probe[] {c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe()}) {
            if (p != null) {
                HTTPGetAction get = httpGet(service, p);
                assertTrue(HEALTH_PATHS.contains(get.getPath()), service + ": probe path " + get.getPath());
                assertTrue(targets(get.getPort(), cp), service + ": probe port " + get.getPort());
            }
        }
    }

    /**
     * Memory: request = limit (the pod is never the first evicted under node pressure, and the heap it is
     * promised is there), and the limit holds the heap given in JDK_JAVA_OPTIONS plus the JVM's non-heap memory.
     * CPU: requested, and never limited below the one core a single-threaded science step can use.
     */
    @ParameterizedTest
    @MethodSource("services")
    void requestsAndLimitsHoldTheHeap(Overlay o, String service) {
        Container c = o.container(service);
        var res = c.getResources();
        for (String r : List.of("cpu", "memory")) {
            assertNotNull(res.getRequests().get(r), o + " " + service + ": no " + r + " request");
        }
        Quantity limit = res.getLimits().get("memory");
        assertNotNull(limit, o + " " + service + ": no memory limit");
        long limitBytes = Quantity.getAmountInBytes(limit).longValue();
        assertEquals(limitBytes, Quantity.getAmountInBytes(res.getRequests().get("memory")).longValue(),
                o + " " + service + ": memory request = limit");
        EnvVar opts = c.getEnv().stream().filter(e -> e.getName().equals("JDK_JAVA_OPTIONS")).findFirst()
                .orElseThrow(() -> new AssertionError(o + " " + service + ": no JDK_JAVA_OPTIONS with -Xmx"));
        Matcher m = XMX.matcher(opts.getValue());
        assertTrue(m.find(), o + " " + service + ": JDK_JAVA_OPTIONS has no -Xmx: " + opts.getValue());
        long heap = Long.parseLong(m.group(1)) << switch (m.group(2).toLowerCase()) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        assertTrue(heap + NON_HEAP_BYTES <= limitBytes, o + " " + service + ": heap " + (heap >> 20)
                + " MiB + " + (NON_HEAP_BYTES >> 20) + " MiB non-heap exceed the limit " + limit);
        Quantity cpuLimit = res.getLimits().get("cpu");
        assertTrue(cpuLimit == null || Quantity.getAmountInBytes(cpuLimit).doubleValue() >= 1.0,
                o + " " + service + ": a CPU limit below one core throttles its single-threaded science step");
    }

    /**
     * Every variable a service gets (explicit env and its envFrom ConfigMaps) is the env form of a key in the
     * README's configuration reference, and the service (or, for a shared ConfigMap, some service) reads that key.
     */
    @ParameterizedTest
    @MethodSource("services")
    void environmentMapsToConfigKeysTheServiceReads(Overlay o, String service) {
        Map<String, ConfigReference.Entry> documented = ConfigReference.byEnvName();
        ServiceConfig config = ServiceConfig.of(service);
        List<ServiceConfig> everyService = ServiceConfig.all();
        Container c = o.container(service);
        for (EnvVar e : c.getEnv()) {
            if (JVM_ENV.contains(e.getName())) {
                continue;
            }
            ConfigReference.Entry entry = documented.get(e.getName());
            assertNotNull(entry, service + ": env " + e.getName() + " is not in deploy/README.md's configuration reference");
            assertTrue(config.reads(entry.key()), service + ": env " + e.getName() + " sets " + entry.key()
                    + ", which " + service + " does not read (application.properties or sources)");
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                    && !e.getName().equals(KafkaAccessTest.JAAS_ENV)) {
                assertEquals(SECRET, e.getValueFrom().getSecretKeyRef().getName(), service + ": " + e.getName());
            }
        }
        for (EnvFromSource from : c.getEnvFrom()) {
            assertNotNull(from.getConfigMapRef(), service + ": envFrom only from ConfigMaps");
            String name = from.getConfigMapRef().getName();
            ConfigMap cm = o.get(ConfigMap.class, name);
            for (String env : cm.getData().keySet()) {
                ConfigReference.Entry entry = documented.get(env);
                assertNotNull(entry, name + ": " + env + " is not in deploy/README.md's configuration reference");
                assertTrue(everyService.stream().anyMatch(s -> s.reads(entry.key())),
                        name + ": " + env + " sets " + entry.key() + ", which no service reads");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void s3CredentialsComeFromTheSecret(Overlay o, String service) {
        Set<String> fromSecret = Set.of("SOSS_S3_ACCESS_KEY", "SOSS_S3_SECRET_KEY");
        List<String> found = new ArrayList<>();
        for (EnvVar e : o.container(service).getEnv()) {
            if (fromSecret.contains(e.getName())) {
                assertTrue(e.getValue() == null || e.getValue().isEmpty(), service + ": literal " + e.getName());
                assertEquals(SECRET, e.getValueFrom().getSecretKeyRef().getName(), service + ": " + e.getName());
                found.add(e.getName());
            }
        }
        assertEquals(fromSecret, Set.copyOf(found), service + ": S3 credentials from " + SECRET);
    }

    /** The README's table: the env column is the MicroProfile env form of the key, and some service reads the key. */
    @Test
    void configurationReferenceMatchesTheServices() {
        List<ServiceConfig> everyService = ServiceConfig.all();
        List<String> problems = new ArrayList<>();
        for (ConfigReference.Entry e : ConfigReference.byEnvName().values()) {
            if (!ServiceConfig.envName(e.key()).equals(e.env())) {
                problems.add(e.key() + ": env form is " + ServiceConfig.envName(e.key()) + ", README says " + e.env());
            }
            if (everyService.stream().noneMatch(s -> s.reads(e.key()))) {
                problems.add(e.key() + ": no service reads it");
            }
        }
        if (!problems.isEmpty()) {
            fail("deploy/README.md configuration reference vs the services:\n  " + String.join("\n  ", problems));
        }
    }

    private static HTTPGetAction httpGet(String service, Probe p) {
        assertNotNull(p.getHttpGet(), service + ": probes are HTTP GETs");
        return p.getHttpGet();
    }

    private static boolean targets(IntOrString port, ContainerPort cp) {
        return port != null && (port.getIntVal() != null ? port.getIntVal().equals(cp.getContainerPort())
                : port.getStrVal().equals(cp.getName()));
    }
}
