package io.pipebench.load.harness;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.cluster.ConnectionSettings;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.cluster.ExternalKafkaCluster;
import io.pipebench.cluster.ForkedKafkaCluster;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.consume.ConsumerGroupRunner;
import io.pipebench.consume.ConsumedEvent;
import io.pipebench.load.distributed.InjectorSlice;
import io.pipebench.load.kafka.RunHeaders;
import io.pipebench.load.measure.InProcessObserver;
import io.pipebench.load.measure.PipelineLedger;
import io.pipebench.store.StoredEventIds;
import io.pipebench.load.measure.PipelineObserver;
import io.pipebench.load.measure.PrometheusObserver;
import io.pipebench.load.measure.RemoteObserver;
import io.pipebench.load.measure.SplitObserver;
import io.pipebench.metrics.ConsumerLagMonitor;
import io.pipebench.metrics.LagListener;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.metrics.LagStatus;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.run.ReferenceSystem;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicChange;
import io.pipebench.topics.TopicPlan;
import io.pipebench.topics.TopicPlanner;
import io.pipebench.workload.Workload;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What a load run runs against, set up once per command (the max-rate search runs all its steps on one): the Kafka
 * cluster with the catalog's topics; on the embedded default, the reference system's consumer groups in this JVM so
 * lag is real; a lag monitor on the groups; and an observer of dead letters and processing failures. Against an
 * external cluster the consumers run elsewhere unless asked for, the named groups are monitored, and missing topics
 * stop the run unless the catalog may be applied.
 */
