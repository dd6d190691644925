package io.pipebench.cluster;

import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The server.properties of a KRaft cluster on loopback (one dedicated controller, node 0, and brokers 1..N), and the
 * formatting of their log directories: the same for the in-JVM and the forked cluster, so both run the same setup.
 */
final class KraftNodeConfig {

    static final int CONTROLLER_ID = 0;
    static final String LOOPBACK = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(KraftNodeConfig.class);

    private final String clusterId;
    private final Path dataDirectory;
    private final int brokerCount;
    private final Map<String, String> brokerOverrides;
    /** Null on a PLAINTEXT cluster. */
    private final ListenerSecurity security;

    /** A PLAINTEXT cluster. */
    KraftNodeConfig(String clusterId, Path dataDirectory, int brokerCount, Map<String, String> brokerOverrides) {
        this(clusterId, dataDirectory, brokerCount, brokerOverrides, null);
    }

    KraftNodeConfig(String clusterId, Path dataDirectory, int brokerCount, Map<String, String> brokerOverrides,
                    ListenerSecurity security) {
        this.clusterId = clusterId;
        this.dataDirectory = dataDirectory;
        this.brokerCount = brokerCount;
        this.brokerOverrides = Map.copyOf(brokerOverrides);
        this.security = security;
    }

    /**
     * The configs of a cluster about to start: ports picked, log directories formatted.
     *
     * @param internalBootstrap the brokers' inter-broker listener; the same as {@code bootstrapServers} on PLAINTEXT
     */
    record Layout(Properties controller, Map<Integer, Properties> brokers, String bootstrapServers,
                  String internalBootstrap) {
    }

    /** Picks free ports for the controller and brokers 1..N, builds their configs and formats their directories. */
    Layout prepare() throws IOException {
        Files.createDirectories(dataDirectory);
        int controllerPort = freePort();
        List<Integer> brokerPorts = new ArrayList<>();
        List<Integer> internalPorts = new ArrayList<>();
        for (int i = 0; i < brokerCount; i++) {
            brokerPorts.add(freePort());
            internalPorts.add(security == null ? brokerPorts.get(i) : freePort());
        }
        String voters = CONTROLLER_ID + "@" + LOOPBACK + ":" + controllerPort;
        Properties controller = controller(controllerPort, voters);
        format(CONTROLLER_ID, controller);
        Map<Integer, Properties> brokers = new TreeMap<>();
        for (int i = 0; i < brokerCount; i++) {
            Properties broker = broker(i + 1, brokerPorts.get(i), internalPorts.get(i), voters);
            format(i + 1, broker);
            brokers.put(i + 1, broker);
        }
        return new Layout(controller, Collections.unmodifiableMap(brokers), addresses(brokerPorts),
                addresses(internalPorts));
    }

    private static String addresses(List<Integer> ports) {
        return ports.stream().map(p -> LOOPBACK + ":" + p).collect(Collectors.joining(","));
    }

