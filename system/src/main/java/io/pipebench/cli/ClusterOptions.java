package io.pipebench.cli;

import io.pipebench.cluster.ClusterSecurity;
import io.pipebench.cluster.ConnectionSettings;
import io.pipebench.cluster.ContainerKafkaCluster;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.cluster.ExternalKafkaCluster;
import io.pipebench.cluster.ForkedKafkaCluster;
import io.pipebench.cluster.KafkaCluster;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which Kafka cluster a command talks to; shared by every command that needs one. */
public final class ClusterOptions {

    public enum Kind {
        embedded, forked, external, container;

        /** Whether this process starts (and so owns) the cluster: its topics may be created without asking. */
        public boolean owned() {
            return this == embedded || this == forked;
        }
    }

    @Option(names = "--cluster", defaultValue = "embedded", paramLabel = "KIND",
            description = "embedded (default: a real 3-broker KRaft cluster in this JVM), forked (the same cluster, "
                    + "each broker and the controller a child JVM that faults can kill), external (MSK or any "
                    + "cluster: --cluster-config and KAFKA_* variables) or container (Testcontainers; needs Docker).")
    Kind kind = Kind.embedded;

    @Option(names = "--brokers", defaultValue = "3", paramLabel = "N",
            description = "Brokers of the embedded or forked cluster (default ${DEFAULT-VALUE}).")
    int brokers = 3;

    @Option(names = "--security", defaultValue = "plaintext", paramLabel = "MODE",
            description = "The embedded cluster's client listener: plaintext (default), scram-tls (SASL_SSL with "
                    + "SCRAM-SHA-512 over TLS, as MSK) or mtls (TLS client certificates); the latter two enforce ACLs, "
                    + "each client role with a principal of its own.")
    String security = "plaintext";

    @Option(names = "--cluster-config", paramLabel = "FILE",
            description = "Properties file for --cluster external (bootstrap.servers, security.protocol, "
                    + "sasl.mechanism, ssl.truststore.location). KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, "
                    + "KAFKA_USERNAME, KAFKA_PASSWORD (or KAFKA_CREDENTIALS_FILE) override or complete it.")
    Path clusterConfig;

    @Option(names = "--broker-property", paramLabel = "KEY=VALUE",
            description = "A broker property of the embedded or forked cluster (repeatable), e.g. num.io.threads=2: "
                    + "what-ifs on the brokers' own settings; printed with the cluster's description.")
    List<String> brokerProperties = new ArrayList<>();

    @Option(names = "--connect-timeout", defaultValue = "15", paramLabel = "SECONDS",
            description = "How long to wait for an external cluster to answer (default ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds = 15;

    public KafkaCluster open() {
        ClusterSecurity mode = security(); // checked for every kind, before anything starts
        Map<String, String> overrides = brokerProperties();
        return switch (kind) {
            case embedded -> {
                EmbeddedKafkaCluster.Builder b = EmbeddedKafkaCluster.builder().brokers(brokers).security(mode);
                overrides.forEach(b::brokerProperty);
                yield b.start();
            }
            case forked -> forkedBuilder().start();
            case external -> ExternalKafkaCluster.connect(ConnectionSettings.load(Optional.ofNullable(clusterConfig)),
                    Duration.ofSeconds(connectTimeoutSeconds));
            case container -> ContainerKafkaCluster.start(ContainerKafkaCluster.DEFAULT_IMAGE);
        };
    }

    /**
     * The --security mode; refused with a cluster it cannot secure (forked and container clusters are plaintext, an
     * external one is secured by its settings) rather than silently ignored.
     */
    ClusterSecurity security() {
        ClusterSecurity mode = ClusterSecurity.parse(security, "--security");
        if (mode.secured() && kind != Kind.embedded) {
            throw new IllegalArgumentException("--security " + mode + " applies to --cluster embedded only; "
                    + (kind == Kind.external ? "an external cluster's security comes from KAFKA_SECURITY_PROTOCOL "
                    + "and its credentials" : "the " + kind + " cluster is plaintext"));
        }
        return mode;
    }

    /**
     * A forked cluster's builder with --brokers and --broker-property applied: {@link #open} and the fault command
     * (which adds its own start timeout) both start a forked cluster from here, so neither drops an option.
     */
    public ForkedKafkaCluster.Builder forkedBuilder() {
        ForkedKafkaCluster.Builder b = ForkedKafkaCluster.builder().brokers(brokers);
        brokerProperties().forEach(b::brokerProperty);
        return b;
    }

    /** Properties the cluster sets per node to make it a cluster at all: an override would break it, not tune it. */
    private static final java.util.Set<String> NODE_IDENTITY = java.util.Set.of("node.id", "process.roles", "listeners",
            "advertised.listeners", "log.dirs", "log.dir", "controller.quorum.voters", "controller.listener.names",
            "listener.security.protocol.map", "inter.broker.listener.name");

    /**
     * The --broker-property values as a map; refused, naming the option and the fix, when one is not KEY=VALUE, has
     * no value, repeats a key, sets one of the properties that make the nodes a cluster, or the cluster is not one
     * this process starts (an external cluster's brokers are configured where they run).
     */
    Map<String, String> brokerProperties() {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String property : brokerProperties) {
            int eq = property.indexOf('=');
            if (eq <= 0 || property.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("--broker-property '" + property + "' is not KEY=VALUE; write it "
                        + "as, for example, --broker-property num.io.threads=2");
            }
            String key = property.substring(0, eq).trim();
            String value = property.substring(eq + 1).trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("--broker-property " + key + " has no value; write it as "
                        + key + "=VALUE, or leave it out for the cluster's default");
            }
            if (NODE_IDENTITY.contains(key)) {
                throw new IllegalArgumentException("--broker-property " + key + " is set per node by the cluster "
                        + "itself (ports, roles, directories); leave it out");
            }
            if (overrides.put(key, value) != null) {
                throw new IllegalArgumentException("--broker-property " + key + " is given twice; give it once");
            }
        }
        if (!overrides.isEmpty() && !kind.owned()) {
            throw new IllegalArgumentException("--broker-property applies to a cluster this command starts "
                    + "(--cluster embedded or forked), not to --cluster " + kind + ", whose brokers are configured "
                    + "where they run");
        }
        return overrides;
    }

    public Kind kind() {
        return kind;
    }
}
