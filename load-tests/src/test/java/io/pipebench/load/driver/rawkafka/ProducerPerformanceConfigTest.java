package io.pipebench.load.driver.rawkafka;

import io.pipebench.cluster.ClientRole;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.load.harness.SetupException;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.testing.SharedKafka;
import io.pipebench.secrets.SecretScan;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ProducerPerformance gets its producer settings, credentials included, from a private file, never its arguments; its
 * throughput is read from its producer's metrics, not its console.
 */
class ProducerPerformanceConfigTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"svc\" password=\"pp-s3cret\";";

    @Test
    void credentialsGoToTheConfigFileNotToTheCommandLine() {
        Map<String, Object> settings = ProducerPerformanceRun.settings(ProducerProfiles.seed(), Map.of(
                "bootstrap.servers", "b:9096", "security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS));
        assertThat(settings).containsEntry("sasl.jaas.config", JAAS).containsEntry("acks", "all")
                .containsEntry("client.id", "pipebench-producer-performance").doesNotContainKey("bootstrap.servers");
        List<String> args = ProducerPerformanceRun.args("b:9096", KafkaYardstick.TOPIC, Path.of("/tmp/x.properties"),
                Path.of("/tmp/payloads.txt"), 1000, -1);
        assertThat(args).containsSequence("--command-config", "/tmp/x.properties")
                .doesNotContain("--command-property", "--producer-props")
                .allSatisfy(a -> assertThat(a).doesNotContain("pp-s3cret").doesNotContain("jaas"));
    }

    /** Steady state from the samples: the records after the warm-up over the time they took; too few, the fix. */
    @Test
    void theSteadyRateIsTheRecordsAfterTheWarmUpOverTheirTimeAndTooFewSamplesNameTheFix() {
        assertThat(ProducerPerformanceRun.SendCounter.steadyRate(List.of(new long[] {0, 100}, new long[] {1_000_000_000L,
                400}, new long[] {2_000_000_000L, 1_400}, new long[] {3_000_000_000L, 1_400}), 300)).isEqualTo(1000.0);
        assertThatThrownBy(() -> ProducerPerformanceRun.SendCounter.steadyRate(List.of(), 30_000))
                .hasMessageContaining("never sampled")
                .hasMessageEndingWith("give it more records, e.g. -DppRecords=300000 / --pp-records=300000");
        // The CI failure's shape: the count jumps from below the warm-up to its end between two samples.
        assertThatThrownBy(() -> ProducerPerformanceRun.SendCounter.steadyRate(List.of(new long[] {0, 0},
                new long[] {50_000_000L, 5_000}, new long[] {100_000_000L, 5_000}), 1_000))
                .hasMessageContaining("went past its warm-up of 1000 records to its final 5000 between two of its 3 "
                        + "samples").hasMessageEndingWith("-DppRecords=100000 / --pp-records=100000");
    }

    @Test
    void producerPerformanceRunsFromTheFileWhichIsGoneAfterwards(@TempDir Path dir) throws Exception {
        KafkaCluster cluster = SharedKafka.cluster();
        createTopic(cluster);
        Path payloads = payloads(dir);
        double throughput = ProducerPerformanceRun.run(cluster.bootstrapServers(), cluster.connectionProperties(),
                ProducerProfiles.seed(), KafkaYardstick.TOPIC, payloads, 20_000, 20_000);
        assertThat(throughput).isPositive();
        // The file is what ProducerPerformance reads: a bad value in it is refused by its producer.
        Map<String, Object> bad = new java.util.HashMap<>(ProducerProfiles.seed());
        bad.put("acks", "bogus");
        assertThatThrownBy(() -> ProducerPerformanceRun.run(cluster.bootstrapServers(),
                cluster.connectionProperties(), bad, KafkaYardstick.TOPIC, payloads, 2_000, -1))
                .isInstanceOf(io.pipebench.load.harness.SetupException.class).hasMessageContaining("acks");
        assertNoConfigFileLeft();
    }

    /**
     * Over MSK's listener (SASL_SSL, SCRAM-SHA-512): the SCRAM password and the trust store's password reach the tool
     * only through its settings file, which is owner-only (0600) while it runs and gone afterwards; the tool
     * authenticates with them (it sends), and neither what it printed or logged nor its error on a bad setting shows
     * them. It runs in this JVM, so no process list ever holds its arguments. Four seconds at 5,000/s: a one-second run
     * failed in CI when the TLS and SCRAM handshake outlasted the warm-up and every record went in one burst (a
     * handshake over about 3 s would still do that here).
     */
    @Test
    void overScramTlsTheCredentialsTravelInAnOwnerOnlyFileOnly(@TempDir Path dir) throws Exception {
        EmbeddedKafkaCluster cluster = SharedKafka.secured();
        createTopic(cluster);
        String password = "pp \"s3cret\" \\ " + UUID.randomUUID();
        ClientRole yardstick = new ClientRole("pp-yardstick", List.of(ClientRole.allow("pp-yardstick",
                ResourceType.TOPIC, KafkaYardstick.TOPIC, AclOperation.WRITE)));
        cluster.addScramUser(yardstick, password);
        Map<String, Object> connection = cluster.connectionProperties(yardstick);
        SecretScan scan = new SecretScan(Map.of("the SCRAM password", password, "the trust store's password",
                String.valueOf(connection.get(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG))));
        Path payloads = payloads(dir);

        List<Path> files = new ArrayList<>();
        List<String> permissions = new ArrayList<>();
        Map<Object, Object> held = new HashMap<>();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        double throughput;
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            throughput = ProducerPerformanceRun.run(cluster.bootstrapServers(), connection, ProducerProfiles.seed(),
                    KafkaYardstick.TOPIC, payloads, 20_000, 5_000, file -> {
                        files.add(file);
                        permissions.add(permissions(file));
                        held.putAll(read(file));
                    });
            Map<String, Object> bad = new HashMap<>(ProducerProfiles.seed());
            bad.put("acks", "bogus");
            assertThatThrownBy(() -> ProducerPerformanceRun.run(cluster.bootstrapServers(), connection, bad,
                    KafkaYardstick.TOPIC, payloads, 1_000, -1)).isInstanceOf(SetupException.class)
                    .hasMessageContaining("acks")
                    .satisfies(e -> assertThat(scan.lines("the error", List.of(String.valueOf(e)))).isEmpty());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(throughput).as("ProducerPerformance sent over SASL_SSL").isPositive();
        assertThat(files).hasSize(1);
        assertThat(permissions).containsExactly("rw-------");
        assertThat(held).containsEntry(SaslConfigs.SASL_JAAS_CONFIG, connection.get(SaslConfigs.SASL_JAAS_CONFIG))
                .containsEntry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
                        connection.get(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG));
        assertThat(files.get(0)).doesNotExist();
        String shown = printed.toString(StandardCharsets.UTF_8);
        assertThat(shown).as("what ProducerPerformance printed").contains("records sent");
        assertThat(scan.lines("ProducerPerformance's output", List.of(shown.split("\n")))).isEmpty();
    }

    private static void createTopic(KafkaCluster cluster) throws Exception {
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(KafkaYardstick.TOPIC)) {
                admin.createTopics(List.of(new NewTopic(KafkaYardstick.TOPIC, 3, (short) 3)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Path payloads(Path dir) throws Exception {
        Path payloads = dir.resolve("payloads.txt");
        Files.writeString(payloads, "{\"a\":1}\n{\"b\":2}\n");
        return payloads;
    }

    private static Map<Object, Object> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertNoConfigFileLeft() throws Exception {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(tmp.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(ProducerPerformanceRun.CONFIG_PREFIX));
        }
    }
}
