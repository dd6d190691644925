package io.pipebench.load.driver.reference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.consume.ConsumedEvent;
import io.pipebench.consume.ConsumerGroupRunner;
import io.pipebench.consume.ConsumerSettings;
import io.pipebench.consume.GroupNames;
import io.pipebench.load.driver.PipelineProbe;
import io.pipebench.load.driver.ProcessedCallback;
import io.pipebench.load.driver.RunTag;
import io.pipebench.load.driver.StoredEvents;
import io.pipebench.load.driver.kafka.RunHeaders;
import io.pipebench.load.harness.LoadOptions;
import io.pipebench.load.harness.SetupException;
import io.pipebench.load.measure.PipelineObserver;
import io.pipebench.load.measure.SplitObserver;
import io.pipebench.metrics.ConsumerLagMonitor;
import io.pipebench.metrics.LagListener;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.metrics.LagStatus;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.publish.TopicRouter;
import io.pipebench.run.ReferenceSystem;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.store.StoredEventIds;
import io.pipebench.workload.Workload;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The reference system's consumer side as the harness observes it: on a cluster the harness starts, its consumer
 * groups run in this JVM, so lag is real and every record each group processes, and each the event store holds, can be
 * counted; against an external cluster the consumers run elsewhere unless asked for, and the named groups are
 * monitored. A lag monitor on the groups, and an observer of dead letters and processing failures.
 */
final class ReferencePipeline implements PipelineProbe {

    private final KafkaCluster cluster;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private ReferenceSystem system;
    private ConsumerLagMonitor lagMonitor;
    private PipelineObserver observer;
    private List<String> groupIds = List.of();
    private GroupPauses pauses = GroupPauses.NONE;
    private EventStoreSettings droppableStore;
    private boolean localStore;
    private volatile LagListener lagSink;

    /** The current run's callback and run key, published together. */
    private record HandledSink(ProcessedCallback callback, long runKey) {
    }

    private volatile HandledSink handledSink;
    /** Other injectors' runs watched beside the current one (alsoProcessed), by run key. */
    private final Map<Long, ProcessedCallback> peers = new java.util.concurrent.ConcurrentHashMap<>();

