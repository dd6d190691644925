package io.pipebench.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * db/migration files whose text changed after stores applied them — comments only — with the checksum Flyway
 * recorded for the text before. Flyway validates every applied file's checksum before it migrates, so without this
 * an edited comment would make every existing store refuse to start. Written by hand because Flyway has no
 * "accept this one earlier checksum": its repair() would accept any edit of any applied file, SQL included, and so
 * hide a real change. A row is realigned only if it holds exactly the earlier checksum; any other text still fails
 * Flyway's validation.
 */
final class EditedMigrations {

    /** A comment-only edit: Flyway's checksum of the file before and after it. */
    record Edit(int before, int after) {
    }

    /** By migration version. V8 gained its first two lines (V9 replaced its function; issue 11), its SQL unchanged. */
    static final Map<String, Edit> EDITS = Map.of("8", new Edit(-519976532, 677494738));

    /** Flyway's default history table, in the store's schema (EventStore.flyway() does not rename it). */
    static final String HISTORY_TABLE = "flyway_schema_history";

    private EditedMigrations() {
    }

    /**
     * Moves each edited migration's recorded checksum from its earlier text's to its current one's, in the given
     * schema (a plain identifier, validated by {@link EventStoreSettings}); returns how many rows it moved. A schema
     * without a history table (a fresh store) is left alone.
     */
    static int realign(Connection c, String schema) throws SQLException {
        String table = schema + "." + HISTORY_TABLE;
        try (PreparedStatement exists = c.prepareStatement("select to_regclass(?) is not null")) {
            exists.setString(1, table);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return 0;
                }
            }
        }
        // Looked up before any UPDATE: a role with SELECT only on the history table (a read-only deployment's)
        // starts as long as no row holds an earlier checksum.
        int moved = 0;
        for (Map.Entry<String, Edit> e : EDITS.entrySet()) {
            if (!holdsEarlierChecksum(c, table, e.getKey(), e.getValue())) {
                continue;
            }
            try (PreparedStatement update = c.prepareStatement("update " + table
                    + " set checksum = ? where version = ? and checksum = ?")) {
                update.setInt(1, e.getValue().after());
                update.setString(2, e.getKey());
                update.setInt(3, e.getValue().before());
                moved += update.executeUpdate();
            }
        }
        return moved;
    }

    private static boolean holdsEarlierChecksum(Connection c, String table, String version, Edit edit)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select 1 from " + table
                + " where version = ? and checksum = ?")) {
            select.setString(1, version);
            select.setInt(2, edit.before());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }
}
