package io.pipebench.load.driver.reference;

import io.pipebench.cluster.ClusterSecurity;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.consume.ConsumerSettings;
import io.pipebench.consume.GroupNames;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.driver.ConsumerCallback;
import io.pipebench.load.driver.FaultControls;
import io.pipebench.load.driver.PipelineProbe;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.load.driver.ReadBack;
import io.pipebench.load.driver.kafka.KafkaDriver;
import io.pipebench.load.driver.kafka.KafkaReadBack;
import io.pipebench.load.driver.kafka.KafkaTarget;
import io.pipebench.publish.TopicRouter;
import io.pipebench.run.ReferenceSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code reference-system}: the real events through the system's own publisher, on an embedded, forked, external or
 * container cluster with the catalog's topics; the system's four consumer groups in this JVM (or, against an external
 * cluster, running elsewhere and monitored) with the PostgreSQL event store behind the audit group.
 */
public final class ReferenceDriver implements KafkaDriver {

    public static final String NAME = "reference-system";

    private static final Logger log = LoggerFactory.getLogger(ReferenceDriver.class);

    /**
     * The design document's four group ids, comma-separated: a compile-time constant, so a command option's default
     * can name it (the system's names live in {@code consume} and {@code run}, which only drivers may import).
     */
    public static final String DOCUMENT_GROUP_IDS = ReferenceSystem.DOCUMENT_GROUP_PREFIX + GroupNames.NOTIFICATION
            + "," + ReferenceSystem.DOCUMENT_GROUP_PREFIX + GroupNames.ANALYTICS + ","
            + ReferenceSystem.DOCUMENT_GROUP_PREFIX + GroupNames.AUDIT + ","
            + ReferenceSystem.DOCUMENT_GROUP_PREFIX + GroupNames.REPORTING;

    /** The consumer profiles the reference system knows, by name ({@code seed}: the design document's). */
    public static final List<String> CONSUMER_PROFILES = ConsumerSettings.NAMES;

    /** The embedded cluster's client listeners, by name. */
    public static final List<String> SECURITY = Arrays.stream(ClusterSecurity.values()).map(ClusterSecurity::option)
            .toList();

    /**
     * The listener and consumer profile when no option names them: what {@code -Dsecurity} / {@code -DconsumerProfile}
     * on this JVM say (PIPEBENCH_JAVA_OPTS, a test's fork), else plaintext and seed. A malformed value fails naming it.
     */
    public static String defaultSecurity() {
        return ClusterSecurity.fromSystemProperty().option();
    }

    /** See {@link #defaultSecurity()}. */
    public static String defaultConsumerProfile() {
        return ConsumerSettings.defaultName();
    }

    /** A listener by its name ({@code plaintext}, {@code scram-tls}, {@code mtls}); empty for any other name. */
    public static Optional<ClusterSecurity> security(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(ClusterSecurity.values()).filter(s -> s.option().equals(n)).findFirst();
    }

    /**
     * How to set the system up.
     *
     * @param security        the embedded cluster's client listener (plaintext elsewhere: an external cluster's
     *                        security comes from its settings)
     * @param consumers       run or monitor the workload's consumer groups; false for producer-only measurements
     * @param startConsumers  run the groups in this JVM; empty: yes on a cluster the harness starts, no on an external
     * @param realGroups      on an external cluster, run them as the system's own groups (committing their offsets)
     * @param consumerProfile the consumer settings of groups run in this JVM, one of {@link #CONSUMER_PROFILES}
     * @param keepEventStore  keep the run's event-store schema (a cluster the harness starts gets a fresh one)
     * @param monitoredGroups group ids to monitor when the consumers run elsewhere; empty: the workload's
     * @param consumerMetrics the Prometheus endpoint of consumers running elsewhere, for their processing failures
     * @param monitorLag      watch the lag of groups running elsewhere; false for every injector of a distributed
     *                        run but the first, so the run's lag is observed once
     */
    public record Settings(KafkaTarget.Kind cluster, ClusterSecurity security, Optional<Path> clusterConfig,
                           boolean applyTopics, boolean consumers, Optional<Boolean> startConsumers,
                           boolean realGroups, String consumerProfile, boolean keepEventStore,
                           List<String> monitoredGroups, Optional<String> consumerMetrics, boolean monitorLag) {

        public Settings {
            monitoredGroups = List.copyOf(monitoredGroups);
        }

        boolean external() {
            return cluster == KafkaTarget.Kind.EXTERNAL;
        }

        /** Whether the embedded cluster is started with a secured listener. */
        public boolean secured() {
            return security.secured();
        }

        /** The same settings, with or without the consumer groups (producer-only measurements run without). */
        public Settings withConsumers(boolean withConsumers) {
            return new Settings(cluster, security, clusterConfig, applyTopics, withConsumers, startConsumers,
                    realGroups, consumerProfile, keepEventStore, monitoredGroups, consumerMetrics, monitorLag);
        }

        /**
         * Settings by name rather than by position (five of the twelve are flags): consumers run and lag watched, no
         * cluster file, topics not applied, groups started where the cluster is the harness's own, the default
         * consumer profile, a fresh event-store schema, the workload's groups monitored.
         */
        public static Builder builder(KafkaTarget.Kind cluster, ClusterSecurity security) {
            return new Builder(cluster, security);
        }

        /** Builds {@link Settings}; each setter names the field it sets. */
        public static final class Builder {
            private final KafkaTarget.Kind cluster;
            private final ClusterSecurity security;
            private Optional<Path> clusterConfig = Optional.empty();
            private boolean applyTopics;
            private boolean consumers = true;
            private Optional<Boolean> startConsumers = Optional.empty();
            private boolean realGroups;
            private String consumerProfile = defaultConsumerProfile();
            private boolean keepEventStore;
            private List<String> monitoredGroups = List.of();
            private Optional<String> consumerMetrics = Optional.empty();
            private boolean monitorLag = true;

            private Builder(KafkaTarget.Kind cluster, ClusterSecurity security) {
                this.cluster = cluster;
                this.security = security;
            }

            public Builder clusterConfig(Optional<Path> file) {
                this.clusterConfig = file;
                return this;
            }

            public Builder applyTopics(boolean apply) {
                this.applyTopics = apply;
                return this;
            }

            public Builder consumers(boolean run) {
                this.consumers = run;
                return this;
            }

            public Builder startConsumers(Optional<Boolean> start) {
                this.startConsumers = start;
                return this;
            }

            public Builder realGroups(boolean real) {
                this.realGroups = real;
                return this;
            }

            public Builder consumerProfile(String name) {
                this.consumerProfile = name;
                return this;
            }

            public Builder keepEventStore(boolean keep) {
                this.keepEventStore = keep;
                return this;
            }

            public Builder monitoredGroups(List<String> groupIds) {
                this.monitoredGroups = groupIds;
                return this;
            }

            public Builder consumerMetrics(Optional<String> url) {
                this.consumerMetrics = url;
                return this;
            }

            public Builder monitorLag(boolean watch) {
                this.monitorLag = watch;
                return this;
            }

            public Settings build() {
                return new Settings(cluster, security, clusterConfig, applyTopics, consumers, startConsumers,
                        realGroups, consumerProfile, keepEventStore, monitoredGroups, consumerMetrics, monitorLag);
            }
        }
    }

