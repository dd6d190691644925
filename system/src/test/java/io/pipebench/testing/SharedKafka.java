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
 * The load tests use it too, through this module's test-jar.
 */
public final class SharedKafka {

    private static EmbeddedKafkaCluster cluster;
    private static EmbeddedKafkaCluster secured;

    private SharedKafka() {
    }

    /** The shared cluster with the catalog's topics applied. */
    public static synchronized EmbeddedKafkaCluster cluster() {
        if (cluster == null) {
            cluster = start(ClusterSecurity.fromSystemProperty(), "shared test cluster");
        }
        return cluster;
    }

    /**
     * A second shared cluster, always with MSK's SASL_SSL listener (SCRAM-SHA-512 over TLS, ACLs), for tests of what
     * credentials must not leak into; its operator ({@code connectionProperties()}) is a super user.
     */
    public static synchronized EmbeddedKafkaCluster secured() {
        if (secured == null) {
            secured = start(ClusterSecurity.SCRAM_TLS, "shared secured test cluster");
        }
        return secured;
    }

    private static EmbeddedKafkaCluster start(ClusterSecurity security, String name) {
        EmbeddedKafkaCluster c = EmbeddedKafkaCluster.builder().brokers(3).security(security).start();
        try (Admin admin = Admin.create(c.connectionProperties())) {
            new TopicPlanner(admin, name, Duration.ofSeconds(30)).apply(TopicCatalog.standard());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(c::close, "shared-kafka-stop"));
        return c;
    }
}
