package io.pipebench.cluster;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The same KRaft cluster as {@link EmbeddedKafkaCluster} (one controller, node 0, and N brokers on loopback, the
 * same server properties) but every node a child JVM running Kafka's own {@code kafka.Kafka}, so a node can be
 * killed with SIGKILL or frozen with SIGSTOP like a crashed or stalled machine. Each node's output goes to
 * {@code <data dir>/logs/<node>.log}. Children die with this JVM: a shutdown hook kills them, and each child halts
 * when its parent is gone even after a {@code kill -9} ({@link ForkedNodeMain}).
 */
public final class ForkedKafkaCluster implements KafkaCluster, BrokerControl {

    private static final Logger log = LoggerFactory.getLogger(ForkedKafkaCluster.class);

    private final int brokerCount;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final String nodeHeap;
    private final List<String> nodeJvmOptions;
    private final String clusterId = Uuid.randomUuid().toString();
    private final KraftNodeConfig nodeConfig;

    /** Node id to node; the controller is {@link KraftNodeConfig#CONTROLLER_ID}. */
    private final Map<Integer, ForkedNode> nodes = new ConcurrentSkipListMap<>();
    private final Map<Integer, String> brokerAddresses = new TreeMap<>();
    private final Thread shutdownHook = new Thread(this::destroyAllNow, "forked-kafka-kill");
    private String bootstrapServers;
    private boolean closed;
    private boolean keepData;

    private ForkedKafkaCluster(Builder builder) {
        this.brokerCount = builder.brokers;
        this.dataDirectory = builder.dataDirectory != null
                ? builder.dataDirectory
                : Path.of("target", "forked-kafka", clusterId.substring(0, 8));
        this.deleteOnClose = builder.deleteOnClose;
        this.startTimeout = builder.startTimeout;
        this.stopTimeout = builder.stopTimeout;
        this.nodeHeap = builder.nodeHeap;
        this.nodeJvmOptions = List.copyOf(builder.nodeJvmOptions);
        if (builder.security.secured()) {
            // Fail closed rather than start a PLAINTEXT cluster the user believes secured.
            throw new ClusterStartException("Security " + builder.security + " runs on the embedded cluster only "
                    + "(--cluster embedded); the forked cluster is PLAINTEXT");
        }
        this.nodeConfig = new KraftNodeConfig(clusterId, dataDirectory, brokerCount, builder.brokerOverrides);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node at once (brokers retry until the controller answers, and JVM start-up overlaps), then waits
     * until every broker is registered.
     */
    private synchronized ForkedKafkaCluster doStart() {
        long started = System.nanoTime();
        try {
            String classPath = System.getProperty("java.class.path", "");
            if (classPath.isBlank()) {
                throw new ClusterStartException("This JVM's class path (java.class.path) is empty, so Kafka nodes "
                        + "cannot be forked from it; start this program with -cp, or use --cluster embedded");
            }
            KraftNodeConfig.Layout layout = nodeConfig.prepare();
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            nodes.put(KraftNodeConfig.CONTROLLER_ID, newNode("controller", layout.controller(), classPath));
            layout.brokers().forEach((id, config) -> {
                nodes.put(id, newNode("broker-" + id, config, classPath));
                brokerAddresses.put(id, config.getProperty("advertised.listeners").replace("PLAINTEXT://", ""));
            });
            bootstrapServers = layout.bootstrapServers();
            nodes.values().forEach(ForkedNode::start);
            awaitRegistered(bootstrapServers, List.copyOf(brokerAddresses.keySet()), nodes.values());
            log.info("Forked Kafka cluster up in {} ms: {} broker JVM(s) at {}, logs in {}",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), brokerCount, bootstrapServers,
                    dataDirectory.resolve("logs").toAbsolutePath());
            return this;
        } catch (RuntimeException | IOException e) {
            // The logs the message points to stay for diagnosis, even where the data would be deleted on close.
            keepData = true;
            close();
            String kept = " (the data directory " + dataDirectory.toAbsolutePath() + " is kept)";
            throw e instanceof ClusterStartException cse ? new ClusterStartException(cse.getMessage() + kept, cse)
                    : new ClusterStartException("The forked Kafka cluster did not start: " + e.getMessage() + kept, e);
        }
    }

