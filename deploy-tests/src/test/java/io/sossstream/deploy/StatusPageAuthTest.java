package io.sossstream.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page, /api/observations and /products of formatter-service are behind OpenID Connect sign-in in the
 * cluster: every Ingress route goes to the oauth2-proxy Deployment, which authenticates every path (no exemption
 * flag) and forwards to formatter-service's Service on its quarkus.http.port; the client and cookie secrets come
 * from a Secret; no Service is exposed outside the cluster by other means. (That nothing but the proxy reaches
 * formatter-service's pods is NetworkPolicyTest's.) Locally there is no proxy: bin/soss-stream serves the page on
 * loopback only.
 */
class StatusPageAuthTest {
    static final String STATUS_SERVICE = "formatter-service";
    static final String PROXY = "soss-auth-proxy";
    /** oauth2-proxy options that let requests through unauthenticated. */
    static final List<String> BYPASS_FLAGS = List.of("--skip-auth-regex", "--skip-auth-route", "--skip-auth-routes",
            "--skip-jwt-bearer-tokens", "--trusted-ip", "--authenticated-emails-file=");

    static List<Overlay> overlays() {
        return Overlay.all();
    }

    static List<String> problems(Overlay o) {
        List<String> problems = new ArrayList<>();
        List<Ingress> ingresses = o.all(Ingress.class);
        if (ingresses.isEmpty()) {
            problems.add(o + ": no Ingress: the status page would be reachable only by port-forward");
        }
        for (Ingress in : ingresses) {
            List<IngressBackend> backends = new ArrayList<>();
            if (in.getSpec().getDefaultBackend() != null) {
                backends.add(in.getSpec().getDefaultBackend());
            }
            for (IngressRule r : in.getSpec().getRules()) {
                for (HTTPIngressPath p : r.getHttp().getPaths()) {
                    backends.add(p.getBackend());
                }
            }
            for (IngressBackend b : backends) {
                String target = b.getService() == null ? "(not a Service)" : b.getService().getName();
                if (!PROXY.equals(target)) {
                    problems.add(o + ": Ingress " + in.getMetadata().getName() + " routes to " + target
                            + ", not through the authenticating proxy " + PROXY);
                }
            }
        }
        for (Service s : o.all(Service.class)) {
            String type = s.getSpec().getType();
            if (type != null && !type.equals("ClusterIP")) {
                problems.add(o + ": Service " + s.getMetadata().getName() + " is exposed as " + type);
            }
        }
        if (o.find(Deployment.class, PROXY).isEmpty()) {
            problems.add(o + ": no Deployment " + PROXY + " (oauth2-proxy)");
            return problems;
        }
        Container proxy = o.container(PROXY);
        Map<String, EnvVar> env = o.env(proxy);
        List<String> args = proxy.getArgs();
        int port = ServiceConfig.of(STATUS_SERVICE).httpPort();
        String upstream = "--upstream=http://" + STATUS_SERVICE + ":" + port + "/";
        if (!args.contains(upstream)) {
            problems.add(o + ": " + PROXY + " should forward to " + upstream.substring("--upstream=".length())
                    + " (formatter-service's quarkus.http.port), args " + args);
        }
        boolean servicePort = o.find(Service.class, STATUS_SERVICE).map(s -> s.getSpec().getPorts().stream()
                .anyMatch(p -> p.getPort() == port)).orElse(false);
        if (!servicePort) {
            problems.add(o + ": Service " + STATUS_SERVICE + " has no port " + port + " for the proxy");
        }
        if (!args.contains("--provider=oidc") || !env.containsKey("OAUTH2_PROXY_OIDC_ISSUER_URL")) {
            problems.add(o + ": " + PROXY + " must sign in with OpenID Connect (--provider=oidc and an issuer URL)");
        }
        for (String a : args) {
            if (BYPASS_FLAGS.stream().anyMatch(a::startsWith)) {
                problems.add(o + ": " + PROXY + " lets requests through unauthenticated: " + a);
            }
        }
        for (String secret : List.of("OAUTH2_PROXY_CLIENT_ID", "OAUTH2_PROXY_CLIENT_SECRET", "OAUTH2_PROXY_COOKIE_SECRET")) {
            EnvVar e = env.get(secret);
            if (e == null || e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null) {
                problems.add(o + ": " + PROXY + " " + secret + " must come from a Secret");
            }
        }
        return problems;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void statusPageAndProductsAreBehindSignIn(Overlay o) {
        assertEquals(List.of(), problems(o));
    }

    @Test
    void removedProxyIsReported(@TempDir Path tmp) {
        List<String> p = problems(DeployCopy.of(tmp)
                .removeDocument("base/auth/auth-proxy.yaml", "kind: Deployment\n").render("dev"));
        assertTrue(p.stream().anyMatch(s -> s.contains("no Deployment " + PROXY)), p.toString());
    }

    @Test
    void ingressStraightToTheServiceIsReported(@TempDir Path tmp) {
        List<String> p = problems(DeployCopy.of(tmp).edit("base/auth/auth-proxy.yaml", t -> t.replace(
                "                name: " + PROXY + "\n                port:\n                  name: http",
                "                name: " + STATUS_SERVICE + "\n                port:\n                  name: http"))
                .render("prod"));
        assertTrue(p.stream().anyMatch(s -> s.contains("routes to " + STATUS_SERVICE)), p.toString());
    }

    @Test
    void exemptedPathIsReported(@TempDir Path tmp) {
        List<String> p = problems(DeployCopy.of(tmp).edit("base/auth/auth-proxy.yaml", t -> t.replace(
                "            - --provider=oidc\n", "            - --provider=oidc\n            - --skip-auth-regex=^/products\n"))
                .render("dev"));
        assertTrue(p.stream().anyMatch(s -> s.contains("unauthenticated: --skip-auth-regex")), p.toString());
    }
}
