package io.pipebench.testing;

import io.pipebench.cluster.ClusterSecurity;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicPlanner;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;

/**
 * One embedded 3-broker cluster shared by the test classes of a JVM that only read from it or use their own
 * topics and groups; it is closed when the JVM exits. Tests that stop brokers start their own cluster.
 * {@code -Dsecurity=scram-tls|mtls} secures its listener (and that of {@link Clusters#freshWithCatalog()}).
 */
public final class SharedKafka {

    private static EmbeddedKafkaCluster cluster;

    private SharedKafka() {
    }

    /** The shared cluster with the catalog's topics applied. */
    public static synchronized EmbeddedKafkaCluster cluster() {
        if (cluster == null) {
            cluster = EmbeddedKafkaCluster.builder().brokers(3).security(ClusterSecurity.fromSystemProperty())
                    .start();
            try (Admin admin = Admin.create(cluster.connectionProperties())) {
                new TopicPlanner(admin, "shared test cluster", Duration.ofSeconds(30)).apply(TopicCatalog.standard());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "shared-kafka-stop"));
        }
        return cluster;
    }
}
