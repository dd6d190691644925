package io.pipebench.benchmarks.store;

import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What handing a batch's 100 JSON payloads to PostgreSQL costs, in µs per batch, by how the array parameter is typed:
 * {@code jsonb} is pgjdbc's {@code jsonb[]}, sent as an array literal (every character scanned, every quote escaped
 * on the client and unescaped by the server's array parser), {@code text} is a {@code text[]} that pgjdbc sends in
 * binary, each element length-prefixed, cast to {@code jsonb[]} by the statement (what {@code EventStore} does since
 * its audit thread spent 23% in {@code createArrayOf} at 5,000 events/s). {@code bind} is {@code createArrayOf}
 * alone: for {@code text} that includes encoding to UTF-8, for {@code jsonb} it does not (the literal is encoded when
 * it is sent), so {@code bind} leaves part of the literal's cost out. {@code parse} adds sending it and the round trip
 * in which the server turns the parameter into {@code jsonb[]} and counts it, no table touched.
 * <p>
 * How it could lie. {@code parse} is wall time of a loopback round trip on a shared 2-core machine: the client's and
 * the server's CPU in sequence plus the socket's latency, which both pay alike; compare the two types within one run.
 * The payloads are 800 of the store benchmarks' real Order events (RowSource, 8 batches of 100), with the names
 * and characters the pipeline's events carry; the audit group stores every context's events, and binds two JSON
 * arrays per batch (data and metadata), of which this times one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class JsonArrayBindBenchmark {

    private static final int BATCH = 100;

    @Param({"jsonb", "text"})
    public String elementType;

    private Database database;
    private Connection connection;
    private PreparedStatement parse;
    private final String[][] batches = new String[8][];
    private int next;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        RowSource source = new RowSource();
        for (int b = 0; b < batches.length; b++) {
            List<Row> rows = source.next(BATCH, Shape.eventPerAggregate);
            batches[b] = rows.stream().map(Row::json).toArray(String[]::new);
        }
        database = Database.open(EventStoreSettings.fromEnvironment().withPoolSize(1));
        connection = database.dataSource().getConnection();
        parse = connection.prepareStatement("select cardinality(?::jsonb[])");
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        parse.close();
        connection.close();
        database.close();
    }

    private String[] nextBatch() {
        next = (next + 1) & (batches.length - 1);
        return batches[next];
    }

    @Benchmark
    public Array bind() throws SQLException {
        return connection.createArrayOf(elementType, nextBatch());
    }

    @Benchmark
    public int parse() throws SQLException {
        parse.setArray(1, connection.createArrayOf(elementType, nextBatch()));
        try (ResultSet rs = parse.executeQuery()) {
            rs.next();
            int n = rs.getInt(1);
            if (n != BATCH) {
                throw new IllegalStateException("the server counted " + n + " of " + BATCH + " payloads");
            }
            return n;
        }
    }
}
