package io.sossstream.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the object store (the Kafka channels have their own checks from SmallRye). */
@Readiness
@ApplicationScoped
public class ObjectStoreHealth implements HealthCheck {
    private final PipelineContext context;

    ObjectStoreHealth(PipelineContext context) {
        this.context = context;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            context.probeStore();
            return HealthCheckResponse.named("object-store").up().build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("object-store").down().withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
