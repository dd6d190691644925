package io.pipebench.cluster;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.consume.ConsumerGroupRunner;
import io.pipebench.consume.ConsumerGroupSpec;
import io.pipebench.consume.DeadLetterPublisher;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.TopicRouter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded cluster's mutual-TLS listener and its ACLs. A client certificate from the cluster's CA is its principal;
 * one from another CA, or an expired one, is refused within 10 s. Each role may do only what it needs: the publisher
 * writes event topics but not the dead-letter topic, nor does the harness (the event topics and its own
 * {@code pipebench-*} topics only), a group's principal reads its topics in its group only, and a denial names the
 * topic or group within 10 s and stops the consumer instead of restarting it for ever.
 */
class MutualTlsAclTest {

    private static final String ORDERS = "order-events";
    private static final String CUSTOMERS = "customer-events";
    private static EmbeddedKafkaCluster cluster;

    private final PipelineMeters meters = new PipelineMeters(new SimpleMeterRegistry());
    private final JsonEventCodec codec = new JsonEventCodec(EventTypeRegistry.standard());
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedKafkaCluster.builder().brokers(1).security(ClusterSecurity.MTLS).start();
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            admin.createTopics(List.of(new NewTopic(ORDERS, 1, (short) 1), new NewTopic(CUSTOMERS, 1, (short) 1),
                    new NewTopic(TopicRouter.DEAD_LETTER_TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeOpened() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void aRoleConnectsWithItsCertificateAndWritesWhatItMay() throws Exception {
        Map<String, Object> props = cluster.connectionProperties(ClientRole.publisher(List.of(ORDERS, CUSTOMERS)));
        assertThat(props).containsEntry("security.protocol", "SSL").containsKey(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        assertThat(cluster.describe()).contains("SSL (mTLS) with ACLs");
        try (KafkaProducer<String, String> producer = producer(props)) {
            assertThat(producer.send(new ProducerRecord<>(ORDERS, "k", "v")).get(10, TimeUnit.SECONDS).offset())
                    .isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused(@TempDir Path dir) {
        CertificateAuthority other = CertificateAuthority.create("someone-else");
        Map<String, Object> props = withKeyStore(other.client("publisher"), dir.resolve("other.p12"));
        // Under TLS 1.3 the client learns of it from the broker's alert after its own side of the handshake.
        assertRefusedWithinTenSeconds(props, "Received fatal alert: bad_certificate");
    }

    @Test
    void anExpiredClientCertificateIsRefused(@TempDir Path dir) {
        ListenerSecurity security = cluster.listenerSecurity().orElseThrow();
        Instant now = Instant.now();
        CertificateAuthority.Issued expired = security.authority().client("publisher",
                now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));
        assertRefusedWithinTenSeconds(withKeyStore(expired, dir.resolve("expired.p12")),
                "Received fatal alert: certificate_unknown");
    }

    @Test
    void thePublisherMayNotWriteTheDeadLetterTopic() {
        Map<String, Object> props = cluster.connectionProperties(ClientRole.publisher(List.of(ORDERS, CUSTOMERS)));
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer(props)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TopicRouter.DEAD_LETTER_TOPIC, "k", "v"))
                    .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining("Not authorized to access topics: [dead-letter-queue]");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void onlyTheDeadLetterWriterWritesTheDeadLetterTopic() throws Exception {
        Map<String, Object> props = cluster.connectionProperties(
                ClientRole.deadLetterWriter(TopicRouter.DEAD_LETTER_TOPIC));
        try (KafkaProducer<String, String> producer = producer(props)) {
            assertThat(producer.send(new ProducerRecord<>(TopicRouter.DEAD_LETTER_TOPIC, "k", "v"))
                    .get(10, TimeUnit.SECONDS).offset()).isGreaterThanOrEqualTo(0);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(ORDERS, "k", "v")).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(ORDERS);
        }
    }

    @Test
    void theHarnessWritesTheEventTopicsAndItsOwnButNotTheDeadLetterTopic() throws Exception {
        Map<String, Object> props = cluster.connectionProperties(ClientRole.harness(List.of(ORDERS, CUSTOMERS)));
        String runTopic = ClientRole.HARNESS_TOPIC_PREFIX + "run-acl-test";
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(runTopic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = producer(props)) {
            assertThat(producer.send(new ProducerRecord<>(ORDERS, "k", "v")).get(10, TimeUnit.SECONDS).offset())
                    .isGreaterThanOrEqualTo(0);
            assertThat(producer.send(new ProducerRecord<>(runTopic, "k", "v")).get(10, TimeUnit.SECONDS).offset())
                    .isGreaterThanOrEqualTo(0);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TopicRouter.DEAD_LETTER_TOPIC, "k", "v"))
                    .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining("Not authorized to access topics: [dead-letter-queue]");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aGroupReadingATopicNotItsOwnIsStoppedNamingTheTopic() {
        // The principal may read orders in its group; the spec also subscribes to customers.
        ClientRole role = ClientRole.consumer("acl-topic-group", List.of(ORDERS));
        ConsumerGroupRunner runner = start(ConsumerGroupSpec.of("acl-topic-group", List.of(ORDERS, CUSTOMERS),
                events -> { }, false).withConcurrency(1), role);
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.denied().isPresent());
        assertThat(runner.denied().get()).isInstanceOf(TopicAuthorizationException.class)
                .hasMessageContaining("Not authorized to access topics: [" + CUSTOMERS + "]");
        // Not restarted: a restart cannot grant the right (the supervisor's first restart would come after 1 s).
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .until(() -> runner.failures().size() == 1);
    }

    @Test
    void aGroupPrincipalMayNotUseAnotherGroup() {
        ClientRole role = ClientRole.consumer("acl-own-group", List.of(ORDERS));
        ConsumerGroupRunner runner = start(ConsumerGroupSpec.of("acl-other-group", List.of(ORDERS),
                events -> { }, false).withConcurrency(1), role);
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.denied().isPresent());
        assertThat(runner.denied().get()).isInstanceOf(GroupAuthorizationException.class)
                .hasMessageContaining("acl-other-group");
    }

    private ConsumerGroupRunner start(ConsumerGroupSpec spec, ClientRole role) {
        DeadLetterPublisher dlq = DeadLetterPublisher.create(cluster.connectionProperties(
                ClientRole.deadLetterWriter(TopicRouter.DEAD_LETTER_TOPIC)), meters);
        opened.add(dlq);
        ConsumerGroupRunner runner = ConsumerGroupRunner.start(spec, cluster.connectionProperties(role), codec, dlq,
                meters);
        opened.add(0, runner);
        return runner;
    }

    private static Map<String, Object> withKeyStore(CertificateAuthority.Issued issued, Path file) {
        char[] pw = CertificateAuthority.randomPassword();
        CertificateAuthority.writeKeyStore(issued, file, pw);
        Map<String, Object> props = new HashMap<>(cluster.connectionProperties());
        props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, file.toString());
        props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, new String(pw));
        props.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, new String(pw));
        return props;
    }

    private static void assertRefusedWithinTenSeconds(Map<String, Object> props, String alert) {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ScramTlsListenerTest.describeCluster(props))
                .isInstanceOf(SslAuthenticationException.class).cause().hasMessageContaining(alert);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> props) {
        Map<String, Object> p = new HashMap<>(props);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
