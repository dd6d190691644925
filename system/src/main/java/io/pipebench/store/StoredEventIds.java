package io.pipebench.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Which of a set of event ids the event store holds: the load harness's last word on "stored", asked by event id (the
 * store's idempotency key) after a run drains, so a record the audit consumer reported as handled but that never
 * reached a row is counted as not stored.
 */
public final class StoredEventIds {

    private StoredEventIds() {
    }

    public static Set<UUID> present(Database db, Collection<UUID> ids) {
        Set<UUID> out = new HashSet<>();
        if (ids.isEmpty()) {
            return out;
        }
        String sql = "select event_id from " + db.settings().schema() + ".events where event_id = any(?)";
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Array array = c.createArrayOf("uuid", ids.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
            array.free();
        } catch (SQLException e) {
            throw new EventStoreException("Cannot read back event ids from the event store ("
                    + db.settings().schema() + "): " + e.getMessage(), e);
        }
        return out;
    }
}
