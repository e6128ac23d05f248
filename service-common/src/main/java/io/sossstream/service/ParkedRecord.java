package io.sossstream.service;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A record parked on {@code soss.retry} after a retriable failure: the original key and value, and headers saying
 * which service retries it, the original coordinates, how many attempts failed since when, and when to try again.
 * The service's {@link RetryConsumer} hands it back, when due, to the consumer of its original topic as the
 * {@link #original()} record, whose headers keep the attempt count so that the next failure parks it further on.
 * The original record's own headers travel along (e.g. the origin a redrive adds).
 *
 * @param service      the service that parked it and retries it
 * @param topic        original topic
 * @param partition    original partition
 * @param offset       original offset
 * @param failures     attempts that failed so far (≥ 1)
 * @param firstFailure when the first attempt failed, epoch milliseconds
 * @param notBefore    when to try again, epoch milliseconds
 * @param reason       the last failure
 * @param carried      the original record's own headers (none of the retry headers)
 */
public record ParkedRecord(String service, String topic, int partition, long offset, int failures, long firstFailure,
                           long notBefore, String reason, String key, byte[] value, Headers carried) {
    private static final String PREFIX = "retry-";
    static final String SERVICE = "retry-service";
    static final String TOPIC = "retry-topic";
    static final String PARTITION = "retry-partition";
    static final String OFFSET = "retry-offset";
    static final String FAILURES = "retry-failures";
    static final String FIRST_FAILURE = "retry-first-failure";
    static final String NOT_BEFORE = "retry-not-before";
    static final String REASON = "retry-reason";

    /** The retry history a record carries: none for a record straight from its topic. */
    record History(int failures, long firstFailure) {
        static final History NONE = new History(0, -1);
    }

    /** The history of {@code record} (a parked record handed back carries one). */
    static History history(ConsumerRecord<?, ?> record) {
        Optional<String> failures = header(record.headers(), FAILURES);
        Optional<String> first = header(record.headers(), FIRST_FAILURE);
        if (failures.isEmpty() || first.isEmpty()) {
            return History.NONE;
        }
        return new History(Integer.parseInt(failures.get()), Long.parseLong(first.get()));
    }

    /** Reads a record of {@code soss.retry}; empty when it lacks the headers (not written by a service). */
    static Optional<ParkedRecord> of(ConsumerRecord<String, byte[]> r) {
        Headers h = r.headers();
        try {
            return Optional.of(new ParkedRecord(header(h, SERVICE).orElseThrow(), header(h, TOPIC).orElseThrow(),
                    Integer.parseInt(header(h, PARTITION).orElseThrow()),
                    Long.parseLong(header(h, OFFSET).orElseThrow()),
                    Integer.parseInt(header(h, FAILURES).orElseThrow()),
                    Long.parseLong(header(h, FIRST_FAILURE).orElseThrow()),
                    Long.parseLong(header(h, NOT_BEFORE).orElseThrow()), header(h, REASON).orElse(""), r.key(),
                    r.value(), carried(h)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The headers of {@code h} other than the retry headers: what a record carries through parking. */
    static Headers carried(Headers h) {
        RecordHeaders out = new RecordHeaders();
        for (Header x : h) {
            if (!x.key().startsWith(PREFIX)) {
                out.add(x);
            }
        }
        return out;
    }

    /** The headers of this parked record on {@code soss.retry}. */
    Headers headers() {
        RecordHeaders h = new RecordHeaders(carried.toArray());
        put(h, SERVICE, service);
        put(h, TOPIC, topic);
        put(h, PARTITION, Integer.toString(partition));
        put(h, OFFSET, Long.toString(offset));
        put(h, FAILURES, Integer.toString(failures));
        put(h, FIRST_FAILURE, Long.toString(firstFailure));
        put(h, NOT_BEFORE, Long.toString(notBefore));
        put(h, REASON, reason);
        return h;
    }

    /** The original record as its consumer sees it, carrying the retry history. */
    ConsumerRecord<String, byte[]> original() {
        RecordHeaders h = new RecordHeaders(carried.toArray());
        put(h, FAILURES, Integer.toString(failures));
        put(h, FIRST_FAILURE, Long.toString(firstFailure));
        return new ConsumerRecord<>(topic, partition, offset, firstFailure, TimestampType.NO_TIMESTAMP_TYPE,
                ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, key, value, h, Optional.empty());
    }

    private static void put(RecordHeaders h, String name, String value) {
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? Optional.empty()
                : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }
}
