package io.pipebench.cluster;

import io.pipebench.publish.ProducerProfiles;
import io.pipebench.testing.SequenceProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Process faults on a forked cluster (3 broker JVMs and a controller JVM), shared by the tests to keep the class
 * short on a busy machine; each test leaves every node running. Producing is acks=all, idempotent, to RF 3 and min
 * ISR 2 topics, and every acknowledged record must be read back exactly once.
 */
class ForkedKafkaClusterTest {

    private static final int RATE = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ForkedKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() {
        // C1 only and a serial collector: the nodes start on less CPU; 2,000 records/s need no more.
        // A generous start: four JVMs boot at once on a machine shared with other builds.
        cluster = ForkedKafkaCluster.builder().brokers(3).nodeJvmOption("-XX:TieredStopAtLevel=1")
                .nodeJvmOption("-XX:+UseSerialGC").startTimeout(Duration.ofSeconds(120)).start();
        admin = Admin.create(cluster.connectionProperties());
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A failed test must not leave a node killed or paused for the next. */
    @AfterEach
    void everyNodeBack() {
        List<Integer> nodes = new ArrayList<>(cluster.brokerIds());
        nodes.add(0, cluster.controllerId());
        for (int id : nodes) {
            if (cluster.isPaused(id)) {
                cluster.resume(id);
            }
            if (!cluster.isRunning(id)) {
                cluster.restart(id);
            }
        }
    }

    @Test
    void sigkillOfAPartitionLeaderLosesNoAcknowledgedRecordAndTheBrokerRejoinsTheIsr() throws Exception {
        String topic = createTopic("kill-leader");
        int leader = leaderOf(topic, 0);
        try (SequenceProducer producer = SequenceProducer.start(producerProperties(), topic, RATE)) {
            producer.awaitMoreAcknowledged(2_000, WAIT);

            cluster.kill(leader);
            assertThat(cluster.isRunning(leader)).isFalse();
            producer.awaitMoreAcknowledged(2_000, WAIT);
            assertThat(leaderOf(topic, 0)).as("new leader of partition 0").isNotEqualTo(leader);

            cluster.restart(leader);
            awaitInEveryIsr(topic, leader);
            assertRecoveredExactlyOnce(producer);
        }
    }

    @Test
    void brokerFrozenPastItsSessionIsFencedAndRejoinsAfterSigcont() throws Exception {
        String topic = createTopic("zombie");
        int zombie = leaderOf(topic, 0);
        try (SequenceProducer producer = SequenceProducer.start(producerProperties(), topic, RATE)) {
            producer.awaitMoreAcknowledged(2_000, WAIT);

            cluster.pause(zombie);
            // broker.session.timeout.ms is 2.5 s: the controller fences it, so it leaves the cluster's metadata.
            // An admin request that lands on the frozen broker times out: ask again.
            await().atMost(WAIT).ignoreExceptions().until(() -> !registeredBrokers().contains(zombie));
            assertThat(cluster.isPaused(zombie)).isTrue();
            producer.awaitMoreAcknowledged(2_000, WAIT);

            cluster.resume(zombie);
            await().atMost(WAIT).ignoreExceptions().until(() -> registeredBrokers().contains(zombie));
            awaitInEveryIsr(topic, zombie);
            assertRecoveredExactlyOnce(producer);
        }
    }

    /**
     * One controller, as in the embedded layout: killed, no metadata change can be made (a topic cannot be
     * created) but the brokers keep serving the partitions they lead; restarted, metadata changes work again.
     */
    @Test
    void killedControllerFreezesMetadataButProduceContinuesAndARestartRecovers() throws Exception {
        String topic = createTopic("kill-controller");
        try (SequenceProducer producer = SequenceProducer.start(producerProperties(), topic, RATE)) {
            producer.awaitMoreAcknowledged(1_000, WAIT);

            cluster.kill(cluster.controllerId());
            assertThat(cluster.isRunning(cluster.controllerId())).isFalse();
            producer.awaitMoreAcknowledged(2_000, WAIT);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("while-no-controller", 1, (short) 3)),
                    new CreateTopicsOptions().timeoutMs(3_000)).all().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TimeoutException.class);

