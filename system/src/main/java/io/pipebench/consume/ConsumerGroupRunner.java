package io.pipebench.consume;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.pipebench.events.EventCodec;
import io.pipebench.metrics.PipelineMeters;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the members of one consumer group in this process ({@code concurrency} consumers, one thread each), with the
 * group's consumer profile (the document's settings by default) and manual commits. {@link #close()} stops them with offsets committed.
 *
 * <p>Each thread supervises its member: a member that dies (a fatal error, an exception from {@code poll}) is
 * counted ({@link #failures()}, {@link PipelineMeters#MEMBER_FAILURES}) and replaced by a new one with a new
 * consumer after a backoff that doubles from 1 s up to 30 s, until the runner is closed; a member denied by the
 * cluster's ACLs is not replaced ({@link #denied()}).
 *
 * <p>{@link #pause} holds the whole group (a fault of the load scenarios: a stalled consumer that is still alive):
 * its members keep polling and their partitions, and process nothing until {@link #resume}.
 */
public final class ConsumerGroupRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupRunner.class);

    static final Duration FIRST_RESTART_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_RESTART_BACKOFF = Duration.ofSeconds(30);

    private final ConsumerGroupSpec spec;
    private final Map<String, Object> connection;
    private final EventCodec codec;
    private final DeadLetterPublisher deadLetters;
    private final PipelineMeters meters;
    private final List<Slot> slots = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    /** Counted down on close or abort: ends a supervisor's backoff at once. */
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean aborting;
    private volatile AuthorizationException denied;
    /** The group's pause: every member follows it, and so does a member that replaces a dead one. */
    private final AtomicBoolean pauseRequested = new AtomicBoolean();

    private ConsumerGroupRunner(ConsumerGroupSpec spec, Map<String, Object> connection, EventCodec codec,
                                DeadLetterPublisher deadLetters, PipelineMeters meters) {
        this.spec = spec;
        this.connection = Map.copyOf(connection);
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    /**
     * Starts the group's members.
     *
     * @param connection bootstrap servers and security, from the cluster
     */
    public static ConsumerGroupRunner start(ConsumerGroupSpec spec, Map<String, Object> connection, EventCodec codec,
                                            DeadLetterPublisher deadLetters, PipelineMeters meters) {
        ConsumerGroupRunner runner = new ConsumerGroupRunner(spec, connection, codec, deadLetters, meters);
        try {
            // The first members are built here, so a bad configuration fails the start rather than a thread.
            for (int i = 0; i < spec.concurrency(); i++) {
                Slot slot = runner.new Slot(i, runner.newMember(i));
                runner.slots.add(slot);
                Thread thread = new Thread(slot, "consumer-" + spec.groupId() + "-" + i);
                thread.setDaemon(true);
                runner.threads.add(thread);
            }
        } catch (RuntimeException e) {
            runner.slots.forEach(s -> s.current.discard());
            throw e;
        }
        runner.threads.forEach(Thread::start);
        return runner;
    }

    /** A member with its own consumer and client metrics. */
    private Incarnation newMember(int index) {
        Map<String, Object> config = new HashMap<>(spec.profile().properties());
        config.putAll(spec.overrides());
        config.putAll(connection);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, spec.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // commits are ours, whatever the overrides say
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, spec.groupId() + "-" + index);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(meters.registry());
        return new Incarnation(new GroupMember(consumer, spec, codec, deadLetters, meters, pauseRequested::get),
                consumer, metrics);
    }

    private record Incarnation(GroupMember member, KafkaConsumer<byte[], byte[]> consumer,
                               KafkaClientMetrics metrics) {
        /** Closes a member that never ran. */
        void discard() {
            metrics.close();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** One member's place: runs it, and replaces it with a new one when it dies, until the runner closes. */
    private final class Slot implements Runnable {
        private final int index;
        private volatile Incarnation current;

        Slot(int index, Incarnation first) {
            this.index = index;
            this.current = first;
        }

        @Override
        public void run() {
            int restarts = 0;
            while (true) {
                Incarnation it = current;
                if (stopped()) {
                    it.discard();
                    return;
                }
                Throwable failure;
                try {
                    it.member().run(); // closes its consumer
                    failure = it.member().failure();
                } catch (RuntimeException closeFailed) {
                    failure = closeFailed;
                } finally {
                    it.metrics().close();
                }
                if (failure == null || stopped()) {
                    return;
                }
                if (failure instanceof AuthorizationException denial) {
                    // Not an outage: a restart cannot grant a right, and a restart loop would only hide the denial.
                    failures.add(denial);
                    meters.memberFailed(spec.groupId());
                    denied = denial;
                    return;
                }
                // Replace it: a new member with a new consumer, after a growing backoff; building can fail too.
                Incarnation next = null;
                while (next == null) {
                    failures.add(failure);
                    meters.memberFailed(spec.groupId());
                    Duration backoff = restartBackoff(++restarts);
                    log.warn("Group {}: member {} died ({}); restarting it in {} ms (restart {})", spec.groupId(),
                            index, failure.toString(), backoff.toMillis(), restarts);
                    if (awaitClosing(backoff)) {
                        return;
                    }
                    try {
                        next = newMember(index);
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                current = next;
            }
        }

        void stop() {
            Incarnation it = current;
            if (it != null) {
                if (aborting) {
                    it.member().abort();
                } else {
                    it.member().stop();
                }
            }
        }

        boolean hasAssignment() {
            Incarnation it = current;
            return it != null && it.member().hasAssignment();
        }

        boolean pausedOrEnded() {
            Incarnation it = current;
            return it == null || it.member().pausedOrEnded();
        }
    }

    private boolean stopped() {
        return closing.getCount() == 0;
    }

    /** Waits out a restart backoff; true if the runner is closing. */
    private boolean awaitClosing(Duration backoff) {
        try {
            return closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    static Duration restartBackoff(int restart) {
        Duration d = FIRST_RESTART_BACKOFF.multipliedBy(1L << Math.min(Math.max(restart - 1, 0), 10));
        return d.compareTo(MAX_RESTART_BACKOFF) > 0 ? MAX_RESTART_BACKOFF : d;
    }

    public String groupId() {
        return spec.groupId();
    }

    public ConsumerGroupSpec spec() {
        return spec;
    }

    /** Whether at least one member holds partitions (the group has formed). */
    public boolean hasAssignment() {
        return membersWithPartitions() > 0;
    }

    /** How many of the group's members hold partitions now. */
    public int membersWithPartitions() {
        return (int) slots.stream().filter(Slot::hasAssignment).count();
    }

    /**
     * The authorization error that stopped a member for good (its principal may not read a topic or use the group),
     * naming the topic or group; empty while no member was denied.
     */
    public Optional<AuthorizationException> denied() {
        return Optional.ofNullable(denied);
    }

    /**
     * Pauses the group: each member pauses every partition it owns once the records of its current poll are done,
     * and keeps polling, so it stays in the group and keeps its partitions (nothing is rebalanced) while its lag
     * grows. Waits until every member has paused.
     *
     * @return false if a member had not paused within the timeout (a long handler call): it pauses when that ends
     */
    public boolean pause(Duration timeout) {
        pauseRequested.set(true);
        log.info("Group {}: pausing", spec.groupId());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!slots.stream().allMatch(Slot::pausedOrEnded)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(20); // members notice the pause between polls, within about one poll's time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Ends a pause: each member resumes its partitions at its next poll, from where the group stopped. */
    public void resume() {
        pauseRequested.set(false);
        log.info("Group {}: resuming", spec.groupId());
    }

    /** Whether the group is paused (asked to be; see {@link #pause}). */
    public boolean paused() {
        return pauseRequested.get();
    }

    /** Every death of a member so far (each was followed by a restart unless the runner was closing). */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Stops every member after its current poll, committing processed offsets; waits for them. */
    @Override
    public void close() {
        stop();
        join();
    }

    /**
     * Asks every member to stop after its current poll, committing processed offsets, without waiting: a system
     * stopping several groups asks them all first, so their commits and closes (each bounded) overlap.
     */
    public void stop() {
        closing.countDown();
        slots.forEach(Slot::stop);
    }

    /** Stops every member without committing, as a crash would. For failure tests and scenarios. */
    public void abort() {
        aborting = true;
        closing.countDown();
        slots.forEach(Slot::stop);
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
    }
}
