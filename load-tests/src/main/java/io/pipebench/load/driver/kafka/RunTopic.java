package io.pipebench.load.driver.kafka;

import io.pipebench.cluster.ClientRole;
import io.pipebench.cluster.ClusterSecurity;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.load.driver.RunChannel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The distributed run's own topic, {@code pipebench-run-<run>} (one partition, so every reader sees one order), on the
 * cluster under test: the only thing the injectors share, so no coordinator process is needed. Each injector posts
 * {@code ready/<i>}, then {@code alive/<i>} every few seconds while it runs, then its run folder's files
 * ({@code file/<i>/<name>}) and {@code done/<i>} with its counts, or {@code failed/<i>} with the reason.
 *
 * <p>Why a topic: the pods of a finished Job cannot be copied from, a shared volume needs a ReadWriteMany class most
 * clusters lack, and object storage would need credentials of another kind; the Kafka cluster is already reachable
 * and authenticated from every injector and from whoever merges. Timestamps are the broker's (LogAppendTime), so the
 * agreed start instant is computed from one clock.
 *
 * <p>The barrier and the merge ({@code distributed/}) know it only as a {@link RunChannel}, which a Kafka driver opens
 * ({@link KafkaDriver#runChannel}): it lives under {@code driver/kafka/} because it is a Kafka client.
 */
public final class RunTopic implements RunChannel {

    public static final String PREFIX = ClientRole.HARNESS_TOPIC_PREFIX + "run-";
    /** Room for a run folder's HdrHistogram logs in one record each (an hour of 1 s intervals is about 2 MB); MSK
     * Serverless caps records at 8 MB. */
    static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    private final Map<String, Object> connection;
    private final String run;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    /** The cluster connection this topic opened itself ({@link #external}), closed with it. */
    private KafkaCluster ownCluster;

    private RunTopic(Map<String, Object> connection, String run, KafkaProducer<String, byte[]> producer) {
        this.connection = connection;
        this.run = run;
        this.topic = PREFIX + run;
        this.producer = producer;
    }

    /**
     * The run's topic on the external cluster of {@code clusterConfig} and the KAFKA_* variables, for a merge run
     * apart from the injectors; closing the topic closes the connection.
     */
    public static RunTopic external(Optional<Path> clusterConfig, String run) {
        KafkaCluster cluster = KafkaTarget.open(KafkaTarget.Kind.EXTERNAL, ClusterSecurity.PLAINTEXT, clusterConfig);
        try {
            RunTopic topic = open(cluster.connectionProperties(), run);
            topic.ownCluster = cluster;
            return topic;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Opens (creating it if missing) the run's topic on the cluster of {@code connection}. */
    public static RunTopic open(Map<String, Object> connection, String run) {
        String topic = PREFIX + run;
        try (Admin admin = Admin.create(connection)) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            NewTopic t = new NewTopic(topic, 1, (short) Math.min(3, brokers)).configs(Map.of(
                    "message.timestamp.type", "LogAppendTime",
                    "max.message.bytes", String.valueOf(MAX_RECORD_BYTES),
                    "retention.ms", String.valueOf(Duration.ofDays(7).toMillis()),
                    "min.insync.replicas", String.valueOf(Math.min(2, brokers))));
            admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the run topic " + topic + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot create the run topic " + topic + ": the cluster did not answer "
                    + "within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the run topic " + topic, e);
        }
        Map<String, Object> p = new HashMap<>(connection);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "pipebench-run-" + run);
        return new RunTopic(connection, run,
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()));
    }

    @Override
    public String name() {
        return topic;
    }

    /** Posts one message and waits for its acknowledgement: a barrier message that is not stored did not happen. */
    @Override
    public void post(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot post " + key + " to the run topic " + topic + ": "
                    + (e.getCause() != null ? e.getCause() : e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting " + key + " to " + topic, e);
        }
    }

    /**
     * Reads the topic from its start until {@code enough} holds for what was read, or {@code timeout} passes; returns
     * everything read either way (the caller names what is missing).
     */
    @Override
    public List<Message> readUntil(Predicate<List<Message>> enough, Duration timeout) throws InterruptedException {
        Map<String, Object> c = new HashMap<>(connection);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_RECORD_BYTES);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_RECORD_BYTES);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipebench-run-reader-" + run);
        List<Message> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            while (!enough.test(read)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(Math.min(200,
                        TimeUnit.NANOSECONDS.toMillis(left) + 1)))) {
                    if (r.key() != null && r.key().indexOf('/') > 0) {
                        read.add(new Message(r.key(), r.value(), Instant.ofEpochMilli(r.timestamp())));
                    }
                }
            }
        }
        return read;
    }

    @Override
    public String run() {
        return run;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        if (ownCluster != null) {
            ownCluster.close();
        }
    }
}
