package io.pipebench.consume;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.pipebench.events.EventCodec;
import io.pipebench.metrics.PipelineMeters;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs the members of one consumer group in this process ({@code concurrency} consumers, one thread each), with the
 * document's consumer settings and manual commits. {@link #close()} stops them with offsets committed.
 */
public final class ConsumerGroupRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupRunner.class);

    private final ConsumerGroupSpec spec;
    private final List<GroupMember> members = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaClientMetrics> clientMetrics = new ArrayList<>();

    private ConsumerGroupRunner(ConsumerGroupSpec spec) {
        this.spec = spec;
    }

    /**
     * Starts the group's members.
     *
     * @param connection bootstrap servers and security, from the cluster
     */
    public static ConsumerGroupRunner start(ConsumerGroupSpec spec, Map<String, Object> connection, EventCodec codec,
                                            DeadLetterPublisher deadLetters, PipelineMeters meters) {
        ConsumerGroupRunner runner = new ConsumerGroupRunner(spec);
        List<KafkaConsumer<byte[], byte[]>> built = new ArrayList<>();
        try {
            runner.build(spec, connection, codec, deadLetters, meters, built);
        } catch (RuntimeException e) {
            runner.clientMetrics.forEach(KafkaClientMetrics::close);
            built.forEach(c -> c.close(Duration.ofSeconds(5)));
            throw e;
        }
        runner.threads.forEach(Thread::start);
        return runner;
    }

    private void build(ConsumerGroupSpec spec, Map<String, Object> connection, EventCodec codec,
                       DeadLetterPublisher deadLetters, PipelineMeters meters,
                       List<KafkaConsumer<byte[], byte[]>> built) {
        ConsumerGroupRunner runner = this;
        for (int i = 0; i < spec.concurrency(); i++) {
            Map<String, Object> config = new HashMap<>(ConsumerSettings.document());
            config.putAll(spec.overrides());
            config.putAll(connection);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, spec.groupId());
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // commits are ours, whatever the overrides say
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, spec.groupId() + "-" + i);
            KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            built.add(consumer);
            KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
            metrics.bindTo(meters.registry());
            runner.clientMetrics.add(metrics);
            GroupMember member = new GroupMember(consumer, spec, codec, deadLetters, meters);
            Thread thread = new Thread(member, "consumer-" + spec.groupId() + "-" + i);
            thread.setDaemon(true);
            runner.members.add(member);
            runner.threads.add(thread);
        }
    }

    public String groupId() {
        return spec.groupId();
    }

    public ConsumerGroupSpec spec() {
        return spec;
    }

    /** Whether at least one member holds partitions (the group has formed). */
    public boolean hasAssignment() {
        return members.stream().anyMatch(GroupMember::hasAssignment);
    }

    /** Members that stopped on an unexpected error. */
    public List<Throwable> failures() {
        return members.stream().map(GroupMember::failure).filter(Objects::nonNull).collect(Collectors.toList());
    }

    /** Stops every member after its current poll, committing processed offsets; waits for them. */
    @Override
    public void close() {
        members.forEach(GroupMember::stop);
        join();
    }

    /** Stops every member without committing, as a crash would. For failure tests and scenarios. */
    public void abort() {
        members.forEach(GroupMember::abort);
        join();
    }

    private void join() {
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
                if (t.isAlive()) {
                    log.warn("Consumer thread {} did not stop within 30 s", t.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        clientMetrics.forEach(KafkaClientMetrics::close);
    }
}
