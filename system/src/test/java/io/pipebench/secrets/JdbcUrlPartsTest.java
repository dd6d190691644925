package io.pipebench.secrets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one server a JDBC URL names, and the same URL pointed at another (a fault's proxy). */
class JdbcUrlPartsTest {

    @Test
    void theServerIsReadPastUserInfoWithPostgresDefaultPort() {
        assertThat(JdbcUrlParts.parse("jdbc:postgresql://127.0.0.1:5433/pipebench?ssl=true").address())
                .isEqualTo(new JdbcUrlParts.HostPort("127.0.0.1", 5433));
        assertThat(JdbcUrlParts.parse("jdbc:postgresql://svc:p@ss@db.internal/pipebench").address())
                .isEqualTo(new JdbcUrlParts.HostPort("db.internal", 5432));
        assertThat(JdbcUrlParts.parse("jdbc:postgresql://[::1]:5434/pipebench").address())
                .isEqualTo(new JdbcUrlParts.HostPort("::1", 5434));
        assertThat(JdbcUrlParts.parse("jdbc:postgresql://localhost?user=svc").address())
                .isEqualTo(new JdbcUrlParts.HostPort("localhost", 5432));
    }

    @Test
    void severalHostsOrABadPortAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> JdbcUrlParts.parse("jdbc:postgresql://h1:5432,h2:5433/db").address())
                .hasMessageStartingWith("EVENTSTORE_JDBC_URL names several hosts");
        assertThatThrownBy(() -> JdbcUrlParts.parse("jdbc:postgresql://h1:x/db").address())
                .hasMessageStartingWith("EVENTSTORE_JDBC_URL: the port 'x' is not a number");
    }

    @Test
    void anotherAddressKeepsUserInfoDatabaseAndQuery() {
        assertThat(JdbcUrlParts.withAddress("jdbc:postgresql://svc:pw@db.internal:5432/pipebench?ssl=true&x=1",
                "127.0.0.1", 40001)).isEqualTo("jdbc:postgresql://svc:pw@127.0.0.1:40001/pipebench?ssl=true&x=1");
        assertThat(JdbcUrlParts.withAddress("jdbc:postgresql://localhost/pipebench", "::1", 40002))
                .isEqualTo("jdbc:postgresql://[::1]:40002/pipebench");
        assertThat(JdbcUrlParts.withAddress("jdbc:postgresql://localhost?user=a", "127.0.0.1", 40003))
                .isEqualTo("jdbc:postgresql://127.0.0.1:40003?user=a");
    }
}
