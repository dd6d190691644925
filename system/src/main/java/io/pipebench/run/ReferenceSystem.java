package io.pipebench.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.aggregates.AggregateStates;
import io.pipebench.cluster.ClientRole;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.consume.AnalyticsHandler;
import io.pipebench.consume.AuditHandler;
import io.pipebench.consume.ConsumerGroupRunner;
import io.pipebench.consume.ConsumerGroupSpec;
import io.pipebench.consume.ConsumerSettings;
import io.pipebench.consume.DeadLetterPublisher;
import io.pipebench.consume.GroupNames;
import io.pipebench.consume.NotificationHandler;
import io.pipebench.consume.ReportingHandler;
import io.pipebench.consume.RetryPolicy;
import io.pipebench.events.BoundedContext;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.EventPublisher;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.publish.TopicRouter;
import io.pipebench.store.AggregateFold;
import io.pipebench.store.AggregateLoader;
import io.pipebench.store.Database;
import io.pipebench.store.EventStore;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.store.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pipebench.consume.HandledListener;
import io.pipebench.consume.ObservedHandler;
import io.pipebench.faults.Slowdown;
import io.pipebench.metrics.ThreadCpu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The reference system assembled: publisher, the four consumer groups of the design document's diagram
 * (notification, analytics, audit into the event store, reporting), the dead-letter publisher, the event store.
 * {@code system run}, the tests and the load harness all start it through here. One job, assembly; its length is the
 * wiring of each group and the Builder's options, which every entry point shares.
 */