public final class LoadEnvironment implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadEnvironment.class);

    private final KafkaCluster cluster;
    private final boolean external;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private ReferenceSystem system;
    private ConsumerLagMonitor lagMonitor;
    private PipelineObserver observer;
    private List<String> groupIds = List.of();
    private EventStoreSettings droppableStore;
    private boolean localStore;
    private volatile LagListener lagSink;
    /** The current run's ledger and run key, published together. */
    private record HandledSink(PipelineLedger ledger, long runKey) {
    }

    private volatile HandledSink handledSink;

    private LoadEnvironment(KafkaCluster cluster, boolean external) {
        this.cluster = cluster;
        this.external = external;
    }

    /**
     * Opens the cluster and, when {@code withConsumers}, the workload's consumer groups and their monitoring.
     *
     * @param withConsumers false for producer-only measurements (the injector ratio)
     */
    public static LoadEnvironment open(LoadOptions o, Workload workload, boolean withConsumers, PrintStream out) {
        boolean external = o.external();
        KafkaCluster cluster = external
                ? ExternalKafkaCluster.connect(ConnectionSettings.load(Optional.ofNullable(
                        LoadOptions.blankToNull(o.clusterConfig)).map(Path::of)), Duration.ofSeconds(15))
                : o.forked() ? ForkedKafkaCluster.builder().brokers(3).start()
                : EmbeddedKafkaCluster.builder().brokers(3).start();
        LoadEnvironment env = new LoadEnvironment(cluster, external);
        try {
            out.println("Kafka: " + cluster.describe());
            env.topics(LoadOptions.bool(o.applyTopics, "-DapplyTopics", false), out);
            if (withConsumers) {
                env.consumers(o, workload, out);
            }
            return env;
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
    }

    private void topics(boolean apply, PrintStream out) {
        TopicCatalog catalog = TopicCatalog.standard();
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            TopicPlanner planner = new TopicPlanner(admin, cluster.describe(), Duration.ofSeconds(30));
            TopicPlan plan = planner.plan(catalog);
            List<TopicChange> missing = plan.changes().stream()
                    .filter(c -> c instanceof TopicChange.CreateTopic).toList();
            if (!external || apply) {
                if (!plan.actionable().isEmpty()) {
                    planner.apply(catalog);
                    out.println("Topics: applied " + plan.actionable().size() + " change(s) of the catalog");
                }
            } else if (!missing.isEmpty()) {
                throw new SetupException("Topics of the catalog are missing on " + cluster.describe() + ":\n"
                        + plan.render() + "Create them first (pipebench topics apply --cluster external ...) or let "
                        + "the harness apply the catalog: -DapplyTopics=true");
            } else if (!plan.converged()) {
                out.print("Warning: the topics differ from the catalog (not changed without -DapplyTopics=true):\n"
                        + plan.render());
            }
        }
    }

    private void consumers(LoadOptions o, Workload workload, PrintStream out) {
        boolean start = LoadOptions.bool(o.startConsumers, "-DstartConsumers", !external);
        if (start && !workload.consumerGroups().isEmpty()) {
            EventStoreSettings store = null;
            if (workload.consumerGroups().contains("audit")) {
                store = EventStoreSettings.fromEnvironment();
                localStore = isLocal(store.jdbcUrl());
                if (!external && !LoadOptions.bool(o.keepEventStore, "-DkeepEventStore", false)) {
                    store = store.withSchema("load_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
                    droppableStore = store;
                }
            }
            ReferenceSystem.Builder builder = ReferenceSystem.builder(cluster).eventStore(store)
                    .groups(workload.consumerGroups())
                    .producerProfile(ProducerProfiles.named(workload.producerProfile(), workload.producerOverrides()))
                    .meterRegistry(registry).handledListener(this::dispatchHandled);
            if (external && !LoadOptions.bool(o.realGroups, "-DrealGroups", false)) {
                // On a shared cluster the harness's consumers never join the deployed system's groups, nor commit
                // offsets for them; a group of their own starts at the log ends instead of replaying the retention.
                String prefix = ReferenceSystem.harnessGroupIdPrefix(runScope(Instant.now()));
                builder.groupIdPrefix(prefix)
                        .consumerOverrides(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
                out.println("Consumer groups run as " + prefix + "<name>, from the log ends (-DrealGroups=true runs "
                        + "them as the system's own " + ReferenceSystem.DOCUMENT_GROUP_PREFIX + "<name> groups, "
                        + "committing offsets for them)");
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
            lagMonitor = b.listener(this::dispatchLag).build();
        } else {
            String metricsUrl = LoadOptions.blankToNull(o.consumerMetrics);
            observer = metricsUrl == null ? new RemoteObserver(cluster.connectionProperties())
                    : new SplitObserver(new PrometheusObserver(metricsUrl, Duration.ofSeconds(2)),
                    new RemoteObserver(cluster.connectionProperties()));
            List<String> ids = LoadOptions.blankToNull(o.groups) != null
                    ? Arrays.stream(o.groups.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                    : workload.consumerGroups().stream().map(ReferenceSystem::groupId).toList();
            // scale-out: only injector 0 of several observes lag, so it exists once in the merged run
            groupIds = InjectorSlice.current().filter(x -> !x.observer()).isPresent() ? List.of() : List.copyOf(ids);
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

    /** Reports the current run's records, as each group's handler completes them, to the run's ledger. */
    private void dispatchHandled(String groupId, List<ConsumedEvent> events, long handlerNanos) {
        HandledSink sink = handledSink;
        if (sink == null || events.isEmpty()) {
            return;
        }
        PipelineLedger ledger = sink.ledger();
        long key = sink.runKey();
        long now = System.nanoTime();
        long first = -1;
        for (ConsumedEvent e : events) {
            OptionalLong seq = RunHeaders.sequence(e.headers(), key);
            if (seq.isPresent()) {
                ledger.processed(groupId, seq.getAsLong(), e.metadata().eventId(), now);
                first = first < 0 ? seq.getAsLong() : first;
            }
        }
        if (first >= 0) {
            ledger.handlerCall(groupId, first, handlerNanos);
        }
    }

    /** The current run's pipeline ledger and run id (one run at a time); null detaches. */
    public void handledSink(PipelineLedger ledger, String runId) {
        this.handledSink = ledger == null ? null : new HandledSink(ledger, RunHeaders.key(runId));
    }

    /** Each consumer group running here and the topics it reads. */
    public Map<String, List<String>> topicsByGroup() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        if (system != null) {
            system.runners().forEach(r -> out.put(r.groupId(), r.spec().topics()));
        }
        return out;
    }

    /** The group that writes the event store, when it runs here. */
    public Optional<String> storeGroup() {
        return system == null ? Optional.empty()
                : system.groupIds().stream().filter(id -> ReferenceSystem.groupName(id).equals("audit")).findFirst();
    }

    /** The event store, asked by event id, when the storing group runs here. */
    public Optional<PipelineLedger.StoredEvents> storedEvents() {
        return storeGroup().map(g -> ids -> StoredEventIds.present(system.database(), ids));
    }

    /** CPU used so far by this JVM and, when the event store is on this machine, by PostgreSQL. */
    public Map<String, Long> cpu() {
        return ProcessCpu.sample(localStore);
    }

    /** The current run's lag listener (one run at a time); null detaches. */
    public void lagSink(LagListener sink) {
        this.lagSink = sink;
    }

    /** The latest lag sample, for draining between steps. */
    public Optional<LagSnapshot> latestLag() {
        return lagMonitor == null ? Optional.empty() : lagMonitor.latest();
    }

    public KafkaCluster cluster() {
        return cluster;
    }

    public boolean external() {
        return external;
    }

    public Optional<ReferenceSystem> system() {
        return Optional.ofNullable(system);
    }

    public PipelineObserver observer() {
        return observer;
    }

    public List<String> groupIds() {
        return groupIds;
    }

    @Override
    public void close() {
        lagSink = null;
        if (lagMonitor != null) {
            lagMonitor.close();
        }
        if (system != null) {
            try {
                system.close();
            } catch (RuntimeException e) {
                log.warn("Stopping the reference system failed: {}", e.toString());
            }
        }
        if (droppableStore != null) {
            dropSchema(droppableStore);
        }
        if (observer != null) {
            observer.close();
        }
        cluster.close();
    }

    private static boolean isLocal(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        return rest.startsWith("localhost") || rest.startsWith("127.") || rest.startsWith("[::1]")
                || rest.startsWith("/");
    }

    // The run's own schema goes with the run, so repeated load runs do not fill the database.
    public static void dropSchema(EventStoreSettings store) { // public for distributed.LocalInjectors
        try (Connection c = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password());
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + store.schema() + "\" CASCADE");
        } catch (SQLException e) {
            log.warn("Could not drop the load run's event-store schema {}: {}", store.schema(), e.getMessage());
        }
    }
}
