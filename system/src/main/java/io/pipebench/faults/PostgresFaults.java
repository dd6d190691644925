package io.pipebench.faults;

import io.pipebench.secrets.JdbcUrlParts;
import io.pipebench.store.EventStoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database outages: the local PostgreSQL cluster stopped with {@code -m immediate} (found as
 * scripts/eventstore-db.sh finds it: the {@code pg_lsclusters} row on the URL's port), the run's own backends
 * terminated (by application_name, so other users of the server are untouched), and the run's database switched to
 * read-only. Admin statements run on a connection of their own, opened per statement: a pooled one could be the very
 * session the fault just ended or made read-only.
 */
final class PostgresFaults {

    private static final Logger log = LoggerFactory.getLogger(PostgresFaults.class);
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "::1");
    /** The shared database scripts/eventstore-db.sh creates: read-only there would fail every other user's writes. */
    static final String SHARED_DATABASE = "pipebench";

    private final EventStoreSettings settings;
    private final String applicationName;

    /**
     * @param settings        where the run's event store is
     * @param applicationName the application_name of the run's system connections (and only theirs)
     */
    PostgresFaults(EventStoreSettings settings, String applicationName) {
        this.settings = settings;
        this.applicationName = applicationName;
    }

    /** Refuses, before the run starts, a read-only fault on the shared database unless allowed. */
    void checkReadOnlyScope(boolean allowShared) {
        String db = database();
        if (db.equals(SHARED_DATABASE) && !allowShared) {
            throw new IllegalArgumentException("--fault postgres-read-only would make the shared database '" + db
                    + "' read-only for everyone using it; point EVENTSTORE_JDBC_URL at a database of the fault runs' "
                    + "own (scripts/faults-campaign.sh creates pipebench_faults), or pass --allow-shared-database");
        }
    }

    InjectedFault inject(FaultKind kind) {
        return switch (kind) {
            case POSTGRES_STOP_30S, POSTGRES_STOP_5M -> stopServer();
            case POSTGRES_TERMINATE_BACKENDS -> terminateRepeatedly();
            case POSTGRES_READ_ONLY -> readOnly();
            default -> throw new IllegalArgumentException(kind + " is not a database fault");
        };
    }

    // ---- the server ---------------------------------------------------------------------------------------

    private InjectedFault stopServer() {
        String cluster = localCluster();
        run(List.of("pg_ctlcluster", cluster.split(" ")[0], cluster.split(" ")[1], "stop", "-m", "immediate"));
        return InjectedFault.of("PostgreSQL cluster " + cluster + " stopped (-m immediate)", () ->
                run(List.of("pg_ctlcluster", cluster.split(" ")[0], cluster.split(" ")[1], "start")));
    }

    /** "version name" of the local cluster listening on the URL's port. */
    private String localCluster() {
        JdbcUrlParts.HostPort address = JdbcUrlParts.parse(settings.jdbcUrl()).address();
        String host = address.host();
        String port = String.valueOf(address.port());
        if (!LOCAL_HOSTS.contains(host)) {
            throw new IllegalStateException("The event store is on " + host + ", not on this machine: a postgres-stop "
                    + "fault can only stop a local cluster (pg_ctlcluster)");
        }
        for (String line : run(List.of("pg_lsclusters", "--no-header")).split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 3 && cols[2].equals(port)) {
                return cols[0] + " " + cols[1];
            }
        }
        throw new IllegalStateException("No local PostgreSQL cluster listens on port " + port + " (pg_lsclusters)");
    }

    /** Runs a PostgreSQL tool as this user (root can run pg_ctlcluster); its output, or an error with it. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not return within 120 s");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + output.trim() + (command.get(0).equals("pg_ctlcluster")
                        ? " (pg_ctlcluster needs root or the cluster's owner)" : ""));
            }
            log.info("{}: done", String.join(" ", command));
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command.get(0) + " (PostgreSQL's Debian tools): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }

    // ---- the run's sessions -------------------------------------------------------------------------------

    /** Terminates the run's backends at once and then every second, so reconnects fail again until cleared. */
    private InjectedFault terminateRepeatedly() {
        AtomicLong terminated = new AtomicLong(terminateBackends());
        ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "postgres-terminate-backends");
            t.setDaemon(true);
            return t;
        });
        every.scheduleWithFixedDelay(() -> {
            try {
                terminated.addAndGet(terminateBackends());
            } catch (RuntimeException e) {
                log.warn("Terminating the run's backends failed this time: {}", e.toString());
            }
        }, 1, 1, TimeUnit.SECONDS);
        return new InjectedFault() {
            @Override
            public String target() {
                return "backends of application_name " + applicationName + " terminated every second ("
                        + terminated.get() + " so far)";
            }

            @Override
            public void clear() {
                every.shutdownNow();
                try {
                    every.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** As after a failover to a replica: new sessions of the database are read-only and the old ones are gone. */
    private InjectedFault readOnly() {
        String db = database();
        admin("alter database " + quoted(db) + " set default_transaction_read_only = on");
        long first = terminateBackends();
        return InjectedFault.of("database " + db + " read-only (default_transaction_read_only), " + first
                + " backend(s) of " + applicationName + " terminated", () -> {
            admin("alter database " + quoted(db) + " reset default_transaction_read_only");
            // The sessions opened meanwhile stay read-only until they end: end them, as a failback would.
            terminateBackends();
        });
    }

    /** Terminates the backends of the run's application connections; returns how many. */
    long terminateBackends() {
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("select count(pg_terminate_backend(pid)) from "
                     + "pg_stat_activity where application_name = ? and pid <> pg_backend_pid()")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot terminate the backends of " + applicationName + ": "
                    + e.getMessage(), e);
        }
    }

    private String database() {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_database()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the event store's database name: " + e.getMessage(), e);
        }
    }

    private void admin(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed (the event store's role must own the database): "
                    + e.getMessage(), e);
        }
    }

    /** A connection of the fault's own, under another application_name than the run's, never read-only. */
    private Connection connect() throws SQLException {
        JdbcUrlParts url = JdbcUrlParts.parse(settings.jdbcUrl());
        Properties p = new Properties();
        p.putAll(url.parameters());
        p.setProperty("user", url.parameters().getOrDefault("user", settings.user()));
        p.setProperty("password", url.parameters().getOrDefault("password", settings.password()));
        p.setProperty("ApplicationName", applicationName + "-fault");
        p.setProperty("connectTimeout", "5");
        p.setProperty("options", "-c default_transaction_read_only=off");
        return DriverManager.getConnection(url.base(), p);
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
