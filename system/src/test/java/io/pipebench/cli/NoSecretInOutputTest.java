package io.pipebench.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.pipebench.cluster.ClientRole;
import io.pipebench.cluster.ClusterSecurity;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.secrets.SecretScan;
import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.testing.SharedKafka;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.TestSchemas;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicPlanner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the command line with known secrets — a SCRAM password, an event-store password, a JDBC URL that carries a
 * password and another secret in its query — and scans everything it printed and logged for them: zero hits. Our
 * own loggers are opened up to DEBUG meanwhile, and those of the pool, the driver, Flyway and the Kafka clients to
 * INFO (where the clients dump their configuration), so a secret in a configuration dump would be caught too.
 * (Flyway printed the URL's query at INFO, with only {@code password} masked, until the pool was given the query as
 * driver properties. At DEBUG, HikariCP still prints those properties with only {@code password} masked: a limit of
 * the library, which the shipped logging configuration keeps at WARN.)
 */
class NoSecretInOutputTest {

    /** Kafka's clients dump their configuration through {@code org.apache.kafka.common.config.AbstractConfig}. */
    private static final List<String> INFO_LOGGERS = List.of("com.zaxxer.hikari", "org.postgresql", "org.flywaydb",
            "org.apache.kafka.clients", "org.apache.kafka.common.config");

    private final String kafkaPassword = "kafka-" + UUID.randomUUID();
    /** A SCRAM password a real listener checks: with a space, quotes and a backslash, as users' passwords have. */
    private final String listenerPassword = "sp ace \"quo'te\" back\\slash-" + UUID.randomUUID();
    private final String storePassword = "store-" + UUID.randomUUID();
    private final String urlSecret = "url-" + UUID.randomUUID().toString().replace("-", "");
    private final Map<String, String> savedProperties = new HashMap<>();
    private final Map<String, Level> savedLevels = new HashMap<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;
    private EventStoreSettings store;
    private String urlQuery;

    @BeforeEach
    void secretsEverywhere() {
        SharedKafka.cluster(); // started before the loggers open up: the brokers' own start-up is not under test
        store = TestSchemas.fresh("nosecret");
        // The URL's password is the real one (PostgreSQL's driver lets URL parameters win), so commands really log
        // in; EVENTSTORE_PASSWORD is then never used, and must still never be shown. The unused sslpassword
        // parameter carries the URL's second secret.
        urlQuery = "sslpassword=" + urlSecret + "&password=" + store.password();
        setProperty("eventstore.jdbc.url", store.jdbcUrl() + (store.jdbcUrl().contains("?") ? "&" : "?") + urlQuery);
        setProperty("eventstore.password", storePassword);
        setProperty("eventstore.schema", store.schema());

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logged.setContext(context);
        logged.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logged);
        open(context, "io.pipebench", Level.DEBUG);
        for (String name : INFO_LOGGERS) {
            open(context, name, Level.INFO);
        }

