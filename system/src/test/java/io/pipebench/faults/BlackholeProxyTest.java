package io.pipebench.faults;

import io.pipebench.consume.RetryPolicy;
import io.pipebench.secrets.JdbcUrlParts;
import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.store.EventStoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The proxy in front of the local PostgreSQL really drops packets: while it blackholes, a query on an open connection
 * and a new connection both end in a timeout, never a refusal or a reset, and the failures are outages to the retry
 * policy; when it ends, connections work again. A closed proxy, by contrast, refuses at once.
 */
class BlackholeProxyTest {

    private static final RetryPolicy POLICY = RetryPolicy.documentDefault();

    private final EventStoreSettings direct = EventStoreSettings.fromEnvironment().withPoolSize(2);
    private BlackholeProxy proxy;

    @BeforeEach
    void start() {
        JdbcUrlParts.HostPort db = JdbcUrlParts.parse(direct.jdbcUrl()).address();
        proxy = BlackholeProxy.start(db.host(), db.port());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    /** The pool as the system opens it, through the proxy, with timeouts short enough for a test. */
    private Database openThroughProxy() {
        String url = JdbcUrlParts.withAddress(direct.jdbcUrl(), BlackholeProxy.LOOPBACK, proxy.port());
        return Database.open(FaultRun.withParameter(FaultRun.withParameter(direct.withJdbcUrl(url),
                "socketTimeout", "2"), "loginTimeout", "2"));
    }

    @Test
    void aBlackholedConnectionTimesOutAsAnOutageAndWorksAgainAfterwards() throws Exception {
        try (Database db = openThroughProxy()) {
            Connection held = db.dataSource().getConnection();
            assertThat(selectOne(held)).isEqualTo(1);
            assertThat(proxy.connections()).isGreaterThanOrEqualTo(1);

            InjectedFault fault = proxy.blackhole();
            assertThat(fault.target()).contains("dropped", "held");
            // A hang guard, not a measurement: the socket timeout is 2 s, the pool's connection timeout 5 s.
            SQLException onOpen = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> catchThrowableOfType(SQLException.class, () -> selectOne(held)));
            assertThat((Throwable) onOpen).as("a query on a blackholed connection fails").isNotNull();
            assertThat(onOpen.getSQLState()).isEqualTo("08006");
            assertThat((Throwable) onOpen).hasRootCauseInstanceOf(SocketTimeoutException.class);
            assertThat(POLICY.classify(onOpen)).isEqualTo(RetryPolicy.Outcome.RETRY_OUTAGE);
            held.close();

            SQLException onBorrow = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> catchThrowableOfType(SQLException.class, () -> db.dataSource().getConnection().close()));
            assertThat((Throwable) onBorrow).as("no connection can be borrowed while blackholed").isNotNull();
            assertThat(POLICY.classify(onBorrow)).isEqualTo(RetryPolicy.Outcome.RETRY_OUTAGE);

            fault.clear();
            // The pool may be backing off between attempts to add a connection: wait for it, bounded.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                try (Connection again = db.dataSource().getConnection()) {
                    assertThat(selectOne(again)).isEqualTo(1);
                }
            });
        }
    }

    @Test
    void aNewConnectionIsAcceptedButNeverAnsweredWhileARefusedOneFailsAtOnce() throws Exception {
        InjectedFault fault = proxy.blackhole();
        try (Socket socket = new Socket()) {
            // Not refused: the kernel completes the handshake, and then nothing comes back.
            socket.connect(new InetSocketAddress(BlackholeProxy.LOOPBACK, proxy.port()), 2_000);
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write(new byte[] {0, 0, 0, 8, 4, (byte) 210, 22, 47}); // PostgreSQL's SSLRequest
            InputStream in = socket.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        }
        Throwable failed = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> catchThrowable(() -> openThroughProxy().close()));
        assertThat(failed).isInstanceOf(EventStoreUnavailableException.class).hasCauseInstanceOf(SQLException.class);
        SQLException login = (SQLException) failed.getCause();
        assertThat(login.getSQLState()).isEqualTo("08001");
        assertThat(messages(login)).containsIgnoringCase("timed out").doesNotContainIgnoringCase("refused");
        assertThat(POLICY.classify(failed)).isEqualTo(RetryPolicy.Outcome.RETRY_OUTAGE);
        assertThat(POLICY.classify(login)).isEqualTo(RetryPolicy.Outcome.RETRY_OUTAGE);
        fault.clear();

        int port = proxy.port();
        proxy.close();
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(BlackholeProxy.LOOPBACK, port), 2_000))
                    .isInstanceOf(ConnectException.class).hasMessageContaining("refused");
        }
    }

    /** The messages of the exception and its causes. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append(" | ");
        }
        return all.toString();
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