    private Properties controller(int port, String voters) {
        Properties p = new Properties();
        p.put("process.roles", "controller");
        p.put("node.id", String.valueOf(CONTROLLER_ID));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "CONTROLLER://" + LOOPBACK + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDirectory.resolve("controller").toAbsolutePath().toString());
        p.put("num.io.threads", "2");
        p.put("num.network.threads", "2");
        // Read by the controller: topic defaults, and a short broker session so a restarted broker re-registers
        // at once (otherwise DUPLICATE_BROKER_REGISTRATION until the old session expires, ~9 s).
        p.put("default.replication.factor", String.valueOf(Math.min(3, brokerCount)));
        p.put("broker.session.timeout.ms", "2500");
        p.put("broker.heartbeat.interval.ms", "500");
        if (security != null) {
            p.putAll(ListenerSecurity.authorizerProperties());
        }
        return p;
    }

    private Properties broker(int id, int port, int internalPort, String voters) {
        String replication = String.valueOf(Math.min(3, brokerCount));
        String minIsr = String.valueOf(Math.min(2, brokerCount));
        Properties p = new Properties();
        p.put("process.roles", "broker");
        p.put("node.id", String.valueOf(id));
        p.put("controller.quorum.voters", voters);
        p.put("controller.listener.names", "CONTROLLER");
        if (security == null) {
            p.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + port);
            p.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + port);
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            String client = ListenerSecurity.CLIENT_LISTENER;
            String internal = ListenerSecurity.INTERNAL_LISTENER;
            String listeners = client + "://" + LOOPBACK + ":" + port + "," + internal + "://" + LOOPBACK + ":"
                    + internalPort;
            p.put("listeners", listeners);
            p.put("advertised.listeners", listeners);
            p.put("inter.broker.listener.name", internal);
            p.put("listener.security.protocol.map", client + ":" + security.mode().protocol() + "," + internal
                    + ":PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.putAll(security.brokerProperties());
        }
        p.put("log.dirs", dataDirectory.resolve("broker-" + id).toAbsolutePath().toString());
        // Internal topics sized to the broker count; topics themselves come from the catalog.
        p.put("offsets.topic.replication.factor", replication);
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", replication);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", replication);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("broker.heartbeat.interval.ms", "500");
        // Three brokers share this machine's cores with the system under test: 2 request handlers and 1 network thread
        // per listener each (9 threads, against 18 before and Kafka's 33) cut the brokers' CPU per event ~10%, the
        // pipeline's 4-7%, and halved the producer's request latency at 2,500 events/s in two A-then-B profile pairs
        // (results/capacity/README.md, "Fewer broker threads"). --broker-property overrides either for a what-if.
        p.putAll(BROKER_THREADS);
        brokerOverrides.forEach(p::put);
        return p;
    }

    /** The brokers' thread counts, named in every description because CPU per event moves with them. */
    private static final Map<String, String> BROKER_THREADS = Map.of("num.io.threads", "2", "num.network.threads",
            "1", "num.replica.fetchers", "1");

    /**
     * The brokers' settings a run's figures depend on, for a cluster's description: the thread counts as they run
     * (after any override), then the overrides ({@code ", broker overrides {k=v}"}) when there are any.
     */
    String settingsDescribed() {
        return ", broker threads: " + effective("num.io.threads") + " request handlers, "
                + effective("num.network.threads") + " network, " + effective("num.replica.fetchers")
                + " replica fetcher(s)" + overridesDescribed();
    }

    private String effective(String key) {
        return brokerOverrides.getOrDefault(key, BROKER_THREADS.get(key));
    }

    /**
     * The brokers' overridden properties for a cluster's description ({@code ", broker overrides {k=v}"}), or "".
     * Descriptions go into run.json and onto consoles, so the value of any key that may hold a credential (a
     * password, a JAAS config, a key, a secret or token) is shown as {@code [hidden]}.
     */
    private String overridesDescribed() {
        if (brokerOverrides.isEmpty()) {
            return "";
        }
        java.util.Map<String, String> shown = new java.util.TreeMap<>();
        brokerOverrides.forEach((k, v) -> shown.put(k, mayHoldSecret(k) ? "[hidden]" : v));
        return ", broker overrides " + shown;
    }

    private static boolean mayHoldSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.contains("credential") || k.contains(".key") || k.endsWith("key");
    }

    /** Formats the node's log directory with Kafka's own storage formatter, as {@code kafka-storage format} does. */
    private void format(int nodeId, Properties config) throws IOException {
        String logDir = config.getProperty("log.dirs");
        Files.createDirectories(Path.of(logDir));
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setDirectories(List.of(logDir))
                .setMetadataLogDirectory(logDir)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setControllerListenerName("CONTROLLER");
        try {
            formatter.run();
        } catch (Exception e) {
            throw new ClusterStartException("Could not format the log directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** A port free now; it is bound a moment later, so a start that loses the race retries ({@link #isPortConflict}). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static boolean isPortConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof java.net.BindException || m.contains("Address already in use")
                    || m.contains("SocketServer Acceptors")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
