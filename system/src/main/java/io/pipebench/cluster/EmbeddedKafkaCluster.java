package io.pipebench.cluster;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real KRaft cluster inside this JVM, built from Kafka's production classes: one dedicated controller and N
 * brokers on loopback, log directories under the build folder.
 *
 * <p>{@code KafkaClusterTestKit} is not used: on this Maven mirror it needs a test-fixtures jar that is not published.
 * Start and stop are bounded in time, and a failed start closes whatever did start, so a half-started cluster never
 * keeps the JVM alive with non-daemon threads.
 */
public final class EmbeddedKafkaCluster implements KafkaCluster, BrokerControl {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final int CONTROLLER_ID = 0;
    private static final String LOOPBACK = "127.0.0.1";

    private final int brokerCount;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final Map<String, String> brokerOverrides;
    private final String clusterId = Uuid.randomUuid().toString();

    private final Map<Integer, Properties> brokerConfigs = new TreeMap<>();
    private final Map<Integer, KafkaRaftServer> runningBrokers = new TreeMap<>();
    private KafkaRaftServer controller;
    private String bootstrapServers;
    private boolean closed;

    private EmbeddedKafkaCluster(Builder builder) {
        this.brokerCount = builder.brokers;
        this.dataDirectory = builder.dataDirectory != null
                ? builder.dataDirectory
                : Path.of("target", "embedded-kafka", clusterId.substring(0, 8));
        this.deleteOnClose = builder.deleteOnClose;
        this.startTimeout = builder.startTimeout;
        this.stopTimeout = builder.stopTimeout;
        this.brokerOverrides = Map.copyOf(builder.brokerOverrides);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a cluster with the defaults: 3 brokers, so replication factor 3 and min ISR 2 hold. */
    public static EmbeddedKafkaCluster start() {
        return builder().start();
    }

    private synchronized EmbeddedKafkaCluster doStart() {
        KafkaExitGuard.install();
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDirectory);
            int controllerPort = freePort();
            List<Integer> brokerPorts = new ArrayList<>();
            for (int i = 0; i < brokerCount; i++) {
                brokerPorts.add(freePort());
            }
            String voters = CONTROLLER_ID + "@" + LOOPBACK + ":" + controllerPort;

            Properties controllerConfig = controllerConfig(controllerPort, voters);
            format(CONTROLLER_ID, controllerConfig);
            controller = newServer(controllerConfig);
            bounded("start the controller", startTimeout, controller::startup);

            for (int i = 0; i < brokerCount; i++) {
                int id = i + 1;
                Properties config = brokerConfig(id, brokerPorts.get(i), voters);
                format(id, config);
                brokerConfigs.put(id, config);
            }
            bootstrapServers = brokerPorts.stream().map(p -> LOOPBACK + ":" + p).collect(Collectors.joining(","));
            for (int id : brokerConfigs.keySet()) {
                KafkaRaftServer broker = newServer(brokerConfigs.get(id));
                runningBrokers.put(id, broker);
                bounded("start broker " + id, startTimeout, broker::startup);
            }
            awaitBrokers(brokerConfigs.keySet(), startTimeout);
            log.info("Embedded Kafka cluster up in {} ms: {} broker(s) at {}, data in {}",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), brokerCount, bootstrapServers,
                    dataDirectory.toAbsolutePath());
            return this;
        } catch (RuntimeException | IOException e) {
            close();
            throw e instanceof ClusterStartException cse ? cse
                    : new ClusterStartException("The embedded Kafka cluster did not start: " + e.getMessage(), e);
        }
    }

    private Properties controllerConfig(int port, String voters) {
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
        return p;
    }

    private Properties brokerConfig(int id, int port, String voters) {
        String replication = String.valueOf(Math.min(3, brokerCount));
        String minIsr = String.valueOf(Math.min(2, brokerCount));
        Properties p = new Properties();
        p.put("process.roles", "broker");
        p.put("node.id", String.valueOf(id));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + port);
        p.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
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
        p.put("num.io.threads", "4");
        p.put("num.network.threads", "2");
        p.put("num.replica.fetchers", "1");
        brokerOverrides.forEach(p::put);
        return p;
    }

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

    private static KafkaRaftServer newServer(Properties config) {
        return new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
    }

    private void awaitBrokers(Collection<Integer> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> wanted = Set.copyOf(ids);
        try (Admin admin = Admin.create(adminProperties())) {
            while (true) {
                try {
                    Set<Integer> seen = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                            .nodes().get(3, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet());
                    if (seen.containsAll(wanted)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not yet reachable: try again until the deadline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClusterStartException("Interrupted while waiting for brokers " + wanted);
                }
                if (System.nanoTime() > deadline) {
                    throw new ClusterStartException("Brokers " + wanted + " did not register within " + timeout);
                }
                pause(50);
            }
        }
    }

    private Map<String, Object> adminProperties() {
        Map<String, Object> p = new LinkedHashMap<>(connectionProperties());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        return p;
    }

    @Override
    public synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("The embedded cluster is not started");
        }
        return bootstrapServers;
    }

    @Override
    public Map<String, Object> connectionProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    }

    @Override
    public String describe() {
        return "embedded KRaft cluster, " + brokerCount + " broker(s), PLAINTEXT at " + bootstrapServers;
    }

    @Override
    public Optional<BrokerControl> brokerControl() {
        return Optional.of(this);
    }

    public int brokerCount() {
        return brokerCount;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public synchronized List<Integer> brokerIds() {
        return List.copyOf(brokerConfigs.keySet());
    }

    @Override
    public synchronized boolean isRunning(int brokerId) {
        return runningBrokers.containsKey(brokerId);
    }

    @Override
    public synchronized void stopBroker(int brokerId) {
        requireKnown(brokerId);
        KafkaRaftServer broker = runningBrokers.remove(brokerId);
        if (broker == null) {
            throw new IllegalStateException("Broker " + brokerId + " is not running");
        }
        long t0 = System.nanoTime();
        stopServer("broker " + brokerId, broker);
        log.info("Broker {} stopped in {} ms", brokerId, Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    @Override
    public synchronized void startBroker(int brokerId) {
        requireKnown(brokerId);
        if (runningBrokers.containsKey(brokerId)) {
            throw new IllegalStateException("Broker " + brokerId + " is already running");
        }
        long t0 = System.nanoTime();
        KafkaRaftServer broker = newServer(brokerConfigs.get(brokerId));
        runningBrokers.put(brokerId, broker);
        bounded("restart broker " + brokerId, startTimeout, broker::startup);
        awaitBrokers(List.of(brokerId), startTimeout);
        log.info("Broker {} restarted in {} ms", brokerId, Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    private void requireKnown(int brokerId) {
        if (!brokerConfigs.containsKey(brokerId)) {
            throw new IllegalArgumentException("No broker " + brokerId + "; brokers are " + brokerConfigs.keySet());
        }
    }

    /** Stops brokers first (they need the controller for a controlled shutdown), then the controller. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Map.Entry<Integer, KafkaRaftServer>> brokers = new ArrayList<>(runningBrokers.entrySet());
        runningBrokers.clear();
        if (!brokers.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(brokers.size(), daemon("embedded-kafka-stop"));
            try {
                List<Future<?>> stops = brokers.stream()
                        .map(e -> pool.submit(() -> stopServer("broker " + e.getKey(), e.getValue())))
                        .collect(Collectors.toList());
                for (Future<?> stop : stops) {
                    try {
                        stop.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (ExecutionException e) {
                        log.warn("Stopping a broker failed", e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        if (controller != null) {
            stopServer("controller", controller);
            controller = null;
        }
        if (deleteOnClose) {
            deleteRecursively(dataDirectory);
        }
    }

    private void stopServer(String what, KafkaRaftServer server) {
        try {
            bounded("stop " + what, stopTimeout, () -> {
                server.shutdown();
                server.awaitShutdown();
            });
        } catch (RuntimeException e) {
            log.warn("Could not stop {} cleanly: {}", what, e.getMessage());
        }
    }

    /** Runs a blocking server operation on a daemon thread and gives up after the timeout. */
    private static void bounded(String what, Duration timeout, Runnable action) {
        ExecutorService executor = Executors.newSingleThreadExecutor(daemon("embedded-kafka-" + what.replace(' ', '-')));
        try {
            executor.submit(action).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ClusterStartException("Timed out after " + timeout.toSeconds() + " s trying to " + what);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ClusterStartException("Could not " + what + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterStartException("Interrupted while trying to " + what);
        } finally {
            executor.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }

    /** Options of an embedded cluster; {@link #start()} starts it. */
    public static final class Builder {
        private int brokers = 3;
        private Path dataDirectory;
        private boolean deleteOnClose = true;
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private final Map<String, String> brokerOverrides = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder brokers(int brokers) {
            if (brokers < 1 || brokers > 9) {
                throw new IllegalArgumentException("brokers must be between 1 and 9, was " + brokers);
            }
            this.brokers = brokers;
            return this;
        }

        /** Where log directories go; default {@code target/embedded-kafka/<id>} under the working directory. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Builder deleteOnClose(boolean deleteOnClose) {
            this.deleteOnClose = deleteOnClose;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        /** Any broker property; values are passed as strings, as Kafka's config parser expects. */
        public Builder brokerProperty(String key, String value) {
            brokerOverrides.put(key, value);
            return this;
        }

        /**
         * Starts the cluster. Ports are picked free up front and bound a moment later; if another process takes one
         * in between, the start is retried on fresh ports (up to three times) instead of failing.
         */
        public EmbeddedKafkaCluster start() {
            for (int attempt = 1; ; attempt++) {
                try {
                    return new EmbeddedKafkaCluster(this).doStart();
                } catch (ClusterStartException e) {
                    if (attempt >= 3 || !isPortConflict(e)) {
                        throw e;
                    }
                    log.warn("A port of the embedded cluster was taken by another process; retrying on fresh ports");
                }
            }
        }

        private static boolean isPortConflict(Throwable e) {
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
    }
}
