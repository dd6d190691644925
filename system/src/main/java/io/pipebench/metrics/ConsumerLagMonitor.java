package io.pipebench.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Consumer lag as the brokers see it, per group, topic and partition: log-end offset (high watermark) minus committed
 * offset, the way KMinion computes it, plus lag in time. Each sample makes three Admin requests for all groups at
 * once: describe the groups (state, members, assignments; {@code describeClassicGroups} for classic-protocol groups,
 * {@code describeConsumerGroups} for the others), {@code listConsumerGroupOffsets} (committed offsets) and
 * {@code listOffsets(latest)} (log ends), in that order, so a log end is never older than the committed offset it is
 * compared with.
 *
 * <p>A group's partitions are those it has committed offsets for, those assigned to its members, and the partitions
 * of any topics configured for it. A partition without a committed offset is {@link LagStatus#NO_OFFSET}, a group that
 * is rebalancing is {@link LagStatus#REBALANCING}: neither is ever reported as lag 0.
 *
 * <p>Time lag (how long the record at the committed offset has waited) is interpolated from this monitor's own
 * history of (log-end offset, wall time) per partition, kafka-lag-exporter's approach: no extra consumer and no
 * record reads. Until the history reaches back to a committed offset, the figure is a lower bound and flagged so.
 *
 * <p>{@link #start()} samples on a daemon thread at a fixed interval (default 1 s); {@link #sample()} takes one
 * sample on the caller's thread. With a {@link MeterRegistry}, it publishes gauges {@code kafka.consumer.lag}
 * (tags {@code group}, {@code statistic=max|sum}) and {@code kafka.consumer.lag.seconds} ({@code group},
 * {@code statistic=max}); optionally {@code kafka.consumer.lag.partition} ({@code group}, {@code topic},
 * {@code partition}). A gauge without a measured value reads NaN, which registries skip.
 *
 * <p>Why past 400 lines: one job, sampling lag; a fifth of the file is its Builder, and the gauges only publish the
 * snapshot the sample built (the aggregation itself lives in {@link GroupLag} and {@link LagSnapshot}).
 */
public final class ConsumerLagMonitor implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = LagSnapshot.DEFAULT_INTERVAL;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_HISTORY_LIMIT = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMonitor.class);

    private final Admin admin;
    private final boolean ownsAdmin;
    private final GroupOffsetsReader reader;
    private final Map<String, List<String>> groups;
    private final Duration interval;
    private final Duration requestTimeout;
    private final Clock clock;
    private final int historyLimit;
    private final List<LagListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, OffsetHistory> histories = new HashMap<>();
    private final AtomicReference<LagSnapshot> latest = new AtomicReference<>();
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final MultiGauge partitionGauge;
    private ScheduledExecutorService scheduler;
    private volatile boolean closed;

    private ConsumerLagMonitor(Builder b) {
        this.admin = b.admin != null ? b.admin : Admin.create(b.connectionProperties);
        this.ownsAdmin = b.admin == null;
        this.groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.groups)); // keeps the caller's order
        this.interval = b.interval;
        this.requestTimeout = b.requestTimeout;
        this.clock = b.clock;
        this.historyLimit = b.historyLimit;
        this.reader = new GroupOffsetsReader(admin, groups, clock);
        this.listeners.addAll(b.listeners);
        this.registry = b.registry;
        this.partitionGauge = registry != null && b.perPartitionGauges
                ? MultiGauge.builder(PipelineMeters.CONSUMER_PARTITION_LAG)
                .description("Consumer lag of one partition, in messages").baseUnit("messages").register(registry)
                : null;
        if (registry != null) {
            for (String g : groups.keySet()) {
                meters.add(gauge(PipelineMeters.CONSUMER_LAG, g, "max", "messages",
                        "Consumer lag in messages, worst partition",
                        gl -> gl.maxLag().isPresent() ? gl.maxLag().getAsLong() : Double.NaN));
                meters.add(gauge(PipelineMeters.CONSUMER_LAG, g, "sum", "messages",
                        "Consumer lag in messages, all partitions",
                        gl -> gl.sumLag().isPresent() ? gl.sumLag().getAsLong() : Double.NaN));
                meters.add(gauge(PipelineMeters.CONSUMER_TIME_LAG, g, "max", "seconds",
                        "Age of the oldest unconsumed record, worst partition",
                        gl -> gl.maxTimeLagMs().isPresent() ? gl.maxTimeLagMs().getAsLong() / 1000.0 : Double.NaN));
            }
        }
    }

    /** A monitor that uses the caller's Admin client (and leaves it open on close). */
    public static Builder builder(Admin admin) {
        return new Builder(Objects.requireNonNull(admin, "admin"), null);
    }

    /** A monitor with its own Admin client from these connection properties, closed with the monitor. */
    public static Builder builder(Map<String, Object> connectionProperties) {
        return new Builder(null, Map.copyOf(connectionProperties));
    }

    private Gauge gauge(String name, String group, String statistic, String unit, String description,
                        ToDoubleFunction<GroupLag> value) {
        return Gauge.builder(name, this, m -> m.latestGroup(group).map(value::applyAsDouble).orElse(Double.NaN))
                .tags("group", group, "statistic", statistic)
                .baseUnit(unit)
                .description(description)
                .register(registry);
    }

    private Optional<GroupLag> latestGroup(String group) {
        LagSnapshot s = latest.get();
        return s == null ? Optional.empty() : s.group(group);
    }

    /** Starts sampling every interval on a daemon thread; the first sample is taken at once. */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the lag monitor is closed");
            }
            if (scheduler != null) {
                throw new IllegalStateException("the lag monitor is already running");
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "consumer-lag-monitor");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleAtFixedRate(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Guards start and close. Not {@code this}: a sample holds {@code this} for up to the request timeout while the
     * brokers are down, and close must be able to interrupt it rather than wait behind it.
     */
    private final Object lifecycle = new Object();

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // No figure is better than a frozen one: gauges read NaN and latest() is empty until a sample succeeds.
            latest.set(null);
            if (!closed) {
                log.warn("Consumer lag sample failed; retrying in {} ms: {}", interval.toMillis(), e.toString());
            }
        }
    }

    /**
     * Takes one sample now, on the caller's thread: updates the offset history, the gauges and the latest snapshot,
     * and passes the snapshot to every listener.
     *
     * @throws LagSamplingException when the cluster does not answer within the request timeout
     */
    public synchronized LagSnapshot sample() {
        long t0 = System.nanoTime();
        long deadline = t0 + requestTimeout.toNanos();
        Map<String, GroupOffsetsReader.Group> descriptions = reader.describeGroups(deadline);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = reader.committedOffsets(deadline);
        Map<String, List<TopicPartition>> configured = reader.configuredPartitions(deadline);

        Map<String, Set<TopicPartition>> partitionsByGroup = new LinkedHashMap<>();
        Set<TopicPartition> all = new HashSet<>();
        for (String g : groups.keySet()) {
            Set<TopicPartition> tps = new HashSet<>(committed.getOrDefault(g, Map.of()).keySet());
            GroupOffsetsReader.Group d = descriptions.get(g);
            if (d != null) {
                for (MemberDescription m : d.members()) {
                    tps.addAll(m.assignment().topicPartitions());
                }
            }
            for (String topic : groups.get(g)) {
                tps.addAll(configured.getOrDefault(topic, List.of()));
            }
            partitionsByGroup.put(g, tps);
            all.addAll(tps);
        }
        Map<TopicPartition, Long> logEnds = reader.logEndOffsets(all, deadline);
        long now = clock.millis();
        logEnds.forEach((tp, end) -> histories.computeIfAbsent(tp, k -> new OffsetHistory(historyLimit)).record(end, now));

        List<GroupLag> groupLags = new ArrayList<>();
        Map<TopicPartition, Long> minCommitted = new HashMap<>();
        for (Map.Entry<String, Set<TopicPartition>> e : partitionsByGroup.entrySet()) {
            String g = e.getKey();
            GroupOffsetsReader.Group d = descriptions.get(g);
            GroupState state = d == null ? GroupState.DEAD : d.state();
            boolean rebalancing = isRebalancing(state);
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.getOrDefault(g, Map.of());
            List<PartitionLag> rows = new ArrayList<>();
            for (TopicPartition tp : e.getValue()) {
                OffsetAndMetadata c = offsets.get(tp);
                Long end = logEnds.get(tp);
                if (c != null) {
                    minCommitted.merge(tp, c.offset(), Math::min);
                }
                rows.add(partitionLag(tp, c, end, rebalancing, now));
            }
            rows.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
            boolean found = d != null || !offsets.isEmpty();
            groupLags.add(groupLag(g, state, d == null ? 0 : d.members().size(), found, rows));
        }
        histories.keySet().retainAll(all);
        minCommitted.forEach((tp, min) -> histories.get(tp).prune(min));

        LagSnapshot snapshot = new LagSnapshot(Instant.ofEpochMilli(now), Duration.ofNanos(System.nanoTime() - t0),
                groupLags);
        latest.set(snapshot);
        publishPartitionGauges(snapshot);
        for (LagListener l : listeners) {
            try {
                l.onSample(snapshot);
            } catch (RuntimeException ex) {
                log.warn("A lag listener failed: {}", ex.toString());
            }
        }
        return snapshot;
    }

    private PartitionLag partitionLag(TopicPartition tp, OffsetAndMetadata committed, Long logEnd, boolean rebalancing,
                                      long now) {
        OptionalLong c = committed == null ? OptionalLong.empty() : OptionalLong.of(committed.offset());
        OptionalLong end = logEnd == null ? OptionalLong.empty() : OptionalLong.of(logEnd);
        LagStatus status = rebalancing ? LagStatus.REBALANCING
                : logEnd == null ? LagStatus.UNAVAILABLE
                : committed == null ? LagStatus.NO_OFFSET
                : LagStatus.OK;
        OptionalLong lag = OptionalLong.empty();
        OptionalLong timeLag = OptionalLong.empty();
        boolean lowerBound = false;
        if (committed != null && logEnd != null) {
            long l = Math.max(0, logEnd - committed.offset());
            lag = OptionalLong.of(l);
            if (l == 0) {
                timeLag = OptionalLong.of(0);
            } else {
                Optional<OffsetHistory.Estimate> est = histories.get(tp).appendTime(committed.offset());
                if (est.isPresent()) {
                    timeLag = OptionalLong.of(Math.max(0, now - est.get().appendTimeMs()));
                    lowerBound = est.get().lowerBound();
                }
            }
        }
        return new PartitionLag(tp.topic(), tp.partition(), c, end, lag, timeLag, lowerBound, status);
    }

    /** A group's row from Kafka's view of it: its state by name, so readers of the row need no Kafka type. */
    static GroupLag groupLag(String group, GroupState state, int members, boolean found,
                             List<PartitionLag> partitions) {
        return GroupLag.of(group, state.toString(), isRebalancing(state), members, found, partitions);
    }

    static boolean isRebalancing(GroupState state) {
        return state == GroupState.PREPARING_REBALANCE || state == GroupState.COMPLETING_REBALANCE
                || state == GroupState.ASSIGNING || state == GroupState.RECONCILING;
    }


    private void publishPartitionGauges(LagSnapshot snapshot) {
        if (partitionGauge == null) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        partitionLags(snapshot).forEach((tags, lag) -> rows.add(MultiGauge.Row.of(tags, lag)));
        partitionGauge.register(rows, true);
    }

    /**
     * The per-partition gauge's values: every partition whose lag is known, a rebalancing group's too (its committed
     * offsets still say how far behind it is, as the group totals count them; MSK drops them, issue 12).
     */
    static Map<Tags, Long> partitionLags(LagSnapshot snapshot) {
        Map<Tags, Long> out = new LinkedHashMap<>();
        for (GroupLag g : snapshot.groups()) {
            for (PartitionLag p : g.partitions()) {
                if ((p.status() == LagStatus.OK || p.status() == LagStatus.REBALANCING) && p.offsetLag().isPresent()) {
                    out.put(Tags.of("group", g.group(), "topic", p.topic(), "partition", String.valueOf(p.partition())),
                            p.offsetLag().getAsLong());
                }
            }
        }
        return out;
    }

    /** The most recent sample, if any was taken. */
    public Optional<LagSnapshot> latest() {
        return Optional.ofNullable(latest.get());
    }

    public void addListener(LagListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public Set<String> groups() {
        return groups.keySet();
    }

    public Duration interval() {
        return interval;
    }

    /** Stops the thread, removes the gauges from the registry and closes the Admin client if the monitor made it. */
    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            s = scheduler;
        }
        if (s != null) {
            s.shutdownNow();
            try {
                s.awaitTermination(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (registry != null) {
            meters.forEach(registry::remove);
            if (partitionGauge != null) {
                partitionGauge.register(List.of(), true);
            }
        }
        if (ownsAdmin) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** Configures a {@link ConsumerLagMonitor}. */
    // The options, one setter each: about 95 of this file's lines; sampling, snapshot and gauges are the rest.
    public static final class Builder {
        private final Admin admin;
        private final Map<String, Object> connectionProperties;
        private final Map<String, List<String>> groups = new LinkedHashMap<>();
        private Duration interval = DEFAULT_INTERVAL;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private int historyLimit = DEFAULT_HISTORY_LIMIT;
        private MeterRegistry registry;
        private boolean perPartitionGauges;
        private final List<LagListener> listeners = new ArrayList<>();

        private Builder(Admin admin, Map<String, Object> connectionProperties) {
            this.admin = admin;
            this.connectionProperties = connectionProperties;
        }

        /** Monitors a group: the partitions it has committed offsets for or its members are assigned. */
        public Builder group(String groupId) {
            return group(groupId, List.of());
        }

        /**
         * Monitors a group and every partition of these topics, so that a partition the group has neither committed
         * nor been assigned still shows as {@link LagStatus#NO_OFFSET}.
         */
        public Builder group(String groupId, Collection<String> topics) {
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalArgumentException("group id must not be empty");
            }
            groups.merge(groupId, List.copyOf(topics), (a, b) -> {
                List<String> merged = new ArrayList<>(a);
                b.stream().filter(t -> !merged.contains(t)).forEach(merged::add);
                return merged;
            });
            return this;
        }

        public Builder interval(Duration interval) {
            if (interval.isNegative() || interval.toMillis() < 1) {
                throw new IllegalArgumentException("interval must be at least 1 ms, not " + interval);
            }
            this.interval = interval;
            return this;
        }

        /** How long one sample may wait for the cluster, all requests together (default 10 s). */
        public Builder requestTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.toMillis() < 1) {
                throw new IllegalArgumentException("request timeout must be at least 1 ms, not " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Points of offset history kept per partition (default 10,000); one point per change of log end. */
        public Builder historyLimit(int points) {
            if (points < 2) {
                throw new IllegalArgumentException("history limit must be >= 2, not " + points);
            }
            this.historyLimit = points;
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Also publish {@value PipelineMeters#CONSUMER_PARTITION_LAG} per group, topic and partition. A separate name,
         * because Prometheus refuses meters of one name with different tag keys.
         */
        public Builder perPartitionGauges(boolean enabled) {
            this.perPartitionGauges = enabled;
            return this;
        }

        public Builder listener(LagListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public ConsumerLagMonitor build() {
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("no consumer group to monitor; add at least one with group(id)");
            }
            return new ConsumerLagMonitor(this);
        }
    }
}
