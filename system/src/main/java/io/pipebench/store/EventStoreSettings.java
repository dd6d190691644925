package io.pipebench.store;

import io.pipebench.config.SettingSources;
import io.pipebench.secrets.Credentials;
import io.pipebench.secrets.Redact;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where the event store lives. Read the same way by the system, the benchmarks and the load tests: a JVM system
 * property wins ({@code -Deventstore.jdbc.url=...}), then the environment ({@code EVENTSTORE_JDBC_URL}), then the
 * default that {@code scripts/eventstore-db.sh} sets up on a fresh machine.
 */
public record EventStoreSettings(String jdbcUrl, String user, String password, String schema, int maxPoolSize) {

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/pipebench";
    /** The source system's limit: at most 20 database connections per instance. */
    public static final int MAX_POOL_SIZE = 20;
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final List<String> VARIABLES = List.of("EVENTSTORE_JDBC_URL", "EVENTSTORE_USER",
            "EVENTSTORE_PASSWORD", "EVENTSTORE_SCHEMA", "EVENTSTORE_POOL_SIZE");

    public EventStoreSettings {
        Credentials.requireNoControlCharacters("EVENTSTORE_JDBC_URL", jdbcUrl, IllegalArgumentException::new);
        Credentials.requireNoControlCharacters("EVENTSTORE_USER", user, IllegalArgumentException::new);
        Credentials.requireNoControlCharacters("EVENTSTORE_PASSWORD", password, IllegalArgumentException::new);
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("EVENTSTORE_JDBC_URL must be a PostgreSQL JDBC URL such as " + DEFAULT_URL
                    + " (was '" + Redact.jdbcUrl(jdbcUrl) + "')");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("EVENTSTORE_USER is blank: set it to the database role");
        }
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("EVENTSTORE_SCHEMA must be a lower-case SQL identifier (was '" + schema + "')");
        }
        if (maxPoolSize < 1 || maxPoolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("EVENTSTORE_POOL_SIZE must be between 1 and " + MAX_POOL_SIZE
                    + " (the source system's per-instance limit), was " + maxPoolSize);
        }
    }

    /** From the JVM's system properties, then the process environment, then defaults. */
    public static EventStoreSettings fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    /** From the given properties, then the given environment, then defaults ({@link SettingSources}). */
    public static EventStoreSettings from(Map<String, String> environment, Properties properties) {
        Map<String, String> read = SettingSources.overlay(environment, properties, VARIABLES);
        String poolSize = orDefault(read.get("EVENTSTORE_POOL_SIZE"), String.valueOf(MAX_POOL_SIZE));
        int pool;
        try {
            pool = Integer.parseInt(poolSize.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("EVENTSTORE_POOL_SIZE is not a number: '" + poolSize + "'");
        }
        // Control characters are refused before trimming could hide them; a password is never trimmed.
        String url = Credentials.requireNoControlCharacters("EVENTSTORE_JDBC_URL", read.get("EVENTSTORE_JDBC_URL"),
                IllegalArgumentException::new);
        String user = Credentials.requireNoControlCharacters("EVENTSTORE_USER", read.get("EVENTSTORE_USER"),
                IllegalArgumentException::new);
        String password = read.get("EVENTSTORE_PASSWORD");
        return new EventStoreSettings(
                orDefault(url, DEFAULT_URL),
                orDefault(user, "pipebench"),
                password == null || password.isEmpty() ? "pipebench" : password,
                orDefault(read.get("EVENTSTORE_SCHEMA"), "eventstore"),
                pool);
    }

    /** The same settings in another schema: tests and benchmarks each get their own. */
    public EventStoreSettings withSchema(String otherSchema) {
        return new EventStoreSettings(jdbcUrl, user, password, otherSchema, maxPoolSize);
    }

    public EventStoreSettings withPoolSize(int size) {
        return new EventStoreSettings(jdbcUrl, user, password, schema, size);
    }

    public EventStoreSettings withJdbcUrl(String url) {
        return new EventStoreSettings(url, user, password, schema, maxPoolSize);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Never prints the password, nor the URL's query (which may carry one). */
    @Override
    public String toString() {
        return "EventStoreSettings[" + Redact.jdbcUrl(jdbcUrl) + ", user=" + user + ", schema=" + schema
                + ", pool=" + maxPoolSize + "]";
    }
}
