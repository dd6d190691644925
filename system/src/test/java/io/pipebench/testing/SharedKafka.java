package io.pipebench.testing;

import io.pipebench.cluster.ClusterSecurity;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.cluster.ForkedKafkaCluster;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicPlanner;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.Locale;

/**
 * One 3-broker cluster shared by the test classes of a JVM that only read from it or use their own topics and groups;
 * it is closed when the JVM exits. Tests that stop brokers start their own cluster. The load tests use it too,
 * through this module's test-jar.
 * <ul>
 *     <li>{@code -Dcluster=embedded} (the default) makes it an {@link EmbeddedKafkaCluster}, brokers and controller
 *     in the test JVM; {@code -Dcluster=forked} a {@link ForkedKafkaCluster}, each broker and the controller a child
 *     JVM running Kafka's own {@code kafka.Kafka} (C1 only and the serial collector, so four JVMs boot on a small
 *     machine; logs under {@code target/forked-kafka/<id>/logs/}), e.g.
 *     {@code ./mvnw -B -pl system -am test -Dcluster=forked}. Any other value fails the test that asks for the
 *     cluster, naming {@code -Dcluster} and the values that work ({@code external} and {@code container} are load
 *     scenario kinds: run those with {@code -DskipTests}).</li>
 *     <li>{@code -Dsecurity=scram-tls|mtls} secures the embedded cluster's listener (and that of
 *     {@link Clusters#freshWithCatalog()}). The forked cluster is PLAINTEXT only, so {@code -Dsecurity} with
 *     {@code -Dcluster=forked} is refused, not ignored.</li>
 *     <li>{@link #cluster()} is the {@link KafkaCluster} interface, all most tests need. A test of what only the
 *     embedded cluster has (its in-JVM broker control, its listener's certificates) asks for {@link #embedded()},
 *     which skips that test under {@code -Dcluster=forked} (a JUnit assumption that says so). {@link #secured()} is
 *     always embedded, whatever {@code -Dcluster} says: the forked cluster has no secured listener.</li>
 *     <li>{@link Clusters#freshWithCatalog()} and the tests' own clusters stay embedded (or forked where a test
 *     builds one): {@code -Dcluster} selects the shared cluster only.</li>
 * </ul>
 */
public final class SharedKafka {

    /** The system property that selects the shared cluster's kind. */
    public static final String PROPERTY = "cluster";

    private static KafkaCluster cluster;
    private static EmbeddedKafkaCluster secured;

    private SharedKafka() {
    }

    /** The shared cluster with the catalog's topics applied: embedded, or forked under {@code -Dcluster=forked}. */
    public static synchronized KafkaCluster cluster() {
        if (cluster == null) {
            ClusterSecurity security = security();
            cluster = forked() ? startForked() : startEmbedded(security, "shared test cluster");
        }
        return cluster;
    }

    /**
     * The shared cluster as the embedded one, for a test of what only that cluster has. Under {@code -Dcluster=forked}
     * the calling test is skipped, saying why, rather than run against another cluster than it is about.
     */
    public static EmbeddedKafkaCluster embedded() {
        Assumptions.assumeFalse(forked(), () -> "Skipped under -D" + PROPERTY + "=forked: this test is about the "
                + "embedded cluster (run it without -D" + PROPERTY + " or with -D" + PROPERTY + "=embedded)");
        return (EmbeddedKafkaCluster) cluster();
    }

    /** {@code embedded} or {@code forked}, as {@code -Dcluster} gives it (blank or unset: embedded). */
    public static String kind() {
        String value = System.getProperty(PROPERTY);
        String kind = value == null || value.isBlank() ? "embedded" : value.trim().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "embedded", "forked" -> kind;
            case "external", "container" -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + value
                    + " is a kind for the load scenarios (-Pload), not for the tests: the tests' shared cluster is "
                    + "one they start, -D" + PROPERTY + "=embedded (the default) or -D" + PROPERTY + "=forked. Run a "
                    + "load scenario against a " + kind + " cluster with -DskipTests");
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " is '" + value + "': the tests' shared "
                    + "cluster is -D" + PROPERTY + "=embedded (the default) or -D" + PROPERTY + "=forked");
        };
    }

    /** Whether {@code -Dcluster=forked} asks for the forked cluster. */
    public static boolean forked() {
        return kind().equals("forked");
    }

    /**
     * The shared cluster's client listener: {@code -Dsecurity}'s. With {@code -Dcluster=forked} only plaintext, and a
     * secured {@code -Dsecurity} is refused naming both properties.
     */
    public static ClusterSecurity security() {
        ClusterSecurity security = ClusterSecurity.fromSystemProperty();
        if (security.secured() && forked()) {
            throw new IllegalArgumentException("-D" + ClusterSecurity.PROPERTY + "=" + security + " and -D" + PROPERTY
                    + "=forked do not go together: the forked cluster is PLAINTEXT only. Test " + security
                    + " on the embedded cluster (leave -D" + PROPERTY + " unset) or forked brokers in plaintext "
                    + "(leave -D" + ClusterSecurity.PROPERTY + " unset)");
        }
        return security;
    }

    /**
     * A second shared cluster, always embedded with MSK's SASL_SSL listener (SCRAM-SHA-512 over TLS, ACLs), for tests
     * of what credentials must not leak into; its operator ({@code connectionProperties()}) is a super user.
     */
    public static synchronized EmbeddedKafkaCluster secured() {
        if (secured == null) {
            secured = startEmbedded(ClusterSecurity.SCRAM_TLS, "shared secured test cluster");
        }
        return secured;
    }

    private static EmbeddedKafkaCluster startEmbedded(ClusterSecurity security, String name) {
        return withCatalog(EmbeddedKafkaCluster.builder().brokers(3).security(security).start(), name);
    }

    private static ForkedKafkaCluster startForked() {
        // As ForkedKafkaClusterTest: C1 only and a serial collector, so the four JVMs start on less CPU, and a
        // generous start on a machine shared with other builds.
        return withCatalog(ForkedKafkaCluster.builder().brokers(3).nodeJvmOption("-XX:TieredStopAtLevel=1")
                .nodeJvmOption("-XX:+UseSerialGC").startTimeout(Duration.ofSeconds(120)).start(),
                "shared forked test cluster");
    }

    private static <C extends KafkaCluster> C withCatalog(C c, String name) {
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
