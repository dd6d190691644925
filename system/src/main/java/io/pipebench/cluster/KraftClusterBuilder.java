package io.pipebench.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options shared by the clusters this process starts from Kafka's own classes, in this JVM or in child JVMs;
 * {@link #start()} starts one.
 *
 * @param <B> the concrete builder, so the setters chain
 * @param <C> the cluster it starts
 */
public abstract class KraftClusterBuilder<B extends KraftClusterBuilder<B, C>, C extends KafkaCluster> {

    private static final Logger log = LoggerFactory.getLogger(KraftClusterBuilder.class);

    int brokers = 3;
    Path dataDirectory;
    boolean deleteOnClose = true;
    Duration startTimeout = Duration.ofSeconds(60);
    Duration stopTimeout = Duration.ofSeconds(30);
    final Map<String, String> brokerOverrides = new LinkedHashMap<>();
    ClusterSecurity security = ClusterSecurity.PLAINTEXT;

    KraftClusterBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    public B brokers(int brokers) {
        if (brokers < 1 || brokers > 9) {
            throw new IllegalArgumentException("brokers must be between 1 and 9, was " + brokers);
        }
        this.brokers = brokers;
        return self();
    }

    /** Where log directories go; default {@code target/<kind>-kafka/<id>} under the working directory. */
    public B dataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        return self();
    }

    public B deleteOnClose(boolean deleteOnClose) {
        this.deleteOnClose = deleteOnClose;
        return self();
    }

    public B startTimeout(Duration startTimeout) {
        this.startTimeout = startTimeout;
        return self();
    }

    public B stopTimeout(Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
        return self();
    }

    /**
     * The client listener: PLAINTEXT (default), SCRAM-SHA-512 over TLS or mutual TLS, the latter two with ACLs
     * (see {@link ListenerSecurity}).
     */
    public B security(ClusterSecurity security) {
        this.security = java.util.Objects.requireNonNull(security, "security");
        return self();
    }

    /** Any broker property; values are passed as strings, as Kafka's config parser expects. */
    public B brokerProperty(String key, String value) {
        brokerOverrides.put(key, value);
        return self();
    }

    /**
     * Starts the cluster. Ports are picked free up front and bound a moment later; if another process takes one
     * in between, the start is retried on fresh ports (up to three times) instead of failing.
     */
    public C start() {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce();
            } catch (ClusterStartException e) {
                if (attempt >= 3 || !KraftNodeConfig.isPortConflict(e)) {
                    throw e;
                }
                log.warn("A port of the cluster was taken by another process; retrying on fresh ports");
            }
        }
    }

    /** One start on fresh ports; a failed start has released whatever it started. */
    abstract C startOnce();
}