public final class ReferenceSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReferenceSystem.class);

    /** The prefix of the document's group ids: the real groups of a deployed system. */
    public static final String DOCUMENT_GROUP_PREFIX = "genai-demo-";
    /** The prefix of every run-scoped group id of the harness, see {@link #harnessGroupIdPrefix(String)}. */
    public static final String HARNESS_GROUP_PREFIX = "pipebench-harness-";
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** Group ids as the document names its groups ({@code genai-demo-...}). */
    public static String groupId(String name) {
        return DOCUMENT_GROUP_PREFIX + name;
    }

    /**
     * A group-id prefix of the harness's own, {@code pipebench-harness-<scope>-}: consumers that the harness runs on a
     * shared cluster then never join, nor commit offsets for, the deployed system's real groups.
     */
    public static String harnessGroupIdPrefix(String scope) {
        if (scope == null || !SCOPE.matcher(scope).matches()) {
            throw new IllegalArgumentException("A run scope for group ids must be 1-100 letters, digits, '.', '_' or "
                    + "'-', was '" + scope + "'");
        }
        return HARNESS_GROUP_PREFIX + scope + "-";
    }

    /** The group's name ({@code audit}, ...) from its id, whichever prefix it runs under; for display. */
    public static String groupName(String groupId) {
        for (String name : Builder.ALL_GROUPS) {
            if (groupId.endsWith("-" + name) && (groupId.startsWith(DOCUMENT_GROUP_PREFIX)
                    || groupId.startsWith(HARNESS_GROUP_PREFIX))) {
                return name;
            }
        }
        return groupId;
    }

    private final KafkaCluster cluster;
    private final EventTypeRegistry registry;
    private final JsonEventCodec codec;
    private final PipelineMeters meters;
    private final TopicRouter router;
    private final EventPublisher publisher;
    private final DeadLetterPublisher deadLetters;
    private final Database database;
    private final EventStore store;
    private final List<ConsumerGroupRunner> runners = new ArrayList<>();

    private ReferenceSystem(Builder b) {
        this.cluster = b.cluster;
        this.registry = EventTypeRegistry.standard();
        // JSON by measurement, not by habit: the reason is in JsonEventCodec's comment and results/jmh/README.md.
        this.codec = new JsonEventCodec(registry);
        this.meters = new PipelineMeters(b.meterRegistry);
        this.router = TopicRouter.standard(registry);
        boolean audit = b.groups.contains(GroupNames.AUDIT);
        if (audit && b.eventStore == null) {
            throw new IllegalArgumentException("The audit group writes to the event store: give the event-store settings "
                    + "(EVENTSTORE_JDBC_URL ...) or leave 'audit' out of the groups");
        }
        Database db = null;
        EventStore es = null;
        EventPublisher pub = null;
        DeadLetterPublisher dlq = null;
        try {
            if (b.eventStore != null) {
                db = Database.open(b.eventStore);
                es = new EventStore(db);
                es.migrate();
            }
            pub = EventPublisher.create(cluster, b.producerProfile, codec, registry, router, meters);
            dlq = DeadLetterPublisher.create(cluster.connectionProperties(
                    ClientRole.deadLetterWriter(TopicRouter.DEAD_LETTER_TOPIC)), meters);
        } catch (RuntimeException e) {
            if (pub != null) {
                pub.close();
            }
            if (db != null) {
                db.close();
            }
            throw e;
        }
        this.database = db;
        this.store = es;
        this.publisher = pub;
        this.deadLetters = dlq;
        try {
            for (String group : b.groups) {
                ConsumerGroupSpec spec = observed(spec(group, b), group, b.handled).withRetry(b.retry)
                        .withProfile(b.consumerProfile).withOverrides(b.consumerOverrides)
                        .withConcurrency(b.concurrency > 0 ? b.concurrency : b.consumerProfile.membersOf(group));
                // Each group its own principal: it reads its topics and commits in its group, nothing else.
                runners.add(ConsumerGroupRunner.start(spec, cluster.connectionProperties(
                        ClientRole.consumer(spec.groupId(), spec.topics())), codec, deadLetters, meters));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private ConsumerGroupSpec spec(String group, Builder b) {
        MeterRegistry mr = b.meterRegistry;
        List<String> topics = topicsOf(group, router);
        return switch (group) {
            case GroupNames.NOTIFICATION -> ConsumerGroupSpec.of(b.groupIdPrefix + group, topics,
                    new NotificationHandler(mr), false);
            case GroupNames.ANALYTICS -> ConsumerGroupSpec.of(b.groupIdPrefix + group, topics,
                    new AnalyticsHandler(mr), false);
            case GroupNames.REPORTING -> ConsumerGroupSpec.of(b.groupIdPrefix + group, topics,
                    new ReportingHandler(mr), false);
            case GroupNames.AUDIT -> ConsumerGroupSpec.of(b.groupIdPrefix + group, topics,
                    new AuditHandler(database.dataSource(), store, codec, codec, loaders(b.snapshotEvery),
                            b.snapshotEvery, b.lockTimeout), true);
            default -> throw new IllegalArgumentException("Unknown consumer group '" + group + "'; known groups are "
                    + Builder.ALL_GROUPS);
        };
    }

    /** The topics a group of the diagram reads (the fault runs need them before the groups start). */
    public static List<String> topicsOf(String group, TopicRouter router) {
        String customer = router.topicFor(BoundedContext.CUSTOMER);
        String order = router.topicFor(BoundedContext.ORDER);
        String payment = router.topicFor(BoundedContext.PAYMENT);
        String inventory = router.topicFor(BoundedContext.INVENTORY);
        return switch (group) {
            case GroupNames.NOTIFICATION -> List.of(customer, order, payment);
            case GroupNames.ANALYTICS, GroupNames.AUDIT -> List.of(customer, order, payment, inventory);
            case GroupNames.REPORTING -> List.of(order, payment, inventory);
            default -> throw new IllegalArgumentException("Unknown consumer group '" + group + "'; known groups are "
                    + Builder.ALL_GROUPS);
        };
    }

    /** The group's handler timed, its member's CPU measured, slowed when asked: {@link ObservedHandler}. */
    private static ConsumerGroupSpec observed(ConsumerGroupSpec spec, String group, HandledListener listener) {
        Slowdown slowdown = Slowdown.forStage("consume:" + group).orElse(null);
        if (listener == HandledListener.NONE && slowdown == null) {
            return spec;
        }
        return spec.withHandler(new ObservedHandler(spec.handler(), spec.groupId(), listener, slowdown,
                ThreadCpu::nanos));
    }

    private Map<String, AggregateLoader<?>> loaders(int snapshotEvery) {
        SnapshotStore snapshots = new SnapshotStore(database);
        Map<String, AggregateLoader<?>> loaders = new HashMap<>();
        for (Map.Entry<BoundedContext, AggregateFold<?>> e : AggregateStates.folds(codec).entrySet()) {
            loaders.put(e.getKey().aggregateType(), new AggregateLoader<>(store, snapshots, e.getValue(), snapshotEvery));
        }
        return loaders;
    }

    public static Builder builder(KafkaCluster cluster) {
        return new Builder(cluster);
    }

    public KafkaCluster cluster() {
        return cluster;
    }

    public EventTypeRegistry registry() {
        return registry;
    }

    public JsonEventCodec codec() {
        return codec;
    }

    public PipelineMeters meters() {
        return meters;
    }

    public EventPublisher publisher() {
        return publisher;
    }

    public TopicRouter router() {
        return router;
    }

    /** The event store, or null when the system runs without one. */
    public EventStore store() {
        return store;
    }

    public Database database() {
        return database;
    }

    public List<ConsumerGroupRunner> runners() {
        return List.copyOf(runners);
    }

    public List<String> groupIds() {
        return runners.stream().map(ConsumerGroupRunner::groupId).toList();
    }

    /** Waits until every group has formed and holds partitions; false on timeout. */
    public boolean awaitGroupsReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (runners.stream().allMatch(ConsumerGroupRunner::hasAssignment)) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /**
     * Stops consumers (offsets committed), then sends what the publisher holds, then closes the store. Every group is
     * asked to stop before any is waited for: with the brokers down each member's commit and close take their full
     * timeouts (15 s + 10 s), and four groups one after another would outlast a Ctrl-C's patience.
     */
    @Override
    public void close() {
        for (ConsumerGroupRunner r : runners) {
            r.stop();
        }
        for (ConsumerGroupRunner r : runners) {
            try {
                r.close();
            } catch (RuntimeException e) {
                log.warn("Stopping group {} failed: {}", r.groupId(), e.toString());
            }
        }
        if (publisher != null) {
            publisher.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** Options of the reference system. */
    // The options, one setter each: about 100 of this file's lines; starting and stopping the groups are the rest.
    public static final class Builder {
        /** The four groups ({@link GroupNames#ALL}), all run by default. */
        public static final List<String> ALL_GROUPS = GroupNames.ALL;

        private final KafkaCluster cluster;
        private EventStoreSettings eventStore;
        private List<String> groups = ALL_GROUPS;
        private Map<String, Object> producerProfile = ProducerProfiles.seed();
        private MeterRegistry meterRegistry = new SimpleMeterRegistry();
        private RetryPolicy retry = RetryPolicy.documentDefault();
        private Map<String, Object> consumerOverrides = new LinkedHashMap<>();
        private ConsumerSettings.Profile consumerProfile;
        private int concurrency;
        private int snapshotEvery = AggregateLoader.DEFAULT_SNAPSHOT_EVERY;
        private Duration lockTimeout = Duration.ofSeconds(5);
        private HandledListener handled = HandledListener.NONE;
        private String groupIdPrefix = DOCUMENT_GROUP_PREFIX;

        private Builder(KafkaCluster cluster) {
            this.cluster = cluster;
            // -DconsumerProfile= reaches every run this way, the load harness's included.
            this.consumerProfile = ConsumerSettings.named(ConsumerSettings.defaultName());
        }

        /** Group ids are this prefix and the group's name; default the document's {@code genai-demo-}. */
        public Builder groupIdPrefix(String prefix) {
            if (prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException("The group-id prefix is blank");
            }
            this.groupIdPrefix = prefix;
            return this;
        }

        public Builder eventStore(EventStoreSettings settings) {
            this.eventStore = settings;
            return this;
        }

        public Builder groups(List<String> names) {
            for (String n : names) {
                if (!ALL_GROUPS.contains(n)) {
                    throw new IllegalArgumentException("Unknown consumer group '" + n + "'; known groups are " + ALL_GROUPS);
                }
            }
            this.groups = List.copyOf(names);
            return this;
        }

        public Builder producerProfile(Map<String, Object> profile) {
            this.producerProfile = profile;
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        /**
         * The consumer settings and members per group of every group (default the -DconsumerProfile= one, else the
         * document's); {@link #concurrency(int)} wins over its members per group.
         */
        public Builder consumerProfile(ConsumerSettings.Profile profile) {
            this.consumerProfile = java.util.Objects.requireNonNull(profile, "profile");
            return this;
        }

        public Builder consumerOverrides(Map<String, Object> overrides) {
            this.consumerOverrides = new LinkedHashMap<>(overrides);
            return this;
        }

        /** Members per group in this process; default the consumer profile's (the document's 3 for seed). */
        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        public Builder snapshotEvery(int n) {
            this.snapshotEvery = n;
            return this;
        }

        /** Told after every successful handler call of every group (the load harness's reconciliation). */
        public Builder handledListener(HandledListener listener) {
            this.handled = java.util.Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = timeout;
            return this;
        }

        public ReferenceSystem start() {
            return new ReferenceSystem(this);
        }
    }
}
