package io.pipebench.store;

import io.pipebench.secrets.Redact;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Turns a driver failure into an exception that says what went wrong in the event store's terms. */
final class SqlFailures {

    static final String UNIQUE_VIOLATION = "23505";
    private static final String INVALID_TEXT = "22P02";
    private static final String DEADLOCK = "40P01";

    private SqlFailures() {
    }

    static RuntimeException translate(String operation, SQLException e, EventStoreSettings settings) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTransientConnectionException || state.startsWith("08")) {
            return new EventStoreUnavailableException(operation + " failed: lost the event store at "
                    + Redact.jdbcUrl(settings.jdbcUrl()) + " (" + e.getMessage() + "). Check that PostgreSQL runs "
                    + "(scripts/eventstore-db.sh) and that EVENTSTORE_JDBC_URL points at it.", e);
        }
        if (INVALID_TEXT.equals(state) && e.getMessage() != null && e.getMessage().contains("json")) {
            return new IllegalArgumentException(operation + ": dataJson or metadataJson is not valid JSON ("
                    + e.getMessage() + "); encode events with a JSON codec", e);
        }
        if (DEADLOCK.equals(state)) {
            return new EventStoreException(operation + " was chosen as a deadlock victim; retry the transaction. "
                    + "Two appendAll calls inside one caller transaction can lock streams out of order.", e);
        }
        return new EventStoreException(operation + " failed: " + e.getMessage()
                + (state.isEmpty() ? "" : " (SQLState " + state + ")"), e);
    }
}
