package io.pipebench.cluster;

import org.apache.kafka.clients.CommonClientConfigs;

import java.util.Map;

/**
 * A single Kafka broker in a Docker container (Testcontainers). Only usable where a Docker engine answers: call
 * {@link #dockerAvailable()} first. Testcontainers is an optional dependency; nothing else depends on this class.
 */
public final class ContainerKafkaCluster implements KafkaCluster {

    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

    private final org.testcontainers.kafka.KafkaContainer container;

    private ContainerKafkaCluster(org.testcontainers.kafka.KafkaContainer container) {
        this.container = container;
    }

    /** Whether Testcontainers is on the class path and a Docker engine answers. */
    public static boolean dockerAvailable() {
        return dockerUnavailableReason() == null;
    }

    /** Why containers cannot be used here, or null when they can. */
    public static String dockerUnavailableReason() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
        } catch (ClassNotFoundException e) {
            return "Testcontainers is not on the class path";
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable()
                    ? null : "no Docker engine answers on this machine";
        } catch (RuntimeException | LinkageError e) {
            return "no Docker engine answers on this machine (" + e.getMessage() + ")";
        }
    }

    /**
     * Starts the broker. Where containers cannot be used, a {@link ClusterStartException} says why and names the
     * other kinds, in the spellings of both the command line and the load scenarios.
     */
    public static ContainerKafkaCluster start(String image) {
        String reason = dockerUnavailableReason();
        if (reason != null) {
            throw new ClusterStartException("Cannot use a container cluster (--cluster container, or "
                    + "-Dcluster=container for the load scenarios): " + reason + ". Use embedded (the default), "
                    + "forked or external instead.");
        }
        var container = new org.testcontainers.kafka.KafkaContainer(image);
        container.start();
        return new ContainerKafkaCluster(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public Map<String, Object> connectionProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    }

    @Override
    public String describe() {
        return "Testcontainers broker (" + container.getDockerImageName() + ") at " + bootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
