package io.sossstream.pipeline;

import io.sossstream.error.BadInputException;
import io.sossstream.error.RetriableException;
import io.sossstream.events.S3EventNotification;
import io.sossstream.segment.Observation;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.SegmentValidator;
import io.sossstream.segment.ValidatedSegment;
import io.sossstream.stage3.InputFile;
import io.sossstream.storage.ObjectInfo;
import io.sossstream.storage.ObjectLayout;
import io.sossstream.storage.ObjectStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The registry of landed segments ({@code observations/<obs>/segments/segNNN.json}), shared by profile- and
 * extract-service: both register every landed segment (the same event gives the same record, so whichever comes
 * second changes nothing). The registry is the stream's memory: a segment that lands before its profile is not
 * dropped, it is found here when the profile is ready.
 *
 * <p>A segment joins only if it belongs with those already registered ({@link Observation#partial}: observation,
 * subarray, target, EXSEGTOT, NINTS, contiguous integrations). A different file claiming an already registered
 * segment number is bad input; the stored record is never overwritten with other content.
 */
final class SegmentRegistry {
    private final ObjectStore store;
    private final ObjectLayout layout;

    SegmentRegistry(ObjectStore store, ObjectLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** A registered segment and its raw file downloaded into a scratch folder. */
    record Landed(SegmentRecord record, Path file) {
    }

    /**
     * Why a {@code soss.segments} event is not a segment to process (removal, not a {@code .fits} key, another
     * bucket), or empty when it is.
     */
    Optional<String> skipReason(S3EventNotification event) {
        if (!event.isObjectCreated()) {
            return Optional.of("ignored " + event.eventName() + " of " + event.messageKey());
        }
        if (!event.bucket().equals(layout.rawBucket())) {
            return Optional.of("ignored " + event.messageKey() + ": not in the raw bucket " + layout.rawBucket());
        }
        if (!ObjectLayout.isSegmentKey(event.key())) {
            return Optional.of("ignored " + event.messageKey() + ": not a .fits segment");
        }
        return Optional.empty();
    }

    /** What a step does with a registered segment. */
    @FunctionalInterface
    interface OnLanded {
        Outcome handle(Landed landed, Scratch scratch);
    }

    /**
     * The opening every step on {@code soss.segments} shares: skip what is not a raw segment, register the segment
     * (its file in a scratch folder of {@code workDir}) and hand it to {@code then}.
     *
     * @param refusedBy null when this step owns the refusal of a bad segment (it throws the
     *                  {@link BadInputException}); else the step that does, and this one skips the segment, so that
     *                  a bad segment gives one dead letter, not one per step reading it
     */
    Outcome onLanded(S3EventNotification event, java.nio.file.Path workDir, String refusedBy, OnLanded then) {
        Optional<String> skip = skipReason(event);
        if (skip.isPresent()) {
            return Outcome.none(skip.get());
        }
        try (Scratch scratch = Scratch.in(workDir)) {
            Landed landed;
            try {
                landed = land(event, scratch);
            } catch (BadInputException e) {
                if (refusedBy == null) {
                    throw e;
                }
                return Outcome.none("skipped, refused at landing (" + refusedBy + " dead-letters it): "
                        + e.getMessage());
            }
            return then.handle(landed, scratch);
        }
    }

    /**
     * Downloads the landed object into {@code scratch} (or uses it in place when the store keeps local files),
     * validates it (header and frames, before any compute) and registers it.
     *
     * @throws BadInputException naming {@code bucket/key} when the object is not a valid segment or conflicts with
     *                           the segments already registered
     */
    Landed land(S3EventNotification event, Scratch scratch) {
        String address = event.messageKey();
        Path file = download(event.bucket(), event.key(), scratch);
        SegmentHeader header = readHeader(file, address);
        String etag = event.eTag();
        long size = event.size();
        if (etag.isEmpty() || size < 0) {
            ObjectInfo info = store.stat(event.bucket(), event.key()).orElseThrow(() -> vanished(address));
            etag = info.etag();
            size = info.size();
        }
        // No event time, no landing time: the latency is then not recorded rather than measured from now.
        long landedAt = event.eventTime() != null ? event.eventTime().toEpochMilli() : SegmentRecord.UNKNOWN_TIME;
        Optional<SegmentRecord> same = sameVersionRegistered(header, event.bucket(), event.key(), etag, size);
        if (same.isPresent()) {
            // the other step on this event (or a redelivery) registered this very object version: digest it once
            return new Landed(same.get(), file);
        }
        String checksum = digest(event.bucket(), event.key(), file);
        SegmentRecord candidate = SegmentRecord.of(header, event.bucket(), event.key(), etag, size, checksum, landedAt);
        return new Landed(register(candidate), file);
    }

    /**
     * The record of this segment when it was registered from the same object version (address, ETag and size), whose
     * checksum therefore still holds; empty otherwise (first landing, another object, or the object changed).
     */
    private Optional<SegmentRecord> sameVersionRegistered(SegmentHeader header, String bucket, String key, String etag,
                                                          long size) {
        Optional<SegmentRecord> stored;
        try {
            stored = record(header.observationId(), header.segmentNumber());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a segment number the layout cannot key: register() names the problem
        }
        return stored.filter(r -> r.rawBucket().equals(bucket) && r.rawKey().equals(key) && !etag.isEmpty()
                && r.etag().equals(etag) && r.size() == size);
    }

    /**
     * Stores {@code candidate} unless the same file is already registered for its segment number.
     *
     * @return the stored record (the earlier one when the same file was already registered)
     */
    SegmentRecord register(SegmentRecord candidate) {
        String address = candidate.rawAddress();
        String obs = candidate.observationId();
        String key = recordKey(obs, candidate.segmentNumber(), address);
        Optional<SegmentRecord> existing = read(key);
        if (existing.isPresent()) {
            return sameSegment(existing.get(), candidate);
        }
        List<SegmentHeader> headers = new ArrayList<>();
        for (SegmentRecord r : records(obs)) {
            if (r.segmentNumber() == candidate.segmentNumber()) {
                // Registered meanwhile by the other step that consumes the same event (profile and extract both do).
                return sameSegment(r, candidate);
            }
            headers.add(r.header());
        }
        headers.add(candidate.header());
        try {
            Observation.partial(headers);
        } catch (BadInputException e) {
            throw new BadInputException(address, e.problem(), e);
        }
        store.put(layout.workBucket(), key, candidate.toJson(), "application/json");
        return candidate;
    }

    /** The stored record when it is the same file; a different file claiming the same segment is bad input. */
    private static SegmentRecord sameSegment(SegmentRecord stored, SegmentRecord candidate) {
        if (!stored.checksum().equals(candidate.checksum())) {
            throw new BadInputException(candidate.rawAddress(), "claims segment " + candidate.segmentNumber() + " of "
                    + candidate.observationId() + ", already registered from " + stored.rawAddress()
                    + " with other content (" + stored.checksum() + " vs " + candidate.checksum()
                    + "); the stored record is kept");
        }
        return stored;
    }

    /** The registered segments of an observation, by segment number. */
    List<SegmentRecord> records(String obs) {
        List<SegmentRecord> out = new ArrayList<>();
        for (ObjectInfo o : store.list(layout.workBucket(), layout.segmentsPrefix(obs))) {
            if (o.key().endsWith(".json")) {
                read(o.key()).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparingInt(SegmentRecord::segmentNumber));
        return out;
    }

    /** The record of one segment, if registered. */
    Optional<SegmentRecord> record(String obs, int segment) {
        return read(layout.segmentRecord(obs, segment));
    }

    /**
     * Downloads a registered segment's raw file into {@code scratch} and checks that it is still the registered
     * file, so that every step works on the bytes the product's provenance names: the same ETag and size as
     * registered, or else the same checksum (the object was rewritten with the same bytes).
     */
    Path fetch(SegmentRecord r, Scratch scratch) {
        Path file = download(r.rawBucket(), r.rawKey(), scratch);
        Optional<ObjectInfo> now = store.stat(r.rawBucket(), r.rawKey());
        if (now.isPresent() && !r.etag().isEmpty() && now.get().etag().equals(r.etag()) && now.get().size() == r.size()) {
            return file;
        }
        String sum = digest(r.rawBucket(), r.rawKey(), file);
        if (!sum.equals(r.checksum())) {
            throw new BadInputException(r.rawAddress(), "content changed since it was registered as segment "
                    + r.segmentNumber() + " of " + r.observationId() + " (" + sum + ", registered "
                    + r.checksum() + ")");
        }
        return file;
    }

    /** The object's checksum: the store's when it has it (computed alongside the steps), else read from the file. */
    private String digest(String bucket, String key, Path file) {
        return store.checksum(bucket, key).orElseGet(() -> InputFile.checksum(file));
    }

    private Optional<SegmentRecord> read(String key) {
        return store.get(layout.workBucket(), key)
                .map(bytes -> SegmentRecord.fromJson(bytes, layout.workBucket() + "/" + key));
    }

    private String recordKey(String obs, int segment, String address) {
        try {
            return layout.segmentRecord(obs, segment);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(address, e.getMessage(), e);
        }
    }

    /**
     * The local file of {@code bucket/key}: the store's own when it keeps local files (no copy), else a download into
     * its own scratch sub-folder under its base name (headers name the file).
     */
    private Path download(String bucket, String key, Scratch scratch) {
        Optional<Path> local = store.localFile(bucket, key);
        if (local.isPresent()) {
            return local.get();
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        Path target = scratch.folder("raw-" + Integer.toHexString((bucket + "/" + key).hashCode())).resolve(name);
        if (!store.download(bucket, key, target)) {
            throw vanished(bucket + "/" + key);
        }
        return target;
    }

    private static RetriableException vanished(String address) {
        return new RetriableException(address + ": object not found (not yet visible, or deleted)");
    }

    /** Reads and validates the segment ({@link SegmentValidator}: header values and frames) before any compute. */
    private static SegmentHeader readHeader(Path file, String address) {
        try {
            return ValidatedSegment.header(file);
        } catch (BadInputException e) {
            throw new BadInputException(address, e.problem(), e);
        }
    }
}
