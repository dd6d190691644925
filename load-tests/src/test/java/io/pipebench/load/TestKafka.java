package io.pipebench.load;

import io.pipebench.cluster.ClusterSecurity;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicPlanner;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;

/**
 * Embedded 3-broker clusters with the catalog's topics, one of each kind for the test classes of this JVM, closed at
 * exit: {@link #cluster()} PLAINTEXT, {@link #secured()} MSK's SASL_SSL listener (SCRAM-SHA-512 over TLS, ACLs).
 */
public final class TestKafka {

    private static EmbeddedKafkaCluster cluster;
    private static EmbeddedKafkaCluster secured;

    private TestKafka() {
    }

    public static synchronized EmbeddedKafkaCluster cluster() {
        if (cluster == null) {
            cluster = start(ClusterSecurity.PLAINTEXT);
        }
        return cluster;
    }

    /** SASL_SSL with SCRAM-SHA-512; its operator ({@code connectionProperties()}) is a super user. */
    public static synchronized EmbeddedKafkaCluster secured() {
        if (secured == null) {
            secured = start(ClusterSecurity.SCRAM_TLS);
        }
        return secured;
    }

    private static EmbeddedKafkaCluster start(ClusterSecurity security) {
        EmbeddedKafkaCluster c = EmbeddedKafkaCluster.builder().brokers(3).security(security).start();
        try (Admin admin = Admin.create(c.connectionProperties())) {
            new TopicPlanner(admin, "load-tests " + security + " cluster", Duration.ofSeconds(30))
                    .apply(TopicCatalog.standard());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(c::close, "test-kafka-stop-" + security));
        return c;
    }
}