    private ForkedNode newNode(String name, Properties config, String classPath) {
        Path configFile = dataDirectory.resolve("config").resolve(name + ".properties").toAbsolutePath();
        try {
            Files.createDirectories(configFile.getParent());
            try (OutputStream out = Files.newOutputStream(configFile)) {
                config.store(out, "Kafka node " + name + " of forked cluster " + clusterId);
            }
        } catch (IOException e) {
            throw new ClusterStartException("Could not write " + configFile + ": " + e.getMessage(), e);
        }
        List<String> command = ForkedNode.javaCommand(nodeHeap, nodeJvmOptions, classPath,
                String.valueOf(ProcessHandle.current().pid()), configFile);
        return new ForkedNode(name, command, dataDirectory.resolve("logs").resolve(name + ".log").toAbsolutePath());
    }

    /** Waits until the brokers are registered, failing at once if one of the watched processes has exited. */
    private void awaitRegistered(String bootstrap, List<Integer> ids, Collection<ForkedNode> watched) {
        Supplier<Optional<String>> firstExit = () -> watched.stream().map(ForkedNode::exitReport)
                .flatMap(Optional::stream).findFirst();
        BrokerReadiness.awaitRegistered(connection(bootstrap), ids, startTimeout, firstExit,
                missing -> "Broker(s) " + missing + " did not register within " + startTimeout.toSeconds()
                        + " s; see " + logsOf(missing));
    }

    private String logsOf(Iterable<Integer> ids) {
        List<String> logs = new ArrayList<>();
        ids.forEach(id -> logs.add(nodes.get(id).logFile().toString()));
        return String.join(", ", logs);
    }