        originalOut = System.out;
        originalErr = System.err;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logged);
        savedLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
        savedProperties.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        try (Database db = Database.open(store)) {
            StoreQueries.dropSchema(db);
        }
    }

    @Test
    void dbCheckPrintsTheStoreWithoutItsSecrets() {
        assertThat(PipebenchCli.execute("db", "check")).isZero();
        assertThat(printed()).contains("Event store: EventStoreSettings[jdbc:postgresql://").contains("PostgreSQL");
        assertNoSecret();
    }

    @Test
    void upAgainstAScramClusterShowsNeitherPassword(@TempDir Path dir) throws Exception {
        int code = PipebenchCli.execute("up", "--cluster", "external", "--cluster-config", scramCluster(dir).toString(),
                "--connect-timeout", "3");
        assertThat(code).as(printed()).isEqualTo(2);
        assertThat(printed()).contains("Event store:").contains("pipebench: No broker answered");
        assertNoSecret();
    }

    @Test
    void runStartsTheAuditGroupAndPrintsItsStartupLinesWithoutSecrets(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(SharedKafka.security() == ClusterSecurity.PLAINTEXT,
                "its cluster file reaches the shared cluster over PLAINTEXT; the SCRAM-TLS run is the next test");
        Path cluster = dir.resolve("cluster.properties");
        Files.writeString(cluster, "bootstrap.servers=" + SharedKafka.cluster().bootstrapServers() + "\n");
        int code = PipebenchCli.execute("run", "--cluster", "external", "--cluster-config", cluster.toString(),
                "--groups", "audit", "--rate", "50", "--duration", "3s", "--progress-every", "1",
                "--metrics-port", "0");
        assertThat(code).as(printed()).isZero();
        assertThat(printed()).contains("Event store: EventStoreSettings[").contains("Metrics: http://127.0.0.1:")
                .contains("Summary over");
        assertNoSecret();
    }

    @Test
    void runAgainstAScramClusterFailsWithoutShowingThePassword(@TempDir Path dir) throws Exception {
        int code = PipebenchCli.execute("run", "--cluster", "external", "--cluster-config",
                scramCluster(dir).toString(), "--connect-timeout", "3", "--metrics-port", "0");
        assertThat(code).as(printed()).isEqualTo(2);
        assertNoSecret();
    }

    /**
     * The whole path over a real SASL_SSL listener: the system runs against a SCRAM-TLS cluster as an external one
     * (its CA as a PEM trust store, a user whose password has a space, quotes and a backslash), then every printed
     * and logged line and every file the brokers wrote (their log directories, the metadata log that holds the SCRAM
     * credentials) is scanned for the secrets. The scanner is shown to find the password where it is planted.
     */
    @Test
    void runOverAScramTlsListenerPrintsAndWritesNoSecret(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("kafka");
        try (EmbeddedKafkaCluster secure = EmbeddedKafkaCluster.builder().brokers(3)
                .security(ClusterSecurity.SCRAM_TLS).dataDirectory(data).deleteOnClose(false).start()) {
            try (Admin admin = Admin.create(secure.connectionProperties())) {
                new TopicPlanner(admin, "secure test cluster", Duration.ofSeconds(30)).apply(TopicCatalog.standard());
            }
            List<AclBinding> everything = new ArrayList<>();
            for (ResourceType type : List.of(ResourceType.TOPIC, ResourceType.GROUP)) {
                everything.add(ClientRole.allow("svc", type, "*", AclOperation.ALL));
            }
            everything.add(ClientRole.allow("svc", ResourceType.CLUSTER, "kafka-cluster", AclOperation.ALL));
            secure.addScramUser(new ClientRole("svc", everything), listenerPassword);

            Properties creds = new Properties();
            creds.setProperty("username", "svc");
            creds.setProperty("password", listenerPassword);
            Path credsFile = dir.resolve("creds.properties");
            try (var out = Files.newBufferedWriter(credsFile)) {
                creds.store(out, null);
            }
            Path clusterFile = dir.resolve("secure.properties");
            Files.writeString(clusterFile, "bootstrap.servers=" + secure.bootstrapServers() + "\n"
                    + "security.protocol=SASL_SSL\nssl.truststore.type=PEM\nssl.truststore.location="
                    + secure.caCertificate().orElseThrow() + "\ncredentials.file=" + credsFile + "\n");

            int code = PipebenchCli.execute("run", "--cluster", "external", "--cluster-config", clusterFile.toString(),
                    "--groups", "audit", "--rate", "50", "--duration", "3s", "--progress-every", "1",
                    "--metrics-port", "0");
            assertThat(code).as(printed()).isZero();
            assertThat(printed()).contains("SASL_SSL").contains("SCRAM-SHA-512 as user 'svc' (password set)")
                    .contains("Summary over");
            assertThat(logged.list).as("the clients' configuration dumps are among the lines scanned")
                    .anyMatch(e -> e.getFormattedMessage().contains("ConsumerConfig values"));
            assertNoSecret();

            SecretScan scan = new SecretScan(Map.of("the SCRAM password", listenerPassword,
                    "the event-store password", storePassword, "the JDBC URL's secret", urlSecret));
            assertThat(scan.file(credsFile)).as("the scanner finds a planted password").hasSize(1);
            // Index files hold offsets and timestamps only, in 10 MB preallocated files per partition.
            assertThat(scan.folder(data, f -> !f.toString().endsWith("index"))).as("secrets in the brokers' files")
                    .isEmpty();
        }
    }

    /** A SASL_SSL cluster file whose credentials file holds the SCRAM password; nothing listens on its port. */
    private Path scramCluster(Path dir) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path creds = dir.resolve("creds.properties");
        Files.writeString(creds, "username=svc\npassword=" + kafkaPassword + "\n");
        Path cluster = dir.resolve("scram.properties");
        Files.writeString(cluster, "bootstrap.servers=127.0.0.1:" + closedPort + "\nsecurity.protocol=SASL_SSL\n"
                + "credentials.file=" + creds + "\n");
        return cluster;
    }

    private void assertNoSecret() {
        List<String> lines = new ArrayList<>(List.of(printed().split("\n")));
        for (ILoggingEvent e : logged.list) {
            lines.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                lines.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
        }
        assertThat(lines).as("printed and logged lines").isNotEmpty();
        for (String secret : List.of(kafkaPassword, listenerPassword, storePassword, urlSecret, urlQuery,
                "password=" + store.password())) {
            assertThat(lines).as("lines holding a secret").noneMatch(line -> line.contains(secret));
        }
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private void setProperty(String key, String value) {
        savedProperties.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    private void open(LoggerContext context, String name, Level level) {
        Logger logger = context.getLogger(name);
        savedLevels.putIfAbsent(name, logger.getLevel());
        logger.setLevel(level);
    }
}
