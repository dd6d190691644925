package io.pipebench.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded cluster's SASL_SSL listener as MSK runs it (SCRAM-SHA-512 over TLS): right credentials work, including
 * quotes, backslashes and spaces; a wrong password, an untrusted broker certificate and a mechanism mismatch are each
 * refused within 10 s with an error that says which; a control character is refused before anything connects.
 */
class ScramTlsListenerTest {

    private static final String TOPIC = "scram-test";
    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedKafkaCluster.builder().brokers(1).security(ClusterSecurity.SCRAM_TLS).start();
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theOperatorConnectsOverSaslSsl() throws Exception {
        Map<String, Object> props = cluster.connectionProperties();
        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(cluster.describe()).contains("SASL_SSL (SCRAM-SHA-512) with ACLs").doesNotContain("password");
        try (Admin admin = Admin.create(props)) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void credentialsWithQuotesBackslashesAndSpacesWork() throws Exception {
        String password = "p\"a ss\\wo'rd \\\" end ";
        cluster.addScramUser(new ClientRole("odd-user", List.of(ClientRole.allow("odd-user",
                org.apache.kafka.common.resource.ResourceType.TOPIC, TOPIC, org.apache.kafka.common.acl.AclOperation.WRITE))),
                password);
        Map<String, Object> props = asUser("odd-user", password);
        try (KafkaProducer<String, String> producer = producer(props)) {
            assertThat(producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get(10, TimeUnit.SECONDS).offset())
                    .isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aControlCharacterInAPasswordIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> cluster.addScramUser(new ClientRole("lf-user", List.of()), "pass\nword"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The password of lf-user contains a control character (U+000A, a line break)")
                .hasMessageNotContaining("pass\nword");
    }

    @Test
    void aWrongPasswordIsRefusedWithinTenSeconds() {
        Map<String, Object> props = asUser(ClientRole.ADMIN.principal(), "not-the-password");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> describeCluster(props))
                .isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("Authentication failed during authentication due to invalid credentials "
                        + "with SASL mechanism SCRAM-SHA-512");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefused(@TempDir Path dir) {
        CertificateAuthority other = CertificateAuthority.create("someone-else");
        char[] pw = CertificateAuthority.randomPassword();
        Path trust = dir.resolve("other-trust.p12");
        other.writeTrustStore(trust, pw);
        Map<String, Object> props = new HashMap<>(cluster.connectionProperties());
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trust.toString());
        props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, new String(pw));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> describeCluster(props))
                .isInstanceOf(SslAuthenticationException.class)
                .hasMessageContaining("SSL handshake failed")
                .rootCause().hasMessageContaining("unable to find valid certification path");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMechanismMismatchIsExplained() {
        Map<String, Object> props = new HashMap<>(cluster.connectionProperties());
        props.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-256");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> describeCluster(props))
                .isInstanceOf(UnsupportedSaslMechanismException.class)
                .hasMessageContaining("SCRAM-SHA-256").hasMessageContaining("[SCRAM-SHA-512]");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    /** The operator's settings with another user and password, as an external cluster's client would have. */
    private static Map<String, Object> asUser(String user, String password) {
        Map<String, Object> props = new HashMap<>(cluster.connectionProperties());
        props.put(SaslConfigs.SASL_JAAS_CONFIG, ConnectionSettings.jaasConfig(user, password.toCharArray()));
        return props;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> props) {
        Map<String, Object> p = new HashMap<>(props);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Asks the cluster for its nodes, giving up after 10 s; throws the client's own error. */
    static void describeCluster(Map<String, Object> props) throws Throwable {
        Map<String, Object> p = new HashMap<>(props);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(12, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }
}
