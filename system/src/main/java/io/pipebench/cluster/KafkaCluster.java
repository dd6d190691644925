package io.pipebench.cluster;

import java.util.Map;
import java.util.Optional;

/**
 * A Kafka cluster the system and the harness can talk to. Four implementations: {@link EmbeddedKafkaCluster}
 * (a real KRaft cluster inside this JVM, the default), {@link ForkedKafkaCluster} (the same cluster with every node a
 * child JVM, so faults can kill or freeze one), {@link ExternalKafkaCluster} (MSK or any reachable cluster) and
 * {@link ContainerKafkaCluster} (Testcontainers, only where a Docker engine answers).
 */
public interface KafkaCluster extends AutoCloseable {

    /** The bootstrap servers, e.g. {@code 127.0.0.1:40123,127.0.0.1:40125}. */
    String bootstrapServers();

    /**
     * Connection properties every client needs (bootstrap servers and security), ready to be merged into a
     * producer, consumer or admin configuration. May contain secrets: never log the values.
     */
    Map<String, Object> connectionProperties();

    /**
     * Connection properties for a client acting as the role. A secured cluster this process owns gives each role a
     * principal of its own with only the role's ACLs; any other cluster has one configured identity for every role.
     */
    default Map<String, Object> connectionProperties(ClientRole role) {
        return connectionProperties();
    }

    /**
     * This cluster as a client acting as the role sees it: {@link #connectionProperties()} are the role's (the load
     * harness runs as {@link ClientRole#harness(java.util.Collection)}). Closing it closes this cluster.
     */
    default KafkaCluster as(ClientRole role) {
        return new RoleView(this, role);
    }

    /** One line, safe to print: kind, bootstrap servers, security protocol; never a credential. */
    String describe();

    /** Stop and restart individual brokers; only clusters this process owns can do that. */
    default Optional<BrokerControl> brokerControl() {
        return Optional.empty();
    }

    /** Releases what this process started; a no-op for clusters it does not own. Never throws. */
    @Override
    void close();
}
