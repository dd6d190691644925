package io.pipebench.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.testing.SharedKafka;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.TestSchemas;
import org.junit.jupiter.api.AfterEach;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private static final List<String> INFO_LOGGERS = List.of("com.zaxxer.hikari", "org.postgresql", "org.flywaydb",
            "org.apache.kafka.clients");

    private final String kafkaPassword = "kafka-" + UUID.randomUUID();
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
        for (String secret : List.of(kafkaPassword, storePassword, urlSecret, urlQuery, "password=" + store.password())) {
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
