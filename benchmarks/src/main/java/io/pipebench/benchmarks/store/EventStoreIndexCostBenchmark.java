package io.pipebench.benchmarks.store;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the indexes cost a writer: events per second into the design document's {@code event_store} (primary key,
 * unique event id, five secondary indexes) against the reference system's table (primary key, unique event id,
 * unique stream version, two read indexes), with the same rows and the same ways of writing: the document's
 * per-event commit, a rewritten JDBC batch, unnest arrays, and COPY.
 * <p>
 * What would make it lie: as in {@link EventStoreWriteBenchmark}, an emptied table keeps all indexes cached, so the
 * gap measured here is the CPU and WAL cost of the extra index entries, not the I/O a large table adds; the lean
 * table also has wider rows (schema version, metadata, transaction id).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class EventStoreIndexCostBenchmark extends StoreWriteState {

    @Param
    public Layout layout;

    @Override
    protected Layout layout() {
        return layout;
    }

    @Benchmark
    public void perEventCommit() throws SQLException {
        writes.perEventCommit(autoCommit, rows);
    }

    @Benchmark
    public void jdbcBatchRewritten() throws SQLException {
        writes.jdbcBatch(rewrittenBatch, rows);
    }

    @Benchmark
    public void unnestArrays() throws SQLException {
        writes.unnestArrays(autoCommit, rows);
    }

    @Benchmark
    public void copy() throws SQLException {
        writes.copy(autoCommit, rows);
    }
}
