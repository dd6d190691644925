package io.pipebench.benchmarks.store;

import io.pipebench.benchmarks.faults.JmhSlowdown;
import io.pipebench.store.AppendResult;
import io.pipebench.store.BatchAppendResult;
import io.pipebench.store.NewEvent;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second into the reference system's table (the {@code lean} layout, made by its migrations) by each way
 * of writing a batch, one writer, per batch size and batch shape. {@code copy} is the ceiling; {@code storeAppendAll}
 * is the system's own batch append (one call of append_batch: per-stream locks, idempotency on event id, versions
 * assigned by the store) and must reach 0.6x of {@code copy} at batch 100 in the same run; {@code storeAppend} is the
 * expected-version append (append_to_stream), one call per aggregate.
 * <p>
 * What would make it lie: an empty table each iteration keeps every index in memory (a table of 100M rows will be
 * slower, most for the random-UUID event-id index); one writer shows per-batch cost, not concurrency (lock waits,
 * WAL contention); fsync on a shared disk varies by the minute. The raw strategies skip what the store guarantees
 * (version check, idempotency), which is the point of the comparison.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class EventStoreWriteBenchmark extends StoreWriteState {

    @Override
    protected Layout layout() {
        return Layout.lean;
    }

    /** The document's repository: one INSERT and one commit per event. */
    @Benchmark
    public void perEventCommit() throws SQLException {
        writes.perEventCommit(autoCommit, rows);
    }

    @Benchmark
    public void jdbcBatch() throws SQLException {
        writes.jdbcBatch(batch, rows);
    }

    @Benchmark
    public void jdbcBatchRewritten() throws SQLException {
        writes.jdbcBatch(rewrittenBatch, rows);
    }

    @Benchmark
    public void multiRowValues() throws SQLException {
        writes.multiRowValues(autoCommit, rows);
    }

    @Benchmark
    public void unnestArrays() throws SQLException {
        writes.unnestArrays(autoCommit, rows);
    }

    @Benchmark
    public void copy() throws SQLException {
        writes.copy(autoCommit, rows);
    }

    /*
     * storeAppendAll honours the gate-sensitivity fault hook (-Dpipebench.slowdown=jmh:FACTOR, see JmhSlowdown): off,
     * the branch is folded away; on, the call is timed and this thread then spins the rest of FACTOR. How it
     * could lie: the time is wall time, mostly PostgreSQL's and the socket's, but the extra is CPU on the benchmark's
     * thread, so a slower database (WAL, locks, fsync) would load the machine differently; an fsync stall earns a
     * proportional extra spin, so the injected factor carries the disk's noise as well.
     */
    /** {@code EventStore.appendAll}: the audit consumer's batch path. */
    @Benchmark
    public BatchAppendResult storeAppendAll() {
        BatchAppendResult result;
        if (JmhSlowdown.ACTIVE == null) {
            result = store.appendAll(newEvents);
        } else {
            long start = System.nanoTime();
            result = store.appendAll(newEvents);
            JmhSlowdown.after(System.nanoTime() - start);
        }
        if (result.appended() != batchSize) {
            throw new IllegalStateException("appendAll stored " + result.appended() + " of " + batchSize);
        }
        return result;
    }

    /**
     * {@code EventStore.append} with expected version 0 (new streams): one call for the whole batch when it is one
     * aggregate's, one call (and one transaction) per aggregate otherwise, which is how that API is used.
     */
    @Benchmark
    public AppendResult storeAppend() {
        if (shape == Shape.oneAggregate) {
            return store.append("Order", rows.get(0).aggregateId(), 0, newEvents);
        }
        AppendResult last = null;
        for (NewEvent event : newEvents) {
            last = store.append(event.aggregateType(), event.aggregateId(), 0, List.of(event));
        }
        return last;
    }
}
