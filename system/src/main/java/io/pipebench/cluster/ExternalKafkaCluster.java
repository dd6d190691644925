package io.pipebench.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A cluster this process does not own (MSK in staging, or any reachable cluster). Closing it does nothing. */
public final class ExternalKafkaCluster implements KafkaCluster {

    private final ConnectionSettings settings;

    private ExternalKafkaCluster(ConnectionSettings settings) {
        this.settings = settings;
    }

    /** Wraps the settings without contacting the cluster. */
    public static ExternalKafkaCluster of(ConnectionSettings settings) {
        return new ExternalKafkaCluster(settings);
    }

    /** Wraps the settings and checks that a broker answers within the timeout, failing fast with what to check. */
    public static ExternalKafkaCluster connect(ConnectionSettings settings, Duration timeout) {
        ExternalKafkaCluster cluster = new ExternalKafkaCluster(settings);
        Map<String, Object> props = new LinkedHashMap<>(cluster.connectionProperties());
        int ms = (int) timeout.toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, ms);
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(ms, 10_000));
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).nodes()
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ClusterStartException("No broker answered at " + settings.describe() + " within "
                    + timeout.toSeconds() + " s (" + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                    + "). Check " + ConnectionSettings.ENV_BOOTSTRAP + ", the network path, "
                    + ConnectionSettings.ENV_PROTOCOL + " and the credentials.", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterStartException("Interrupted while contacting " + settings.describe());
        }
        return cluster;
    }

    @Override
    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    @Override
    public Map<String, Object> connectionProperties() {
        return settings.toClientProperties();
    }

    @Override
    public String describe() {
        return "external cluster, " + settings.describe();
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
