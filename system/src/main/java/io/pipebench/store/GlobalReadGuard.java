package io.pipebench.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The two ways {@link EventStore#readAll} can stop returning events without an error, made loud. Checked when a page
 * comes back short (the reader is at the tail, where both show), so a full page costs nothing extra.
 * <ul>
 * <li>Transaction ids ahead of the server: a database restored from a dump or copied from another server keeps
 * its rows' xids, which this server has not reached. readAll returns only rows of transactions older than the
 * oldest running one, so those rows (and a cursor saved from the old server) would wait for ever: refused.</li>
 * <li>A long-open transaction: readAll waits behind the oldest open transaction of the whole server. When committed
 * events have waited behind it for longer than {@code warnAfter}, a warning names it (once per stall).</li>
 * </ul>
 */
final class GlobalReadGuard {

    static final Duration DEFAULT_WARN_AFTER = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(GlobalReadGuard.class);

    private final String state;
    private final String holder;
    private final LongSupplier nanoTime;
    private final long warnAfterNanos;
    // The oldest committed row's transaction waiting behind the server's oldest open one, and since when.
    private long waitingXid = -1;
    private long waitingSince;
    private boolean warned;

    GlobalReadGuard(String schema, Duration warnAfter, LongSupplier nanoTime) {
        this.state = "select pg_snapshot_xmin(s)::text, pg_snapshot_xmax(s)::text,"
                + " (select max(e.transaction_id) from " + schema + ".events e)::text,"
                + " (select min(e.transaction_id) from " + schema + ".events e"
                + "   where e.transaction_id >= pg_snapshot_xmin(s))::text"
                + " from pg_current_snapshot() s";
        // backend_xid is the 32-bit xid; xid8 adds the epoch above it. Visible for the role's own sessions only,
        // unless it has pg_read_all_stats.
        this.holder = "select pid, coalesce(application_name, ''), coalesce(state, '?'),"
                + " coalesce(extract(epoch from now() - xact_start)::bigint, -1)"
                + " from pg_stat_activity where backend_xid::text = (cast(? as numeric) % 4294967296)::text";
        this.nanoTime = nanoTime;
        this.warnAfterNanos = warnAfter.toNanos();
    }

    /**
     * @throws EventStoreException when stored transaction ids, or the cursor's, are ahead of the server's
     * @return the warning logged now, if the read has been held back by an open transaction for too long
     */
    Optional<String> check(Connection connection, GlobalCursor after) throws SQLException {
        long xmin;
        long xmax;
        long maxStored;
        long oldestWaiting;
        try (PreparedStatement st = connection.prepareStatement(state); ResultSet rs = st.executeQuery()) {
            rs.next();
            xmin = Long.parseLong(rs.getString(1));
            xmax = Long.parseLong(rs.getString(2));
            maxStored = rs.getString(3) == null ? 0 : Long.parseLong(rs.getString(3));
            oldestWaiting = rs.getString(4) == null ? -1 : Long.parseLong(rs.getString(4));
        }
        if (maxStored >= xmax) {
            throw new EventStoreException("The events table holds transaction ids up to " + maxStored + ", but this "
                    + "PostgreSQL server has only reached " + xmax + ": the database was restored or copied from "
                    + "another server, and readAll would never return those events. Renumber them in one "
                    + "transaction (update <schema>.events set transaction_id = pg_current_xact_id()), then restart "
                    + "every global reader from GlobalCursor.START.");
        }
        if (after.transactionId() >= xmax) {
            throw new EventStoreException("The cursor " + after + " is ahead of this PostgreSQL server's transaction "
                    + "ids (next is " + xmax + "): it was saved against another server (a restored or copied "
                    + "database), and readAll would wait for ever. Restart the reader from GlobalCursor.START.");
        }
        return stalled(connection, xmin, oldestWaiting);
    }

    private synchronized Optional<String> stalled(Connection connection, long xmin, long oldestWaiting)
            throws SQLException {
        long now = nanoTime.getAsLong();
        if (oldestWaiting < 0) {
            waitingXid = -1; // nothing committed is held back
            return Optional.empty();
        }
        if (oldestWaiting != waitingXid) {
            waitingXid = oldestWaiting;
            waitingSince = now;
            warned = false;
            return Optional.empty();
        }
        long waited = now - waitingSince;
        if (warned || waited < warnAfterNanos) {
            return Optional.empty();
        }
        warned = true;
        String warning = "readAll has been held back for " + TimeUnit.NANOSECONDS.toSeconds(waited) + " s: "
                + "committed events wait behind transaction " + xmin + ", the oldest still open on this PostgreSQL "
                + "server, " + describe(connection, xmin) + ". The global read cannot pass an open transaction; "
                + "end it (commit, roll back, or pg_terminate_backend(pid)).";
        log.warn(warning);
        return Optional.of(warning);
    }

    private String describe(Connection connection, long xid) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(holder)) {
            st.setString(1, Long.toString(xid));
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return "whose session this role cannot see (look it up as a superuser: select pid, "
                            + "application_name, state, xact_start from pg_stat_activity where backend_xid is not "
                            + "null order by xact_start)";
                }
                return "held by pid " + rs.getInt(1) + " (application '" + rs.getString(2) + "', " + rs.getString(3)
                        + ", open for " + rs.getLong(4) + " s)";
            }
        }
    }
}
