package io.pipebench.benchmarks.store;

import io.pipebench.store.EventStore;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.store.NewEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What every event-store write benchmark stands on: a real PostgreSQL (settings from
 * {@link EventStoreSettings#fromEnvironment()}), a schema of its own per trial (dropped at the end), the table
 * emptied before every iteration so it cannot grow without bound, and a fresh batch of rows before every call.
 * <p>
 * One call writes {@code batchSize} events; run with {@code -opi <batchSize>} so JMH divides by it and the score
 * reads events per second (the trial refuses to start otherwise). After each iteration the table must hold exactly
 * one row per event written, or the iteration fails: no strategy can win by dropping rows.
 */
@State(Scope.Thread)
public abstract class StoreWriteState {

    @Param({"1", "10", "100", "1000"})
    public int batchSize;

    @Param
    public Shape shape;

    protected EventStore store;
    protected SqlWrites writes;
    protected Connection autoCommit;
    protected Connection batch;
    protected Connection rewrittenBatch;
    /** This call's rows, and the same as {@link NewEvent}s for the store's own API. */
    protected List<Row> rows;
    protected List<NewEvent> newEvents;

    private WriteTarget target;
    private RowSource source;
    private long eventsThisIteration;

    /** Which table this benchmark writes to. */
    protected abstract Layout layout();

    @Setup(Level.Trial)
    public void openTrial(BenchmarkParams params) throws SQLException {
        if (params.getOpsPerInvocation() != batchSize) {
            throw new IllegalStateException("batchSize is " + batchSize + " but JMH counts "
                    + params.getOpsPerInvocation() + " operations per call: run with -p batchSize=N -opi N so the"
                    + " score is events/s");
        }
        target = new WriteTarget(layout(),
                "jmh_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        store = target.store;
        writes = target.writes;
        autoCommit = target.autoCommit;
        batch = target.batch;
        rewrittenBatch = target.rewrittenBatch;
        source = new RowSource();
    }

    @Setup(Level.Iteration)
    public void emptyTable() throws SQLException {
        target.truncate();
        eventsThisIteration = 0;
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
        rows = source.next(batchSize, shape);
        newEvents = newEvents(rows);
        eventsThisIteration += batchSize;
    }

    @TearDown(Level.Iteration)
    public void checkEveryEventLanded() throws SQLException {
        long stored = target.rowCount();
        if (stored != eventsThisIteration) {
            throw new IllegalStateException(layout().table() + " holds " + stored + " rows after "
                    + eventsThisIteration + " events were written: the strategy lost or duplicated rows");
        }
    }

    @TearDown(Level.Trial)
    public void closeTrial() throws SQLException {
        target.close();
    }

    static List<NewEvent> newEvents(List<Row> rows) {
        List<NewEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            events.add(new NewEvent(row.eventId(), row.eventType(), 1, row.aggregateType(), row.aggregateId(),
                    row.json(), null, row.occurredOn()));
        }
        return events;
    }
}
