package io.sossstream.localstack;

import io.sossstream.storage.MinioObjectStore;

import java.util.Map;
import java.util.Properties;

/**
 * How clients reach a local stack: the broker's bootstrap servers, the S3 endpoint and the object store's
 * credentials.
 */
record StackConnection(String bootstrapServers, String s3Endpoint, String accessKey, String secretKey) {
    /** The object store's fixed credentials on loopback (S3Proxy's identity and credential). */
    static final String ACCESS_KEY = "soss-local";
    static final String SECRET_KEY = "soss-local-secret-key";

    /** From the stack's state ({@code kafka.bootstrap}, {@code s3.endpoint}, {@code s3.access.key}, ...). */
    static StackConnection of(Properties state) {
        return new StackConnection(state.getProperty("kafka.bootstrap"), state.getProperty("s3.endpoint"),
                state.getProperty("s3.access.key"), state.getProperty("s3.secret.key"));
    }

    /** A new client of the object store (default part size); close it when done. */
    MinioObjectStore objectStore() {
        return new MinioObjectStore(s3Endpoint, accessKey, secretKey);
    }

    /** Client properties with {@code bootstrap.servers} set. */
    Properties kafkaClientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /** The services' endpoints as configuration properties; no credentials (see {@link #credentialsEnvironment()}). */
    Map<String, String> connectionProperties() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers, "soss.s3.endpoint", s3Endpoint);
    }

    /** The credentials as the environment variables the services read. */
    Map<String, String> credentialsEnvironment() {
        return Map.of("SOSS_S3_ACCESS_KEY", accessKey, "SOSS_S3_SECRET_KEY", secretKey);
    }
}
