package io.sossstream.redrive;

import io.sossstream.error.RetriableException;
import io.sossstream.events.Topics;
import io.sossstream.ingest.KafkaEventPublisher;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Re-publishes dead-lettered records once their cause is fixed ({@code bin/soss-stream redrive}): reads
 * {@code soss.dead-letter} from its beginning to its current end, keeps the records of one observation (or all),
 * the latest dead letter per origin ({@link DeadLetter#origin}: a record dead-lettered again after an earlier redrive
 * goes back once), and publishes each original key and value to its original topic. The steps are idempotent and
 * announce nothing twice, so a redrive of something that meanwhile succeeded changes nothing downstream.
 * The dead-letter topic itself is left as it is (its history is the audit trail); reads use no consumer group.
 */
public final class Redrive {
    /** What a redrive did. */
    public record Report(int deadLetters, List<DeadLetter> redriven, List<DeadLetter> skipped) {
    }

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Properties client;

    /**
     * @param client further client settings (e.g. {@code security.protocol}, {@code sasl.mechanism},
     *               {@code sasl.jaas.config} for a cluster that authenticates its clients); empty for the local stack
     */
    public Redrive(String bootstrapServers, Properties client) {
        this.bootstrapServers = bootstrapServers;
        this.client = client;
    }

    /** Redrives the dead letters of {@code observation}, or every dead letter when empty. */
    public Report run(Optional<String> observation) {
        List<DeadLetter> all = read();
        List<DeadLetter> chosen = select(all, observation);
        List<DeadLetter> redriven = new ArrayList<>();
        List<DeadLetter> skipped = new ArrayList<>();
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(bootstrapServers, client)) {
            for (DeadLetter d : chosen) {
                if (isPipelineTopic(d.topic())) {
                    publisher.publish(d.topic(), d.key(), d.value(), Map.of(DeadLetter.ORIGIN_HEADER, d.origin()));
                    redriven.add(d);
                } else {
                    skipped.add(d);
                }
            }
        }
        return new Report(all.size(), redriven, skipped);
    }

    /**
     * The dead letters to re-publish: those of {@code observation} (all when empty), the latest per origin, in the
     * order they were dead-lettered.
     */
    static List<DeadLetter> select(List<DeadLetter> deadLetters, Optional<String> observation) {
        Map<String, DeadLetter> latest = new LinkedHashMap<>();
        for (DeadLetter d : deadLetters) {
            if (observation.isEmpty() || observation.equals(d.observation())) {
                latest.merge(d.origin(), d, (a, b) -> a.offset() >= b.offset() ? a : b);
            }
        }
        return latest.values().stream().sorted(Comparator.comparingLong(DeadLetter::offset)).toList();
    }

    /**
     * A topic of the pipeline's events (never the dead-letter topic itself, nor the retry topic, whose records only
     * their service may hand back, nor a topic we do not know).
     */
    static boolean isPipelineTopic(String topic) {
        return Topics.ALL.contains(topic) && !Topics.DEAD_LETTER.equals(topic) && !Topics.RETRY.equals(topic);
    }

    /** Every record of {@code soss.dead-letter} up to its end at the time of the call. */
    private List<DeadLetter> read() {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "soss-redrive");
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.DEAD_LETTER, READ_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("no topic " + Topics.DEAD_LETTER + " at " + bootstrapServers);
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, READ_TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new RetriableException("could not read " + Topics.DEAD_LETTER + " to its end within "
                            + READ_TIMEOUT.toSeconds() + " s at " + bootstrapServers);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        DeadLetter.of(r).ifPresent(out::add);
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new RetriableException("cannot read " + Topics.DEAD_LETTER + " at " + bootstrapServers + ": " + e, e);
        }
        return out;
    }
}