    private ReferencePipeline(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    static ReferencePipeline open(KafkaCluster cluster, ReferenceDriver.Settings s, Workload workload,
                                  PrintStream out) {
        ReferencePipeline p = new ReferencePipeline(cluster);
        try {
            p.start(s, workload, out);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void start(ReferenceDriver.Settings s, Workload workload, PrintStream out) {
        boolean external = s.external();
        boolean start = s.startConsumers().orElse(!external);
        if (start && !workload.consumerGroups().isEmpty()) {
            EventStoreSettings store = null;
            if (workload.consumerGroups().contains(GroupNames.AUDIT)) {
                store = EventStoreSettings.fromEnvironment();
                localStore = isLocal(store.jdbcUrl());
                if (!external && !s.keepEventStore()) {
                    store = EventStoreSchemas.fresh(store);
                    droppableStore = store;
                }
            }
            ReferenceSystem.Builder builder = ReferenceSystem.builder(cluster).eventStore(store)
                    .groups(workload.consumerGroups())
                    .producerProfile(ProducerProfiles.named(workload.producerProfile(), workload.producerOverrides()))
                    .consumerProfile(ConsumerSettings.named(s.consumerProfile()))
                    .meterRegistry(registry).handledListener(this::dispatchHandled);
            if (external && !s.realGroups()) {
                // On a shared cluster the harness's consumers never join the deployed system's groups, nor commit
                // offsets for them; a group of their own starts at the log ends instead of replaying the retention.
                String prefix = ReferenceSystem.harnessGroupIdPrefix(runScope(Instant.now()));
                builder.groupIdPrefix(prefix)
                        .consumerOverrides(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
                out.println("Consumer groups run as " + prefix + "<name>, from the log ends ("
                        + LoadOptions.spelling("realGroups", true) + " runs them as the system's own "
                        + ReferenceSystem.DOCUMENT_GROUP_PREFIX + "<name> groups, committing offsets for them)");
            }
            try {
                system = builder.start();
            } catch (RuntimeException e) {
                throw new SetupException("The reference system did not start: " + e.getMessage()
                        + (store != null ? " (event store " + store + "; is PostgreSQL up? scripts/eventstore-db.sh)"
                        : ""), e);
            }
            out.println("Consumer groups in this JVM: " + String.join(", ", system.groupIds())
                    + (store != null ? " | event store " + store : ""));
            if (!system.awaitGroupsReady(Duration.ofSeconds(60))) {
                out.println("Warning: not every consumer group had partitions after 60 s");
            }
            observer = new InProcessObserver(registry);
            ConsumerLagMonitor.Builder b = ConsumerLagMonitor.builder(cluster.connectionProperties());
            for (ConsumerGroupRunner r : system.runners()) {
                b.group(r.groupId(), r.spec().topics());
            }
            groupIds = system.groupIds();
            pauses = new GroupPauses(system.runners(), List.of());
            lagMonitor = b.listener(this::dispatchLag).build();
        } else {
            String metricsUrl = s.consumerMetrics().orElse(null);
            observer = metricsUrl == null ? new RemoteObserver(cluster.connectionProperties())
                    : new SplitObserver(new PrometheusObserver(metricsUrl, Duration.ofSeconds(2)),
                    new RemoteObserver(cluster.connectionProperties()));
            groupIds = !s.monitorLag() ? List.of() : !s.monitoredGroups().isEmpty() ? s.monitoredGroups()
                    : workload.consumerGroups().stream().map(ReferenceSystem::groupId).toList();
            pauses = new GroupPauses(List.of(), groupIds);
            if (!groupIds.isEmpty()) {
                ConsumerLagMonitor.Builder b = ConsumerLagMonitor.builder(cluster.connectionProperties());
                groupIds.forEach(b::group);
                lagMonitor = b.listener(this::dispatchLag).build();
            }
            out.println("Consumers run elsewhere; monitoring groups " + groupIds + ". Processing failures are "
                    + (metricsUrl == null ? "not observable from here (give --consumer-metrics URL)"
                    : "read from " + metricsUrl) + "; dead letters are read from the dead-letter topic's end offsets.");
        }
        if (lagMonitor != null) {
            LagSnapshot first = lagMonitor.sample();
            List<String> notFound = new ArrayList<>();
            first.groups().stream().filter(g -> g.status() == LagStatus.GROUP_NOT_FOUND)
                    .forEach(g -> notFound.add(g.group()));
            if (!notFound.isEmpty()) {
                out.println("Warning: consumer group(s) " + notFound + " not found on the cluster: their lag is not "
                        + "measured (the lag alarm then has no data for them)");
            }
            lagMonitor.start();
        }
    }

    /** A scope for the harness's group ids, unique per command: its start time in UTC and a random suffix. */
    static String runScope(Instant now) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now) + "-"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    private void dispatchLag(LagSnapshot snapshot) {
        LagListener sink = lagSink;
        if (sink != null) {
            sink.onSample(snapshot);
        }
    }

    /** Reports the current run's records, as each group's handler completes them, to the run's callback. */
    private void dispatchHandled(String groupId, List<ConsumedEvent> events, long handlerNanos, long cpuNanos) {
        HandledSink sink = handledSink;
        if (events.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (sink != null) {
            dispatch(groupId, events, handlerNanos, cpuNanos, sink.callback(), sink.runKey(), now);
        }
        peers.forEach((key, callback) -> dispatch(groupId, events, handlerNanos, cpuNanos, callback, key, now));
    }

    private static void dispatch(String groupId, List<ConsumedEvent> events, long handlerNanos, long cpuNanos,
                                 ProcessedCallback callback, long key, long now) {
        long first = -1;
        int ofRun = 0;
        for (ConsumedEvent e : events) {
            OptionalLong seq = RunHeaders.sequence(e.headers(), key);
            if (seq.isPresent()) {
                callback.processed(groupId, seq.getAsLong(), e.metadata().eventId(), now);
                first = first < 0 ? seq.getAsLong() : first;
                ofRun++;
            }
        }
        if (first >= 0) {
            // A call that also handled other runs' records (a distributed run's other injectors) charges this run
            // its share of the call's CPU, by records.
            callback.handlerCall(groupId, first, ofRun, handlerNanos,
                    cpuNanos < 0 ? cpuNanos : cpuNanos * ofRun / events.size());
        }
    }

    @Override
    public void processed(String runId, ProcessedCallback callback) {
        this.handledSink = callback == null ? null : new HandledSink(callback, RunTag.key(runId));
    }

    @Override
    public AutoCloseable alsoProcessed(String runId, ProcessedCallback callback) {
        if (system == null) {
            return PipelineProbe.super.alsoProcessed(runId, callback);
        }
        long key = RunTag.key(runId);
        peers.put(key, callback);
        return () -> peers.remove(key, callback);
    }

    /** Pauses of the groups run here; groups monitored elsewhere are named in its refusals. */
    GroupPauses pauses() {
        return pauses;
    }

    @Override
    public List<String> groupIds() {
        return groupIds;
    }

    @Override
    public boolean consumersHere() {
        return system != null;
    }

    @Override
    public Map<String, List<String>> topicsByGroup() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (system != null) {
            system.runners().forEach(r -> out.put(r.groupId(), r.spec().topics()));
        }
        return out;
    }

    @Override
    public Map<String, Object> consumerSetup() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (system != null) {
            Map<String, Integer> members = new LinkedHashMap<>();
            system.runners().forEach(r -> {
                out.putIfAbsent("profile", r.spec().profile().name());
                out.putIfAbsent("commitIntervalMs", r.spec().profile().commitInterval().toMillis());
                members.put(ReferenceSystem.groupName(r.groupId()), r.spec().concurrency());
            });
            out.put("membersByGroup", members);
        }
        return out;
    }

    @Override
    public Optional<String> storeGroup() {
        return system == null ? Optional.empty()
                : system.groupIds().stream().filter(id -> ReferenceSystem.groupName(id).equals(GroupNames.AUDIT)).findFirst();
    }

    @Override
    public Optional<StoredEvents> storedEvents() {
        return storeGroup().map(g -> ids -> StoredEventIds.present(system.database(), ids));
    }

    @Override
    public Map<String, Long> cpu() {
        return ProcessCpu.sample(localStore);
    }

    @Override
    public void lagListener(LagListener listener) {
        this.lagSink = listener;
    }

    @Override
    public Optional<LagSnapshot> latestLag() {
        return lagMonitor == null ? Optional.empty() : lagMonitor.latest();
    }

    @Override
    public String label(String groupId) {
        return ReferenceDriver.label(groupId);
    }

    @Override
    public OptionalLong processingFailures() {
        return observer.processingFailures();
    }

    @Override
    public OptionalLong deadLetters() {
        return observer.deadLetters();
    }

    @Override
    public OptionalLong droppedDeadLetters() {
        return observer.droppedDeadLetters();
    }

    @Override
    public String limits() {
        return observer.limits();
    }

    @Override
    public String deadLetterTopic() {
        return TopicRouter.DEAD_LETTER_TOPIC;
    }

    /** Stops the monitor and the consumers, then drops the run's own event-store schema. */
    @Override
    public void close() {
        lagSink = null;
        if (lagMonitor != null) {
            lagMonitor.close();
        }
        try {
            if (system != null) {
                system.close();
            }
        } finally {
            if (droppableStore != null) {
                EventStoreSchemas.drop(droppableStore);
            }
            if (observer != null) {
                observer.close();
            }
        }
    }

    private static boolean isLocal(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        return rest.startsWith("localhost") || rest.startsWith("127.") || rest.startsWith("[::1]")
                || rest.startsWith("/");
    }
}
