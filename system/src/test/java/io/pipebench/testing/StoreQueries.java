package io.pipebench.testing;

import io.pipebench.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Plain SQL reads of the events table for assertions; independent of the store's own read API. */
public final class StoreQueries {

    public record Row(UUID eventId, String eventType, String aggregateType, String aggregateId, long version,
                      String data, String metadata) {
    }

    private StoreQueries() {
    }

    public static long count(Database db) {
        return query(db, "select count(*) from " + db.settings().schema() + ".events", rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    public static Map<UUID, Row> rows(Database db) {
        return query(db, "select event_id, event_type, aggregate_type, aggregate_id, event_version, data::text, "
                + "metadata::text from " + db.settings().schema() + ".events order by global_position", rs -> {
            Map<UUID, Row> out = new HashMap<>();
            while (rs.next()) {
                Row r = new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getString(7));
                out.put(r.eventId(), r);
            }
            return out;
        });
    }

    /** Event ids of one aggregate in version order. */
    public static List<UUID> stream(Database db, String aggregateType, String aggregateId) {
        String sql = "select event_id from " + db.settings().schema() + ".events where aggregate_type = ? and "
                + "aggregate_id = ? order by event_version";
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, aggregateType);
            ps.setString(2, aggregateId);
            try (ResultSet rs = ps.executeQuery()) {
                List<UUID> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
                return ids;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    public static void dropSchema(Database db) {
        try {
            db.dropSchema();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> T query(Database db, String sql, Reader<T> reader) {
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            return reader.read(rs);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
