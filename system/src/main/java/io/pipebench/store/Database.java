package io.pipebench.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.pipebench.secrets.JdbcUrlParts;
import io.pipebench.secrets.Redact;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The event store's connection pool (HikariCP), opened so that an unreachable database fails within seconds with
 * a message naming what to set, instead of hanging on the first query.
 */
public final class Database implements AutoCloseable {

    private final EventStoreSettings settings;
    private final HikariDataSource dataSource;

    private Database(EventStoreSettings settings, HikariDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
    }

    public static Database open(EventStoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("eventstore");
        // The URL's query goes to the driver as properties, not inside the URL the pool and Flyway print.
        JdbcUrlParts url = JdbcUrlParts.parse(settings.jdbcUrl());
        config.setJdbcUrl(url.base());
        config.setUsername(url.parameters().getOrDefault("user", settings.user()));
        config.setPassword(url.parameters().getOrDefault("password", settings.password()));
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(5_000);
        // Where packets are dropped rather than refused, nothing but a timeout ends a wait (TCP keepalive: 2 hours).
        // A borrowed connection idle for a moment is validated within this, so a dead one is skipped, not waited on.
        config.setValidationTimeout(3_000);
        // Idle connections are checked every minute: a pool idle across a partition drops its dead connections.
        config.setKeepaliveTime(60_000);
        config.setSchema(settings.schema());
        // Multi-row rewriting makes JDBC batches one round trip; search_path is set per connection by setSchema.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        // A TCP connect to a host that drops packets ends after connectTimeout; a connect that succeeds but whose
        // startup is never answered (a blackholed proxy or load balancer) after loginTimeout. Without loginTimeout,
        // only the JVM-wide DriverManager value the pool happens to set would bound it.
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("loginTimeout", "5");
        // A read on a connection whose packets are dropped ends after this with SQLState 08006 (retried as an
        // outage). Kept at most half of max.poll.interval.ms (300 s): a consumer thread blocked on one dead call, then
        // failing fast on a broken connection, polls again long before it would be evicted from its group.
        config.addDataSourceProperty("socketTimeout", "120");
        config.addDataSourceProperty("ApplicationName", "pipebench");
        // The URL's own parameters win, as they would inside the URL.
        url.parameters().forEach((k, v) -> {
            if (!k.equals("user") && !k.equals("password")) {
                config.addDataSourceProperty(k, v);
            }
        });
        try {
            return new Database(settings, new HikariDataSource(config));
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String reason = cause instanceof SQLException sql && sql.getSQLState() != null
                    ? cause.getMessage() + " (SQLState " + sql.getSQLState() + ")" : cause.getMessage();
            throw new EventStoreUnavailableException("Cannot reach the event store at "
                    + Redact.jdbcUrl(settings.jdbcUrl()) + " as '"
                    + settings.user() + "': " + reason + ". Run scripts/eventstore-db.sh to start the local "
                    + "PostgreSQL, or set EVENTSTORE_JDBC_URL, EVENTSTORE_USER and EVENTSTORE_PASSWORD.", cause);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public EventStoreSettings settings() {
        return settings;
    }

    /**
     * Drops this store's schema with everything in it: how a run, test or benchmark that made a schema of its own
     * removes it. The only schema drop there is; the name is safe to quote, as settings admit only SQL identifiers.
     */
    public void dropSchema() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + settings.schema() + "\" CASCADE");
        }
    }

    /**
     * {@link #dropSchema()} as a run's cleanup: a failure comes back as its message instead of an exception, because
     * the run's report matters more than a leftover schema (which only takes space); the caller says it was left.
     */
    public Optional<String> dropSchemaAfterRun() {
        try {
            dropSchema();
            return Optional.empty();
        } catch (SQLException | RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** {@link #dropSchemaAfterRun()} of the schema the settings name, on a one-connection pool of its own. */
    public static Optional<String> dropSchemaAfterRun(EventStoreSettings settings) {
        try (Database db = open(settings.withPoolSize(1))) {
            return db.dropSchemaAfterRun();
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
