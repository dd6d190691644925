package io.pipebench.cluster;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

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

    private final int brokerCount;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final String clusterId = Uuid.randomUuid().toString();
    private final KraftNodeConfig nodeConfig;
    /** Null on a PLAINTEXT cluster. */
    private final ListenerSecurity security;

    private final Map<Integer, Properties> brokerConfigs = new TreeMap<>();
    private final Map<Integer, KafkaRaftServer> runningBrokers = new TreeMap<>();
    private KafkaRaftServer controller;
    private String bootstrapServers;
    private String internalBootstrap;
    private boolean closed;

    private EmbeddedKafkaCluster(Builder builder) {
        this.brokerCount = builder.brokers;
        this.dataDirectory = builder.dataDirectory != null
                ? builder.dataDirectory
                : Path.of("target", "embedded-kafka", clusterId.substring(0, 8));
        this.deleteOnClose = builder.deleteOnClose;
        this.startTimeout = builder.startTimeout;
        this.stopTimeout = builder.stopTimeout;
        this.security = builder.security.secured() ? ListenerSecurity.create(builder.security, dataDirectory) : null;
        this.nodeConfig = new KraftNodeConfig(clusterId, dataDirectory, brokerCount, builder.brokerOverrides, security);
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
            KraftNodeConfig.Layout layout = nodeConfig.prepare();
            controller = newServer(layout.controller());
            bounded("start the controller", startTimeout, controller::startup);
            brokerConfigs.putAll(layout.brokers());
            internalBootstrap = layout.internalBootstrap();
            for (int id : brokerConfigs.keySet()) {
                KafkaRaftServer broker = newServer(brokerConfigs.get(id));
                runningBrokers.put(id, broker);
                bounded("start broker " + id, startTimeout, broker::startup);
            }
            if (security != null) {
                security.started(internalBootstrap);
            }
            bootstrapServers = layout.bootstrapServers();
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

    private static KafkaRaftServer newServer(Properties config) {
        return new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
    }

    private void awaitBrokers(Collection<Integer> ids, Duration timeout) {
        BrokerReadiness.awaitRegistered(connectionProperties(), ids, timeout, Optional::empty,
                missing -> "Brokers " + missing + " did not register within " + timeout);
    }

    @Override
    public synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("The embedded cluster is not started");
        }
        return bootstrapServers;
    }

    /** The operator's connection: on a secured cluster, the super user {@link ClientRole#ADMIN}. */
    @Override
    public Map<String, Object> connectionProperties() {
        return connectionProperties(ClientRole.ADMIN);
    }

    /** On a secured cluster the role's own principal, created with its ACLs on first use; else PLAINTEXT. */
    @Override
    public Map<String, Object> connectionProperties(ClientRole role) {
        if (security == null) {
            return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        }
        return security.clientProperties(bootstrapServers(), role);
    }

    @Override
    public String describe() {
        return "embedded KRaft cluster, " + brokerCount + " broker(s), " + (security == null ? "PLAINTEXT"
                : security.mode().protocol() + (security.mode() == ClusterSecurity.MTLS ? " (mTLS)"
                : " (" + ListenerSecurity.MECHANISM + ")") + " with ACLs") + " at " + bootstrapServers
                + nodeConfig.settingsDescribed();
    }

    public ClusterSecurity security() {
        return security == null ? ClusterSecurity.PLAINTEXT : security.mode();
    }

    /** The listener's certificates and principals; empty on PLAINTEXT. For tests that bend them. */
    Optional<ListenerSecurity> listenerSecurity() {
        return Optional.ofNullable(security);
    }

    /**
     * Creates a SCRAM user with the given password and the role's ACLs (a {@code scram-tls} cluster only): for a
     * client configured from outside, as an external cluster's would be. A password holding a control character is
     * refused before anything is sent.
     */
    public void addScramUser(ClientRole role, String password) {
        if (security == null) {
            throw new IllegalStateException("This cluster is PLAINTEXT: start it with "
                    + "security(ClusterSecurity.SCRAM_TLS)");
        }
        security.addScramUser(role, password);
        // A broker that has replicated the new credential may not have applied it yet: a login right away was
        // refused once in CI (NoSecretInOutputTest). The user is ready when every broker accepts its login.
        for (String broker : bootstrapServers().split(",")) {
            awaitLogin(broker, role);
        }
    }

    /** Retries the role's login on one broker until it is accepted, for at most 30 s. */
    private void awaitLogin(String broker, ClientRole role) {
        Map<String, Object> props = new HashMap<>(security.clientProperties(broker, role));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Throwable refused;
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                refused = e.getCause();
            } catch (TimeoutException e) {
                refused = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterStartException("Interrupted while waiting for " + broker + " to accept "
                        + role.principal());
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterStartException("Broker " + broker + " still refuses " + role.principal()
                        + "'s login 30 s after it was created: " + refused);
            }
            try {
                Thread.sleep(100); // pacing between login attempts, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterStartException("Interrupted while waiting for " + broker + " to accept "
                        + role.principal());
            }
        }
    }

    /** The trust store that holds this cluster's CA (PKCS12); empty on PLAINTEXT. */
    public Optional<Path> trustStore() {
        return listenerSecurity().map(ListenerSecurity::trustStore);
    }

    /** The CA's certificate as PEM (a trust store of type PEM needs no password); empty on PLAINTEXT. */
    public Optional<Path> caCertificate() {
        return listenerSecurity().map(ListenerSecurity::caCertificate);
    }

    /** The trust store's password; never print it. Empty on PLAINTEXT. */
    public Optional<char[]> trustStorePassword() {
        return listenerSecurity().map(ListenerSecurity::storePassword);
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
            KraftNodeConfig.deleteRecursively(dataDirectory);
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

    /** Options of an embedded cluster; {@link #start()} starts it. */
    public static final class Builder extends KraftClusterBuilder<Builder, EmbeddedKafkaCluster> {

        private Builder() {
        }

        @Override
        EmbeddedKafkaCluster startOnce() {
            return new EmbeddedKafkaCluster(this).doStart();
        }
    }
}