    private final KafkaCluster cluster;
    private final boolean ownsCluster;
    private final ReferencePipeline pipeline;

    private ReferenceDriver(KafkaCluster cluster, boolean ownsCluster, ReferencePipeline pipeline) {
        this.cluster = cluster;
        this.ownsCluster = ownsCluster;
        this.pipeline = pipeline;
    }

    /** Opens the cluster and, when asked, the workload's consumer groups and their monitoring. */
    public static ReferenceDriver open(Settings s, io.pipebench.workload.Workload workload, PrintStream out) {
        KafkaCluster cluster = KafkaTarget.open(s.cluster(), s.security(), s.clusterConfig());
        ReferencePipeline pipeline = null;
        try {
            out.println("Kafka: " + cluster.describe());
            KafkaTarget.topics(cluster, s.external(), s.applyTopics(), out);
            if (s.consumers()) {
                pipeline = ReferencePipeline.open(cluster, s, workload, out);
            }
            return new ReferenceDriver(cluster, true, pipeline);
        } catch (RuntimeException e) {
            if (pipeline != null) {
                pipeline.close();
            }
            cluster.close();
            throw e;
        }
    }

    /** A producer-only driver on a cluster the caller owns and closes (tests, tools). */
    public static ReferenceDriver on(KafkaCluster cluster) {
        return new ReferenceDriver(cluster, false, null);
    }

    /**
     * A group id as reports show it: {@code genai-demo-audit} and a run-scoped {@code pipebench-harness-<run>-audit}
     * are both {@code audit}, so figures compare across runs.
     */
    public static String label(String groupId) {
        return io.pipebench.run.ReferenceSystem.groupName(groupId);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return cluster.describe();
    }

    @Override
    public Map<String, String> versions() {
        return KafkaTarget.versions();
    }

    @Override
    public Publisher<?> publisher(PublisherSpec spec) {
        return new ReferencePublisher(cluster, spec);
    }

    @Override
    public Optional<ReadBack> readBack(String runId, ConsumerCallback callback) {
        return Optional.of(KafkaReadBack.start(cluster.connectionProperties(),
                TopicRouter.standard(EventTypeRegistry.standard()).routes().values(), runId, callback));
    }

    @Override
    public PipelineProbe pipeline() {
        return pipeline == null ? ProcessCpu.PRODUCER_ONLY : pipeline;
    }

    /**
     * The cluster's broker faults where the harness owns its brokers, and pauses of the consumer groups run in this
     * JVM. Present when there are brokers to control or a consumer side at all (its groups may be only monitored:
     * then pauseGroup says why it cannot); empty for a producer-only driver on a cluster not its own.
     */
    @Override
    public Optional<FaultControls> faults() {
        Optional<FaultControls> brokers = KafkaTarget.faults(cluster);
        if (pipeline == null) {
            return brokers;
        }
        return Optional.of(new ReferenceFaults(brokers, pipeline.pauses(), cluster.describe()));
    }

    @Override
    public KafkaCluster cluster() {
        return cluster;
    }

    @Override
    public void close() {
        if (pipeline != null) {
            try {
                pipeline.close();
            } catch (RuntimeException e) {
                log.warn("Stopping the reference system failed: {}", e.toString());
            }
        }
        if (ownsCluster) {
            cluster.close();
        }
    }
}
