package io.pipebench.store;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class DatabaseTest {

    @Test
    void theConfiguredDatabaseAnswers() throws Exception {
        try (Database db = Database.open(EventStoreSettings.fromEnvironment());
             Connection c = db.dataSource().getConnection()) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void anUnreachableDatabaseFailsWithinSecondsNamingTheVariable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        EventStoreSettings settings = EventStoreSettings.fromEnvironment()
                .withJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/pipebench");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> Database.open(settings))
                        .isInstanceOf(EventStoreUnavailableException.class)
                        .hasMessageContaining("EVENTSTORE_JDBC_URL").hasMessageContaining("eventstore-db.sh"));
    }

    @Test
    void badSettingsAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> EventStoreSettings.from(Map.of("EVENTSTORE_JDBC_URL", "jdbc:mysql://x/y")))
                .hasMessageContaining("EVENTSTORE_JDBC_URL");
        assertThatThrownBy(() -> EventStoreSettings.from(Map.of("EVENTSTORE_POOL_SIZE", "50")))
                .hasMessageContaining("EVENTSTORE_POOL_SIZE").hasMessageContaining("20");
        assertThat(EventStoreSettings.from(Map.of("EVENTSTORE_PASSWORD", "hunter2")).toString()).doesNotContain("hunter2");
    }
}