    private static Map<String, Object> connection(String bootstrap) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    }

    @Override
    public synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("The forked cluster is not started");
        }
        return bootstrapServers;
    }

    @Override
    public Map<String, Object> connectionProperties() {
        return connection(bootstrapServers());
    }

    @Override
    public String describe() {
        return "forked KRaft cluster, " + brokerCount + " broker JVM(s) and a controller JVM, PLAINTEXT at "
                + bootstrapServers + nodeConfig.settingsDescribed() + ", logs in "
                + dataDirectory.resolve("logs").toAbsolutePath();
    }

    @Override
    public Optional<BrokerControl> brokerControl() {
        return Optional.of(this);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Where the output of a node (broker id or {@link #controllerId()}) goes. */
    public Path logFile(int nodeId) {
        return node(nodeId).logFile();
    }

    @Override
    public synchronized List<Integer> brokerIds() {
        return List.copyOf(brokerAddresses.keySet());
    }

    /** Whether the node's process is alive; a paused node is alive. Takes broker ids and the controller's. */
    @Override
    public synchronized boolean isRunning(int nodeId) {
        return node(nodeId).isAlive();
    }

    public synchronized boolean isPaused(int nodeId) {
        return node(nodeId).isPaused();
    }

    /** SIGTERM: Kafka's controlled shutdown moves leadership away first, as the embedded cluster's stop does. */
    @Override
    public synchronized void stopBroker(int brokerId) {
        requireBroker(brokerId);
        ForkedNode broker = node(brokerId);
        if (!broker.isAlive()) {
            throw new IllegalStateException("Broker " + brokerId + " is not running");
        }
        long t0 = System.nanoTime();
        broker.terminate();
        if (!broker.awaitStopped(stopTimeout)) {
            log.warn("Broker {} did not stop within {} s of SIGTERM and was killed", brokerId, stopTimeout.toSeconds());
        }
        log.info("Broker {} stopped in {} ms", brokerId, Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    @Override
    public synchronized void startBroker(int brokerId) {
        requireBroker(brokerId);
        restart(brokerId);
    }

    @Override
    public boolean supportsProcessFaults() {
        return true;
    }

    @Override
    public synchronized void kill(int nodeId) {
        long t0 = System.nanoTime();
        node(nodeId).kill();
        log.info("{} killed (SIGKILL) in {} ms", node(nodeId).name(),
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    @Override
    public synchronized void pause(int nodeId) {
        node(nodeId).pause();
        log.info("{} paused (SIGSTOP)", node(nodeId).name());
    }

    @Override
    public synchronized void resume(int nodeId) {
        node(nodeId).resume();
        log.info("{} resumed (SIGCONT)", node(nodeId).name());
    }

    /**
     * Starts a stopped or killed node again. A broker is ready when it answers on its own port and the cluster lists
     * it; the controller, when the brokers reach it again (the metadata quorum names it leader).
     */
    @Override
    public synchronized void restart(int nodeId) {
        ForkedNode node = node(nodeId);
        if (node.isAlive()) {
            throw new IllegalStateException(node.name() + " is already running");
        }
        long t0 = System.nanoTime();
        node.start();
        if (nodeId == controllerId()) {
            BrokerReadiness.await(connectionProperties(), startTimeout,
                    admin -> admin.describeMetadataQuorum().quorumInfo().get(3, TimeUnit.SECONDS).leaderId()
                            == controllerId(),
                    node::exitReport,
                    () -> "The controller did not lead the metadata quorum again within " + startTimeout.toSeconds()
                            + " s; see " + node.logFile());
        } else {
            // Bootstrapping on the broker's own address alone: only the new process can answer there.
            // Other nodes may be down on purpose: only this one's exit ends the wait early.
            awaitRegistered(brokerAddresses.get(nodeId), List.of(nodeId), List.of(node));
        }
        log.info("{} restarted in {} ms", node.name(), Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    private ForkedNode node(int nodeId) {
        ForkedNode node = nodes.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("No node " + nodeId + "; brokers are " + brokerAddresses.keySet()
                    + ", the controller is " + controllerId());
        }
        return node;
    }

    private void requireBroker(int brokerId) {
        if (!brokerAddresses.containsKey(brokerId)) {
            throw new IllegalArgumentException("No broker " + brokerId + "; brokers are " + brokerAddresses.keySet());
        }
    }

    /**
     * Stops brokers first, all at once (their controlled shutdown needs the controller), then the controller: SIGTERM,
     * bounded, then SIGKILL.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ForkedNode> brokers = new ArrayList<>();
        brokerAddresses.keySet().forEach(id -> brokers.add(nodes.get(id)));
        stopQuietly(brokers);
        ForkedNode controller = nodes.get(KraftNodeConfig.CONTROLLER_ID);
        if (controller != null) {
            stopQuietly(List.of(controller));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is already shutting down (the hook kills what is left), or the hook was never added
        }
        if (deleteOnClose && !keepData) {
            KraftNodeConfig.deleteRecursively(dataDirectory);
        }
    }

    /** SIGTERM to all, then one shared deadline for all to exit; SIGKILL for those that did not. */
    private void stopQuietly(List<ForkedNode> toStop) {
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        for (ForkedNode node : toStop) {
            try {
                node.terminate();
            } catch (RuntimeException e) {
                log.warn("Could not send SIGTERM to {}: {}", node.name(), e.getMessage());
            }
        }
        for (ForkedNode node : toStop) {
            try {
                if (!node.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    log.warn("{} did not stop within {} s of SIGTERM and was killed; see {}", node.name(),
                            stopTimeout.toSeconds(), node.logFile());
                }
            } catch (RuntimeException e) {
                log.warn("Could not stop {}: {}", node.name(), e.getMessage());
            }
        }
    }

    /** The shutdown hook: a parent that exits without close() must not leave broker JVMs behind. */
    private void destroyAllNow() {
        nodes.values().forEach(ForkedNode::destroyNow);
    }

    /** Options of a forked cluster; {@link #start()} starts it. */
    public static final class Builder extends KraftClusterBuilder<Builder, ForkedKafkaCluster> {

        private String nodeHeap = "256m";
        private final List<String> nodeJvmOptions = new ArrayList<>();

        private Builder() {
        }

        /** Maximum heap of each node's JVM, as for {@code -Xmx} (default 256m). */
        public Builder nodeHeap(String nodeHeap) {
            if (nodeHeap == null || !nodeHeap.matches("[0-9]+[kKmMgG]?")) {
                throw new IllegalArgumentException("nodeHeap must be a size such as 256m or 1g, was " + nodeHeap);
            }
            this.nodeHeap = nodeHeap;
            return this;
        }

        /** One more option for each node's JVM, e.g. {@code -XX:TieredStopAtLevel=1} to start faster. */
        public Builder nodeJvmOption(String option) {
            if (option == null || !option.startsWith("-")) {
                throw new IllegalArgumentException("nodeJvmOption must be a JVM option starting with '-', was "
                        + option);
            }
            nodeJvmOptions.add(option);
            return this;
        }

        @Override
        ForkedKafkaCluster startOnce() {
            return new ForkedKafkaCluster(this).doStart();
        }
    }
}
