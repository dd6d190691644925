package io.pipebench.store;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class DatabaseTest {

    @Test
    void anUnreachableDatabaseFailsFastNamingTheSetting() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        EventStoreSettings base = EventStoreSettings.fromEnvironment();
        EventStoreSettings settings = new EventStoreSettings("jdbc:postgresql://127.0.0.1:" + closedPort + "/pipebench",
                base.user(), "s3cret-not-logged", base.schema(), 5);

        // A hang guard, not a measurement: the pool's own fail-fast limit is 5 s.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> Database.open(settings).close())
                        .isInstanceOf(EventStoreUnavailableException.class)
                        .hasMessageContaining("EVENTSTORE_JDBC_URL")
                        .hasMessageContaining(String.valueOf(closedPort))
                        .hasMessageNotContaining("s3cret-not-logged"));
    }

    @Test
    void thePoolNeverExceedsTheSourceSystemsTwentyConnections() {
        EventStoreSettings settings = EventStoreSettings.fromEnvironment();
        assertThat(settings.maxPoolSize()).isLessThanOrEqualTo(EventStoreSettings.MAX_POOL_SIZE);
        assertThatThrownBy(() -> settings.withPoolSize(21))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EVENTSTORE_POOL_SIZE");
        try (Database db = Database.open(settings.withPoolSize(20))) {
            assertThat(((com.zaxxer.hikari.HikariDataSource) db.dataSource()).getMaximumPoolSize()).isEqualTo(20);
        }
    }

    @Test
    void everyWaitOnTheDatabaseIsBoundedWellWithinTheConsumersPollInterval() {
        // Dropped packets are answered by nothing but a timeout: each wait must have one, and a consumer blocked on
        // one dead call must poll again long before max.poll.interval.ms evicts it from its group.
        long maxPollIntervalMs = ((Number) io.pipebench.consume.ConsumerSettings.document()
                .get(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)).longValue();
        try (Database db = Database.open(EventStoreSettings.fromEnvironment().withPoolSize(1))) {
            com.zaxxer.hikari.HikariDataSource pool = (com.zaxxer.hikari.HikariDataSource) db.dataSource();
            java.util.Properties driver = pool.getDataSourceProperties();
            long socketTimeoutMs = 1000L * Long.parseLong(driver.getProperty("socketTimeout", "0"));
            assertThat(socketTimeoutMs).isPositive().isLessThanOrEqualTo(maxPollIntervalMs / 2);
            assertThat(Long.parseLong(driver.getProperty("connectTimeout", "0"))).isBetween(1L, 10L);
            assertThat(Long.parseLong(driver.getProperty("loginTimeout", "0"))).isBetween(1L, 10L);
            assertThat(pool.getConnectionTimeout()).isBetween(1L, 10_000L);
            assertThat(pool.getValidationTimeout()).isPositive().isLessThan(pool.getConnectionTimeout());
            assertThat(pool.getKeepaliveTime()).isPositive().isLessThanOrEqualTo(120_000L);
        }
    }

    @Test
    void dropSchemaRemovesTheStoresOwnSchemaOnly() throws Exception {
        try (TestSchema kept = new TestSchema();
             Database other = Database.open(EventStoreSettings.fromEnvironment()
                     .withSchema(kept.schema() + "_drop").withPoolSize(2))) {
            new EventStore(other).migrate();
            assertThat(schemaExists(kept.database, other.settings().schema())).isTrue();

            other.dropSchema();

            assertThat(schemaExists(kept.database, other.settings().schema())).isFalse();
            assertThat(schemaExists(kept.database, kept.schema())).isTrue();
            other.dropSchema(); // a second drop is no error: a run's cleanup may meet an already dropped schema
        }
    }

    @Test
    void aRunsCleanupDropsItsSchemaOrSaysWhyInsteadOfThrowing() throws Exception {
        try (TestSchema kept = new TestSchema()) {
            EventStoreSettings own = EventStoreSettings.fromEnvironment().withSchema(kept.schema() + "_run");
            try (Database db = Database.open(own)) {
                new EventStore(db).migrate();
            }
            assertThat(Database.dropSchemaAfterRun(own)).isEmpty();
            assertThat(schemaExists(kept.database, own.schema())).isFalse();
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        EventStoreSettings base = EventStoreSettings.fromEnvironment();
        EventStoreSettings unreachable = new EventStoreSettings("jdbc:postgresql://127.0.0.1:" + closedPort
                + "/pipebench", base.user(), "s3cret-not-logged", base.schema(), 1);
        assertThat(Database.dropSchemaAfterRun(unreachable)).hasValueSatisfying(why ->
                assertThat(why).contains(String.valueOf(closedPort)).doesNotContain("s3cret-not-logged"));
    }

    private static boolean schemaExists(Database db, String schema) throws Exception {
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "select count(*) from information_schema.schemata where schema_name = ?")) {
            ps.setString(1, schema);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    @Test
    void theConfiguredDatabaseAnswers() throws Exception {
        try (Database db = Database.open(EventStoreSettings.fromEnvironment());
             java.sql.Connection c = db.dataSource().getConnection()) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void printedSettingsAndErrorsNeverCarryTheUrlsQuery() throws Exception {
        EventStoreSettings settings = environment(java.util.Map.of("EVENTSTORE_JDBC_URL",
                "jdbc:postgresql://svc:hunter1@127.0.0.1:5432/pipebench?password=hunter2"));
        assertThat(settings.toString()).contains("jdbc:postgresql://127.0.0.1:5432/pipebench")
                .doesNotContain("hunter").doesNotContain("?");
        assertThatThrownBy(() -> environment(java.util.Map.of("EVENTSTORE_JDBC_URL",
                "jdbc:mysql://h/db?password=hunter2")))
                .hasMessageContaining("EVENTSTORE_JDBC_URL").hasMessageNotContaining("hunter2");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        EventStoreSettings unreachable = settings.withJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort
                + "/pipebench?password=hunter3");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> Database.open(unreachable).close())
                        .isInstanceOf(EventStoreUnavailableException.class)
                        .hasMessageContaining(String.valueOf(closedPort)).hasMessageNotContaining("hunter3"));
    }

    @Test
    void controlCharactersInTheStoresCredentialsAreRefusedBeforeConnecting() {
        for (String variable : new String[] {"EVENTSTORE_PASSWORD", "EVENTSTORE_USER", "EVENTSTORE_JDBC_URL"}) {
            String bad = variable.equals("EVENTSTORE_JDBC_URL") ? "jdbc:postgresql://h/db?password=hunter2\n"
                    : "hunter2\r\n";
            assertThatThrownBy(() -> environment(java.util.Map.of(variable, bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(variable + " contains a control character")
                    .hasMessageNotContaining("hunter2");
        }
        // Spaces, quotes and backslashes are a password's own business, and it is not trimmed.
        assertThat(environment(java.util.Map.of("EVENTSTORE_PASSWORD", " it's \"x\" \\ ")).password())
                .isEqualTo(" it's \"x\" \\ ");
    }

    @Test
    void aPropertyWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("eventstore.schema", "from_property");
        properties.setProperty("eventstore.user", " "); // blank: as if unset
        EventStoreSettings s = EventStoreSettings.from(java.util.Map.of("EVENTSTORE_SCHEMA", "from_env",
                "EVENTSTORE_USER", "env_user", "EVENTSTORE_POOL_SIZE", "7"), properties);
        assertThat(s.schema()).isEqualTo("from_property");
        assertThat(s.user()).isEqualTo("env_user");
        assertThat(s.maxPoolSize()).isEqualTo(7);
        assertThat(s.jdbcUrl()).isEqualTo(EventStoreSettings.DEFAULT_URL);
    }

    /** Settings from the given environment only: no system property of this JVM leaks in. */
    private static EventStoreSettings environment(java.util.Map<String, String> env) {
        return EventStoreSettings.from(env, new java.util.Properties());
    }

    @Test
    void badSettingsAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> environment(java.util.Map.of("EVENTSTORE_JDBC_URL", "jdbc:mysql://x/y")))
                .hasMessageContaining("EVENTSTORE_JDBC_URL");
        assertThatThrownBy(() -> environment(java.util.Map.of("EVENTSTORE_POOL_SIZE", "50")))
                .hasMessageContaining("EVENTSTORE_POOL_SIZE").hasMessageContaining("20");
        assertThat(environment(java.util.Map.of("EVENTSTORE_PASSWORD", "hunter2")).toString())
                .doesNotContain("hunter2");
    }
}
