package io.pipebench.load.driver.kafka;

import io.pipebench.cluster.BrokerControl;
import io.pipebench.cluster.ConnectionSettings;
import io.pipebench.cluster.ClientRole;
import io.pipebench.cluster.ClusterSecurity;
import io.pipebench.cluster.ClusterStartException;
import io.pipebench.cluster.ContainerKafkaCluster;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.cluster.ExternalKafkaCluster;
import io.pipebench.cluster.ForkedKafkaCluster;
import io.pipebench.cluster.InvalidConnectionSettingsException;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.driver.FaultControls;
import io.pipebench.load.harness.LoadOptions;
import io.pipebench.load.harness.SetupException;
import io.pipebench.publish.TopicRouter;
import io.pipebench.topics.InvalidCatalogException;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicChange;
import io.pipebench.topics.TopicPlan;
import io.pipebench.topics.TopicPlanner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.internals.AppInfoParser;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Kafka cluster a driver runs against, opened once per command: an embedded 3-broker cluster in this JVM (the
 * default), the same cluster with its nodes in child JVMs (forked, for process faults), an external one (MSK: a
 * properties file completed by KAFKA_* variables) or a single broker in a Docker container (Testcontainers, as the
 * system's {@code --cluster container}: only where a Docker engine answers, else the start fails saying so). The
 * catalog's topics are applied on a cluster the harness started; on an external one, missing topics stop the run
 * unless the catalog may be applied.
 */
public final class KafkaTarget {

    /** Where the cluster comes from. */
    public enum Kind {
        EMBEDDED, FORKED, EXTERNAL, CONTAINER;

        /**
         * {@code embedded}, {@code forked}, {@code external} or {@code container}, as {@code -Dcluster} /
         * {@code --cluster} give it.
         */
        public static Kind parse(String text) {
            return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
                case "embedded" -> EMBEDDED;
                case "forked" -> FORKED;
                case "external" -> EXTERNAL;
                case "container" -> CONTAINER;
                default -> throw new IllegalArgumentException("-Dcluster / --cluster: '" + text + "' is not a cluster "
                        + "kind; use embedded, forked, external or container");
            };
        }
    }

    private KafkaTarget() {
    }

    /**
     * Starts or connects to the cluster. A secured {@code security} gives the embedded cluster MSK's listeners and
     * ACLs; the harness's own clients then run as the harness principal (elsewhere as configured).
     */
    public static KafkaCluster open(Kind kind, ClusterSecurity security, Optional<Path> clusterConfig) {
        if (security.secured() && kind != Kind.EMBEDDED) { // LoadConfig refuses this first; a guard for other callers
            throw new IllegalArgumentException("-Dsecurity / --security: " + security + " secures the embedded cluster "
                    + "only; " + (kind == Kind.EXTERNAL ? "an external cluster's security comes from "
                    + "KAFKA_SECURITY_PROTOCOL and its credentials" : "the " + kind.name().toLowerCase(Locale.ROOT)
                    + " cluster is plaintext"));
        }
        KafkaCluster cluster;
        try {
            cluster = switch (kind) {
                case EXTERNAL -> ExternalKafkaCluster.connect(ConnectionSettings.load(clusterConfig),
                        Duration.ofSeconds(15));
                case FORKED -> ForkedKafkaCluster.builder().brokers(3).start();
                case EMBEDDED -> EmbeddedKafkaCluster.builder().brokers(3).security(security).start();
                // Without a Docker engine this fails at once, naming --cluster and the other kinds (the system's own
                // check and message).
                case CONTAINER -> ContainerKafkaCluster.start(ContainerKafkaCluster.DEFAULT_IMAGE);
            };
        } catch (InvalidConnectionSettingsException | ClusterStartException e) {
            // A bad setting or an unreachable cluster is a setup error (exit 2, its message), not a failed check.
            throw new SetupException(e.getMessage(), e);
        }
        // The harness publishes the event topics as the publisher does; it never writes the dead-letter topic.
        return cluster.as(ClientRole.harness(new TreeSet<>(TopicRouter.standard(EventTypeRegistry.standard())
                .routes().values())));
    }

    /** The version of the Kafka client library in use (Kafka exposes it only from an internal class). */
    public static Map<String, String> versions() {
        return Map.of("kafka", AppInfoParser.getVersion());
    }

    /**
     * Makes the catalog's topics exist: applied on a cluster the harness started or when {@code apply}; on an external
     * cluster without it, missing topics stop the run and other drift is printed. A catalog the cluster cannot hold
     * (replication factor 3 on a container's single broker) stops the run as a setup error.
     */
    public static void topics(KafkaCluster cluster, boolean external, boolean apply, PrintStream out) {
        TopicCatalog catalog = TopicCatalog.standard();
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            TopicPlanner planner = new TopicPlanner(admin, cluster.describe(), Duration.ofSeconds(30));
            TopicPlan plan;
            try {
                plan = planner.plan(catalog);
            } catch (InvalidCatalogException e) {
                throw new SetupException("The topic catalog does not fit " + cluster.describe() + ": "
                        + e.getMessage(), e);
            }
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
                        + "the harness apply the catalog: " + LoadOptions.spelling("applyTopics", true));
            } else if (!plan.converged()) {
                out.print("Warning: the topics differ from the catalog (not changed without "
                        + LoadOptions.spelling("applyTopics", true) + "):\n"
                        + plan.render());
            }
        }
    }

    /** The cluster's broker faults, where this process owns the brokers. */
    public static Optional<FaultControls> faults(KafkaCluster cluster) {
        return cluster.brokerControl().map(BrokerFaults::new);
    }

    private record BrokerFaults(BrokerControl brokers) implements FaultControls {
        @Override
        public List<Integer> brokerIds() {
            return brokers.brokerIds();
        }

        @Override
        public void stopBroker(int brokerId) {
            brokers.stopBroker(brokerId);
        }

        @Override
        public void startBroker(int brokerId) {
            brokers.startBroker(brokerId);
        }

        @Override
        public boolean canKill() {
            return brokers.supportsProcessFaults();
        }

        @Override
        public void kill(int brokerId) {
            brokers.kill(brokerId);
        }

        @Override
        public void restart(int brokerId) {
            brokers.restart(brokerId);
        }
    }
}
