package io.pipebench.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/** The latest snapshot of each aggregate (table snapshots: one row per aggregate, only ever moving forward). */
public final class SnapshotStore {

    private final EventStoreSettings settings;
    private final Database database;
    private final String save;
    private final String load;

    public SnapshotStore(Database database) {
        Require.notNull(database, "database", "open one with Database.open(EventStoreSettings.fromEnvironment())");
        this.database = database;
        this.settings = database.settings();
        // Forward only, enforced by save_snapshot (db/migration V15): an older state never replaces a newer snapshot.
        this.save = "select " + settings.schema() + ".save_snapshot(?, ?, ?, ?::jsonb)";
        this.load = "select version, data::text, taken_at from " + settings.schema() + ".snapshots"
                + " where aggregate_type = ? and aggregate_id = ?";
    }

    /** Stores the state at {@code version}; returns false when a snapshot at this or a later version already exists. */
    public boolean save(String aggregateType, String aggregateId, long version, String dataJson) {
        StreamId stream = new StreamId(aggregateType, aggregateId);
        if (version < 1) {
            throw new IllegalArgumentException("snapshot version must be >= 1 (was " + version + ") for " + stream);
        }
        Require.notBlank(dataJson, "dataJson");
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(save)) {
            st.setString(1, aggregateType);
            st.setString(2, aggregateId);
            st.setLong(3, version);
            st.setString(4, dataJson);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate("saving the snapshot of " + stream, e, settings);
        }
    }

    /** The latest snapshot of the aggregate, if any. */
    public Optional<Snapshot> load(String aggregateType, String aggregateId) {
        StreamId stream = new StreamId(aggregateType, aggregateId);
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(load)) {
            st.setString(1, aggregateType);
            st.setString(2, aggregateId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Snapshot(stream, rs.getLong(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw SqlFailures.translate("loading the snapshot of " + stream, e, settings);
        }
    }
}
