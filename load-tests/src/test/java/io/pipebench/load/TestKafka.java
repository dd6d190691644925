package io.pipebench.load;

import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicPlanner;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;

/** One embedded 3-broker cluster with the catalog's topics for the test classes of this JVM; closed at exit. */
public final class TestKafka {

    private static EmbeddedKafkaCluster cluster;

    private TestKafka() {
    }

    public static synchronized EmbeddedKafkaCluster cluster() {
        if (cluster == null) {
            cluster = EmbeddedKafkaCluster.builder().brokers(3).start();
            try (Admin admin = Admin.create(cluster.connectionProperties())) {
                new TopicPlanner(admin, "load-tests cluster", Duration.ofSeconds(30)).apply(TopicCatalog.standard());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "test-kafka-stop"));
        }
        return cluster;
    }
}
