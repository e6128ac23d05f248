package io.sossstream.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.sossstream.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged calibration-service, started with the environment its prod Deployment renders to (ConfigMap
 * soss-config + its env; the Secret's sasl.jaas.config in Strimzi's format), works against a Kafka broker that,
 * like the Strimzi cluster, accepts only SCRAM-SHA-512 and enforces exactly the ACLs of its KafkaUser: it joins its
 * consumer group, dead-letters a malformed event (Write on soss.dead-letter) and commits past it. The broker
 * refuses a wrong password and another consumer group, so the success is not an open door.
 * Needs the packaged service (like RunningPipelineTest) and the broker's class path (soss-localstack/kafka).
 */
class KafkaAuthenticationRunningTest {
    static final String SERVICE = "calibration-service";
    static final Duration TIMEOUT = Duration.ofMinutes(4);

    @Test
    void serviceAuthenticatesWithItsRenderedCredentialsAndNeedsNoMoreThanItsAcls(@TempDir Path dir) throws Exception {
        ServiceProcess.jar(SERVICE); // fail first, clearly, when the service is not packaged
        Overlay o = Overlay.of("prod");
        Container c = o.container(SERVICE);
        Map<String, EnvVar> rendered = o.env(c);
        String user = rendered.get(KafkaAccessTest.JAAS_ENV).getValueFrom().getSecretKeyRef().getName();
        Overlay.Obj kafkaUser = o.find("KafkaUser", user).orElseThrow();
        String password = Uuid.randomUuid().toString();
        ServiceConfig config = ServiceConfig.of(SERVICE);
        // its pipeline input (not soss.retry, whose records come from the service itself)
        ServiceConfig.Channel in = config.channels().stream().filter(ServiceConfig.Channel::incoming)
                .filter(ch -> !ch.topic().equals(Topics.RETRY)).findFirst().orElseThrow();
        Set<String> topics = new TreeSet<>();
        config.channels().forEach(ch -> {
            topics.add(ch.topic());
            if (ch.deadLetterTopic() != null) {
                topics.add(ch.deadLetterTopic());
            }
        });

        try (ScramBroker broker = ScramBroker.start(dir.resolve("kafka"), Map.of(user, password), TIMEOUT)) {
            broker.createTopics(topics);
            broker.grant(user, KafkaAccessTest.grantedAcls(kafkaUser));

            // the Deployment's environment, with the cluster's addresses replaced by this machine's
            Map<String, String> env = new LinkedHashMap<>();
            rendered.forEach((name, e) -> {
                if (e.getValue() != null) {
                    env.put(name, e.getValue());
                }
            });
            env.remove("JDK_JAVA_OPTIONS");
            env.put(KafkaAccessTest.JAAS_ENV, ScramBroker.jaasConfig(user, password));
            env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap());
            env.put("SOSS_S3_ENDPOINT", "http://127.0.0.1:" + ScramBroker.freePort()); // not needed for a dead letter
            env.put("SOSS_S3_ACCESS_KEY", "unused");
            env.put("SOSS_S3_SECRET_KEY", "unused-secret");
            env.put("SOSS_WORK_DIR", dir.resolve("work").toString());
            int httpPort = ScramBroker.freePort();
            try (ServiceProcess service = ServiceProcess.start(SERVICE, httpPort,
                    Map.of("quarkus.http.port", String.valueOf(httpPort)), env, dir.resolve(SERVICE + ".log"))) {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.adminProperties(),
                        new StringSerializer(), new StringSerializer())) {
                    producer.send(new ProducerRecord<>(in.topic(), "obs-auth-test", "{ this is not an event"))
                            .get(1, TimeUnit.MINUTES);
                }
                ConsumerRecord<String, String> dead = awaitRecord(broker, in.deadLetterTopic(), service);
                assertNotNull(dead.headers().lastHeader("dead-letter-reason"), "dead letter carries its reason");
                awaitCommitted(broker, in, service);
            }

            // the door is not open: a wrong password and a foreign consumer group are refused
            Properties wrong = broker.clientProperties(user, password + "x");
            assertThrows(SaslAuthenticationException.class, () -> poll(wrong, in.group(), in.topic()));
            Properties right = broker.clientProperties(user, password);
            assertThrows(GroupAuthorizationException.class, () -> poll(right, "not-" + in.group(), in.topic()));
        }
    }

    private static ConsumerRecord<String, String> awaitRecord(ScramBroker broker, String topic, ServiceProcess service) {
        Properties p = broker.adminProperties();
        p.setProperty("auto.offset.reset", "earliest");
        p.setProperty("group.id", "deploy-tests-reader");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(2))) {
                    return r;
                }
            }
        }
        fail("no record on " + topic + " within " + TIMEOUT + "; " + service.tail() + "\nbroker:\n" + broker.logTail());
        return null;
    }

    private static void awaitCommitted(ScramBroker broker, ServiceConfig.Channel in, ServiceProcess service)
            throws Exception {
        TopicPartition tp = new TopicPartition(in.topic(), 0);
        long end = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = Admin.create(broker.adminProperties())) {
            while (System.nanoTime() < end) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(in.group())
                        .partitionsToOffsetAndMetadata().get(1, TimeUnit.MINUTES).get(tp);
                if (committed != null && committed.offset() >= 1) {
                    return;
                }
                Thread.sleep(1000);
            }
        }
        fail("group " + in.group() + " did not commit past the dead-lettered record; " + service.tail());
    }

    private static void poll(Properties p, String group, String topic) {
        Properties props = new Properties();
        props.putAll(p);
        props.setProperty("group.id", group);
        props.setProperty("default.api.timeout.ms", "20000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props,
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end) {
                consumer.poll(Duration.ofSeconds(1));
            }
        }
        throw new AssertionError("polled " + topic + " as group " + group + " for 60 s without an error");
    }
}
