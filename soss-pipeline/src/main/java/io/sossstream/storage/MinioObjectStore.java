package io.sossstream.storage;

import io.minio.BucketExistsArgs;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import io.sossstream.error.RetriableException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@link ObjectStore} on any S3-compatible server (MinIO, S3Proxy, AWS) through the MinIO Java client. Files are
 * uploaded in parts of {@link #partSize()} bytes when larger (S3 multipart upload, which the server assembles
 * atomically). Connection failures and server errors (5xx, throttling) become {@link RetriableException};
 * {@code NoSuchKey}/{@code NoSuchBucket} become empty results; other refusals become {@link StorageException}.
 */
public final class MinioObjectStore implements ObjectStore {
    /** Default multipart part size: 16 MiB (S3's minimum is 5 MiB). */
    public static final long DEFAULT_PART_SIZE = 16L << 20;
    /** S3's smallest allowed part. */
    public static final long MIN_PART_SIZE = 5L << 20;
    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject", "NotFound");
    private static final Set<String> TRANSIENT = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "XMinioServerNotInitialized");

    private final MinioClient client;
    private final String endpoint;
    private final long partSize;

    /**
     * @param endpoint  e.g. {@code http://127.0.0.1:18080}
     * @param accessKey access key
     * @param secretKey secret key
     * @param partSize  multipart part size in bytes (≥ 5 MiB); files larger than it are uploaded in parts
     */
    public MinioObjectStore(String endpoint, String accessKey, String secretKey, long partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size " + partSize + " below S3's minimum " + MIN_PART_SIZE);
        }
        this.endpoint = endpoint;
        this.partSize = partSize;
        // A fixed region avoids a GetBucketLocation round trip per bucket (S3Proxy and MinIO accept us-east-1).
        this.client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey)
                .region("us-east-1").build();
        this.client.setTimeout(TimeUnit.SECONDS.toMillis(10), TimeUnit.MINUTES.toMillis(5),
                TimeUnit.MINUTES.toMillis(5));
    }

    /** With {@link #DEFAULT_PART_SIZE}. */
    public MinioObjectStore(String endpoint, String accessKey, String secretKey) {
        this(endpoint, accessKey, secretKey, DEFAULT_PART_SIZE);
    }

    /** The underlying client, for operations this interface does not offer. */
    public MinioClient client() {
        return client;
    }

    public String endpoint() {
        return endpoint;
    }

    /** Multipart part size in bytes; a file larger than it is uploaded in several parts. */
    public long partSize() {
        return partSize;
    }

    /** Lists the buckets: a cheap readiness probe. */
    public List<String> listBuckets() {
        return call("list buckets", () -> client.listBuckets().stream().map(b -> b.name()).toList());
    }

    @Override
    public void ensureBucket(String bucket) {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public ObjectInfo put(String bucket, String key, Path file, String contentType) {
        return call("put " + bucket + "/" + key, () -> {
            ObjectWriteResponse r = client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key)
                    .filename(file.toString(), partSize).contentType(contentType).build());
            return new ObjectInfo(bucket, key, Files.size(file), unquote(r.etag()));
        });
    }

    @Override
    public ObjectInfo put(String bucket, String key, byte[] data, String contentType) {
        return call("put " + bucket + "/" + key, () -> {
            ObjectWriteResponse r = client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(data), data.length, partSize).contentType(contentType).build());
            return new ObjectInfo(bucket, key, data.length, unquote(r.etag()));
        });
    }

    @Override
    public Optional<ObjectInfo> stat(String bucket, String key) {
        return callOptional("stat " + bucket + "/" + key, () -> {
            StatObjectResponse s = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return new ObjectInfo(bucket, key, s.size(), unquote(s.etag()));
        });
    }

    @Override
    public Optional<byte[]> get(String bucket, String key) {
        return callOptional("get " + bucket + "/" + key, () -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key)
                    .build())) {
                return in.readAllBytes();
            }
        });
    }

    @Override
    public boolean download(String bucket, String key, Path target) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(".soss-tmp-" + target.getFileName() + "-" + System.nanoTime());
        try {
            Optional<Boolean> done = callOptional("download " + bucket + "/" + key, () -> {
                Files.createDirectories(dir);
                client.downloadObject(DownloadObjectArgs.builder().bucket(bucket).object(key)
                        .filename(tmp.toString()).overwrite(true).build());
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return true;
            });
            return done.orElse(false);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // leftover temporary file; harmless
            }
        }
    }

    @Override
    public List<ObjectInfo> list(String bucket, String prefix) {
        return callOptional("list " + bucket + "/" + prefix, () -> {
            List<ObjectInfo> out = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket)
                    .prefix(prefix == null ? "" : prefix).recursive(true).build())) {
                Item item = r.get();
                // S3Proxy's filesystem backend lists directories as objects "dir/": not objects for us.
                if (item.isDir() || item.objectName().endsWith("/")) {
                    continue;
                }
                out.add(new ObjectInfo(bucket, item.objectName(), item.size(), unquote(item.etag())));
            }
            out.sort(Comparator.comparing(ObjectInfo::key));
            return out;
        }).orElse(List.of());
    }

    @Override
    public void delete(String bucket, String key) {
        callOptional("delete " + bucket + "/" + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return Boolean.TRUE;
        });
    }

    /** Releases the HTTP client's threads and connections (otherwise they keep a JVM alive for a minute). */
    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // closing idle connections cannot fail in a way the caller could act on
        }
    }

    private static String unquote(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    private interface S3Call<T> {
        T run() throws Exception;
    }

    private <T> Optional<T> callOptional(String what, S3Call<T> op) {
        try {
            return Optional.ofNullable(op.run());
        } catch (ErrorResponseException e) {
            if (MISSING.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw translate(what, e);
        } catch (Exception e) {
            throw translate(what, e);
        }
    }

    private <T> T call(String what, S3Call<T> op) {
        try {
            return op.run();
        } catch (Exception e) {
            throw translate(what, e);
        }
    }

    private RuntimeException translate(String what, Exception e) {
        String msg = what + " on " + endpoint + " failed: " + e;
        if (e instanceof RetriableException r) {
            return r;
        }
        if (e instanceof ErrorResponseException er) {
            String code = er.errorResponse().code();
            int status = er.response() == null ? 0 : er.response().code();
            if (TRANSIENT.contains(code) || status >= 500) {
                return new RetriableException(msg, e);
            }
            return new StorageException(msg + " (" + code + ")", e);
        }
        if (e instanceof IOException || e instanceof ServerException
                || e instanceof io.minio.errors.InvalidResponseException
                || e instanceof io.minio.errors.InsufficientDataException) {
            return new RetriableException(msg, e);
        }
        if (e instanceof RuntimeException re && !(e instanceof IllegalArgumentException)) {
            return re;
        }
        return new StorageException(msg, e);
    }
}