            cluster.restart(cluster.controllerId());
            admin.createTopics(List.of(new NewTopic("after-controller-restart", 1, (short) 3)))
                    .all().get(30, TimeUnit.SECONDS);
            assertRecoveredExactlyOnce(producer);
        }
    }

    /** The parent JVM killed with -9: its forked node notices it is orphaned and halts. */
    @Test
    void aForkedNodeHaltsWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
        // A broker whose controller never answers: it stays up, waiting, until its parent goes.
        KraftNodeConfig.Layout layout = new KraftNodeConfig("orphan-test-cluster", dir, 1, Map.of()).prepare();
        Path config = dir.resolve("broker.properties");
        try (var out = Files.newOutputStream(config)) {
            layout.brokers().get(1).store(out, null);
        }
        List<String> java = ForkedNode.javaCommand("128m", List.of("-XX:TieredStopAtLevel=1"),
                System.getProperty("java.class.path"), "$$", config);
        String script = java.stream().map(a -> a.equals("$$") ? a : "'" + a + "'").collect(Collectors.joining(" "))
                + " > '" + dir.resolve("node.log") + "' 2>&1 & wait";
        Process parent = new ProcessBuilder("sh", "-c", script).start();
        try {
            ProcessHandle node = await().atMost(WAIT).until(
                    () -> parent.toHandle().children().findFirst().orElse(null), n -> n != null);
            await().atMost(WAIT).until(() -> Files.readString(dir.resolve("node.log")).contains("BrokerServer"));

            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> !node.isAlive());
            assertThat(Files.readString(dir.resolve("node.log"))).contains("is gone; halting");
        } finally {
            parent.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    /** Fail closed: a node that cannot start is named, with the end of its log, and nothing is left running. */
    @Test
    void aNodeThatCannotStartIsNamedWithItsLogAndNothingIsLeftRunning(@TempDir Path dir) {
        assertThatThrownBy(() -> ForkedKafkaCluster.builder().brokers(1).dataDirectory(dir)
                .brokerProperty("num.io.threads", "many").nodeJvmOption("-XX:TieredStopAtLevel=1").start())
                .isInstanceOf(ClusterStartException.class)
                .hasMessageContaining("broker-1 exited with code")
                .hasMessageContaining(dir.resolve("logs").resolve("broker-1.log").toAbsolutePath().toString())
                .hasMessageContaining("num.io.threads");
        String dataDir = dir.toAbsolutePath().toString();
        assertThat(ProcessHandle.current().children()
                .filter(p -> p.isAlive() && String.join(" ", p.info().arguments().orElse(new String[0]))
                        .contains(dataDir)))
                .as("node processes of the failed cluster").isEmpty();
    }

    @Test
    void refusesUnknownNodesAndFaultsOnStoppedNodes() {
        assertThatThrownBy(() -> cluster.kill(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No node 7");
        assertThatThrownBy(() -> cluster.restart(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");
        assertThatThrownBy(() -> cluster.resume(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not paused");
        assertThat(cluster.supportsProcessFaults()).isTrue();
        assertThat(cluster.logFile(cluster.controllerId())).exists();
    }

    /** Produce goes on once the fault is repaired, and every acknowledged record is in the topic exactly once. */
    private static void assertRecoveredExactlyOnce(SequenceProducer producer) {
        producer.awaitMoreAcknowledged(1_000, WAIT);
        producer.stop(WAIT);
        producer.assertEveryAcknowledgedRecordReadBackOnce(cluster.connectionProperties());
    }

    private static Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>(ProducerProfiles.tuned());
        p.putAll(cluster.connectionProperties());
        // A request to a frozen leader is given up after 5 s (not 30) and retried on the new leader.
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return p;
    }

    private static String createTopic(String name) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).ignoreExceptions().until(() -> describe(name).partitions().stream()
                .allMatch(p -> p.leader() != null && p.isr().size() == 3));
        return name;
    }

    private static TopicDescription describe(String topic) throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }

    private static int leaderOf(String topic, int partition) throws Exception {
        return describe(topic).partitions().stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow().leader().id();
    }

    private static void awaitInEveryIsr(String topic, int brokerId) {
        await().atMost(WAIT).ignoreExceptions().until(() -> describe(topic).partitions().stream()
                .map(TopicPartitionInfo::isr)
                .allMatch(isr -> isr.stream().anyMatch(n -> n.id() == brokerId)));
    }

    private static Set<Integer> registeredBrokers() throws Exception {
        return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream().map(Node::id)
                .collect(Collectors.toSet());
    }
}
