package io.sossstream.service;

import io.sossstream.pipeline.Scratch;
import io.sossstream.pipeline.StepContext;
import io.sossstream.stage3.Parameter;
import io.sossstream.ProgressListener;
import io.sossstream.stage3.Stage3Options;
import io.sossstream.stage3.Stage3Parameters;
import io.sossstream.storage.FileSystemObjectStore;
import io.sossstream.storage.MinioObjectStore;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What every pipeline step needs, built once per service from configuration: the object store
 * ({@code soss.s3.endpoint}, {@code soss.s3.access-key}, {@code soss.s3.secret-key}), the bucket layout, the
 * service-wide Stage 3 defaults ({@link #defaults(Config)}: {@code soss.width-order1} ...) and a local work directory ({@code soss.work-dir}).
 * The steps themselves are created on first use ({@link #step}), so that a service starts and reports health even
 * before it has work.
 */
@ApplicationScoped
public class PipelineContext {
    private static final Logger LOG = Logger.getLogger(PipelineContext.class);

    private final ObjectStore store;
    private final ObjectLayout layout;
    private final Stage3Options defaults;
    private final Path workDir;
    private final String service;
    private final ThroughputGauge throughput;
    private final Map<Class<?>, Object> steps = new ConcurrentHashMap<>();
    private volatile boolean bucketsReady;

    PipelineContext(
            @ConfigProperty(name = "soss.s3.endpoint") String endpoint,
            @ConfigProperty(name = "soss.s3.access-key") String accessKey,
            @ConfigProperty(name = "soss.s3.secret-key") String secretKey,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "soss.work-dir") Optional<String> workDir,
            Config config,
            ThroughputGauge throughput) {
        this.store = openStore(endpoint, accessKey, secretKey);
        this.layout = ObjectLayout.defaults();
        this.service = service;
        this.throughput = throughput;
        this.defaults = defaults(config);
        this.workDir = workDir(workDir, service);
        // a killed predecessor's scratch folders (a whole raw segment each) would stay forever otherwise
        int leftovers = Scratch.clearLeftovers(this.workDir);
        LOG.infof("event=config service=%s s3=%s workDir=%s scratchLeftoversDeleted=%d defaults=%s", service,
                endpoint, this.workDir, leftovers, this.defaults);
    }

    /**
     * Service-wide Stage 3 defaults: every parameter of {@link Stage3Parameters} under its property name
     * ({@code soss.width-order1}, or {@code SOSS_WIDTH_ORDER1} in the environment), read by the block's parser.
     *
     * @throws io.sossstream.error.BadInputException for a value the parameter does not allow: the service does
     *                                               not start
     */
    static Stage3Options defaults(Config config) {
        return Stage3Options.fromSettings(key -> config.getOptionalValue(key, String.class), Parameter.Place.SERVICE,
                "service configuration").checkConsistent(Parameter.Place.SERVICE, "service configuration");
    }

    private static Path workDir(Optional<String> configured, String service) {
        try {
            if (configured.isPresent() && !configured.get().isBlank()) {
                return Files.createDirectories(Path.of(configured.get())).toAbsolutePath();
            }
            return Files.createTempDirectory("soss-" + service + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory (soss.work-dir)", e);
        }
    }

    /**
     * The object store at {@code soss.s3.endpoint}: an S3 URL, or {@code file:/folder} for buckets as sub-folders of
     * a local folder (one machine, tests).
     */
    static ObjectStore openStore(String endpoint, String accessKey, String secretKey) {
        if (endpoint.startsWith("file:")) {
            return new FileSystemObjectStore(Path.of(java.net.URI.create(endpoint)));
        }
        return new MinioObjectStore(endpoint, accessKey, secretKey);
    }

    /** Creates the buckets at start-up; until that succeeds the service is not ready ({@link ObjectStoreHealth}). */
    void onStart(@Observes StartupEvent event) {
        try {
            ensureBuckets();
        } catch (RuntimeException e) {
            LOG.warnf("event=buckets-not-ensured service=%s error=\"%s\"", service, e.getMessage());
        }
    }

    /** Creates the buckets unless done already; throws while the store refuses or cannot be reached. */
    public void ensureBuckets() {
        if (!bucketsReady) {
            for (String bucket : layout.buckets()) {
                store.ensureBucket(bucket);
            }
            bucketsReady = true;
        }
    }

    @PreDestroy
    void close() {
        store.close();
    }

    @Produces
    @Singleton
    public ObjectStore store() {
        return store;
    }

    @Produces
    @Singleton
    public ObjectLayout layout() {
        return layout;
    }

    @Produces
    @Singleton
    public Stage3Options defaults() {
        return defaults;
    }

    /** Local scratch space of this service (segments being read, products being written). */
    public Path workDir() {
        return workDir;
    }

    /** {@code quarkus.application.name}: the {@code service} tag of every metric. */
    public String service() {
        return service;
    }

    /** What the steps of this service work with (the standard rules, the system clock). */
    public StepContext stepContext() {
        return StepContext.of(store, layout, defaults, workDir, throughput);
    }

    /** Progress of long steps: feeds the integrations-per-second gauge. */
    public ProgressListener progress() {
        return throughput;
    }

    /** The step of type {@code type}, created by {@code factory} on first use and then shared. */
    @SuppressWarnings("unchecked")
    public <T> T step(Class<T> type, Function<StepContext, T> factory) {
        Object s = steps.get(type);
        if (s == null) {
            synchronized (steps) {
                s = steps.get(type);
                if (s == null) {
                    try {
                        s = factory.apply(stepContext());
                    } catch (UnsupportedOperationException e) {
                        throw new IllegalStateException(type.getSimpleName() + " is not implemented in this build", e);
                    }
                    steps.put(type, s);
                }
            }
        }
        return (T) s;
    }

    /** Readiness probe of the object store: a cheap request that fails when the store is unreachable. */
    public void probeStore() {
        ensureBuckets();
        store.stat(layout.workBucket(), "health-probe");
    }
}
