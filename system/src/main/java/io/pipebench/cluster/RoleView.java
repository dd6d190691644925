package io.pipebench.cluster;

import java.util.Map;
import java.util.Optional;

/** A cluster as one role sees it: {@link #connectionProperties()} are the role's; everything else is the cluster's. */
final class RoleView implements KafkaCluster {

    private final KafkaCluster cluster;
    private final ClientRole role;

    RoleView(KafkaCluster cluster, ClientRole role) {
        this.cluster = cluster;
        this.role = role;
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public Map<String, Object> connectionProperties() {
        return cluster.connectionProperties(role);
    }

    @Override
    public Map<String, Object> connectionProperties(ClientRole other) {
        return cluster.connectionProperties(other);
    }

    @Override
    public String describe() {
        return cluster.describe();
    }

    @Override
    public Optional<BrokerControl> brokerControl() {
        return cluster.brokerControl();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
