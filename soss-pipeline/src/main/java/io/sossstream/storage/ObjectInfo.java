package io.sossstream.storage;

/**
 * What a store knows about one object.
 *
 * @param bucket bucket
 * @param key    object key
 * @param size   size in bytes
 * @param etag   entity tag without quotes (content hash for single-part puts; store-specific otherwise)
 */
public record ObjectInfo(String bucket, String key, long size, String etag) {
}
