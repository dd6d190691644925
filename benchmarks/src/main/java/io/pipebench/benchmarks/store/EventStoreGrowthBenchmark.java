package io.pipebench.benchmarks.store;

import io.pipebench.store.AppendResult;
import io.pipebench.store.BatchAppendResult;
import io.pipebench.store.NewEvent;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Does the event store slow down as it grows? The writes of {@link EventStoreWriteBenchmark} (one writer, new
 * aggregates, real Order payloads) into the reference system's table when empty and when it already holds 1 million
 * and 10 million realistic events ({@link Prefill}): {@code append}, the single-stream append (append_to_stream, one
 * event, expected version 0), as time per call; {@code appendAll} (append_batch) and {@code copy} at batch 100, one
 * event per aggregate, as events/s. Read ratios within one run: append at 10M over append at 0 (target: at most
 * 1.5x), appendAll over copy at each size (target: at least 0.85x).
 * <p>
 * What would make it lie: this machine's RAM holds the whole 10M table and its indexes in the OS page cache after the
 * prefill, so a miss in PostgreSQL's 128 MB of shared buffers is a copy from the kernel, not a disk read; a store
 * larger than RAM pays real I/O on the random-UUID indexes (event id, stream key) and grows faster than shown. At 0
 * the table is emptied every iteration (as in EventStoreWriteBenchmark); a prefilled table keeps a trial's own rows
 * (a few hundred thousand at most) until the trial ends, then they are deleted and vacuumed. The prefill was
 * vacuumed and analyzed just before, where production has autovacuum's lag. Benchmarks run in name order, so copy
 * finds caches the appends warmed.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
public class EventStoreGrowthBenchmark {

    private static final int BATCH = 100;

    /** Events in the table before the trial writes any. */
    @Param({"0", "1000000", "10000000"})
    public long prefill;

    private WriteTarget target;
    /** The global position of the last prefilled event: everything above it is this trial's. */
    private long highWater;
    private RowSource source;
    private int eventsPerCall;
    private long writtenSinceEmpty;
    private List<Row> rows;
    private List<NewEvent> newEvents;

    @Setup(Level.Trial)
    public void openTrial(BenchmarkParams params) throws SQLException {
        if (prefill == 0) {
            target = new WriteTarget(Layout.lean,
                    "jmh_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
            highWater = 0;
        } else {
            Prefill.Kept kept = Prefill.open(prefill);
            target = kept.target();
            highWater = kept.highWater();
        }
        eventsPerCall = params.getBenchmark().endsWith(".append") ? 1 : BATCH;
        if (params.getOpsPerInvocation() != eventsPerCall) {
            throw new IllegalStateException(params.getBenchmark() + " counts " + params.getOpsPerInvocation()
                    + " operations per call but writes " + eventsPerCall + " events");
        }
        source = new RowSource(System.nanoTime());
        writtenSinceEmpty = 0;
    }

    @Setup(Level.Iteration)
    public void emptyTheEmptyTable() throws SQLException {
        if (prefill == 0) {
            target.truncate();
            writtenSinceEmpty = 0;
        }
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
        rows = source.next(eventsPerCall, Shape.eventPerAggregate);
        newEvents = StoreWriteState.newEvents(rows);
        writtenSinceEmpty += eventsPerCall;
    }

    /** No write can win by dropping rows: everything above the high water must be what this trial wrote. */
    @TearDown(Level.Iteration)
    public void checkEveryEventLanded() throws SQLException {
        long stored = Prefill.rowsAbove(target, highWater);
        if (stored != writtenSinceEmpty) {
            throw new IllegalStateException("events holds " + stored + " rows above the prefill after "
                    + writtenSinceEmpty + " events were written: the write lost or duplicated rows");
        }
    }

    @TearDown(Level.Trial)
    public void closeTrial() throws SQLException {
        if (prefill == 0) {
            target.close();
            return;
        }
        try {
            Prefill.discardAbove(target, highWater);
        } finally {
            target.disconnect();
        }
    }

    /** {@code EventStore.append}: one event to a new stream, one call and one transaction; time per call. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public AppendResult append() {
        NewEvent event = newEvents.get(0);
        return target.store.append(event.aggregateType(), event.aggregateId(), 0, newEvents);
    }

    /** {@code EventStore.appendAll} of 100 events of 100 aggregates: the audit consumer's path; events/s. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public BatchAppendResult appendAll() {
        BatchAppendResult result = target.store.appendAll(newEvents);
        if (result.appended() != BATCH) {
            throw new IllegalStateException("appendAll stored " + result.appended() + " of " + BATCH);
        }
        return result;
    }

    /** COPY of the same 100 rows: the ceiling appendAll is held against; events/s. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void copy() throws SQLException {
        target.writes.copy(target.autoCommit, rows);
    }
}
