package io.pipebench.benchmarks.consume;

import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventMetadata;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading an event record's headers costs a consumer group, in ns per record: {@code simple} is
 * {@code EventHeaders.readSimple} (each of the eight names looked up on its own, each value through a new UTF-8
 * decoder), {@code onePass} is {@code EventHeaders.read} (one walk over the headers, ASCII values copied as they are).
 * Every group that reads a topic reads each of its records' headers once: two to four groups per event, by topic.
 * <p>
 * How it could lie. Each call reads headers built as the consumer builds them ({@code RecordHeader} over buffers,
 * its key decoded on first use), so the key decoding both pay is in the score, and so is building the headers,
 * which neither saves: compare the difference, not the ratio. The records are 1,024 events of every type from a
 * seeded {@code EventFactory}, half of them caused by the one before, written by {@code EventHeaders.write}: one
 * header per name, no repeats; a record with foreign headers costs {@code simple} more scans. One thread, warm caches,
 * and {@code IsoInstant}'s cached second shared by all the texts (they were stamped within milliseconds).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class HeadersReadBenchmark {

    private static final int RING = 1_024;

    private final byte[][][] keys = new byte[RING][][];
    private final byte[][][] values = new byte[RING][][];
    private int next;

    @Setup
    public void write() {
        EventTypeRegistry registry = EventTypeRegistry.standard();
        EventFactory factory = new EventFactory(registry, 42);
        List<EventType> types = registry.all();
        EventEnvelope previous = null;
        for (int i = 0; i < RING; i++) {
            RecordHeaders headers = new RecordHeaders();
            EventEnvelope env = EventEnvelope.of(factory.create(types.get(i % types.size()).name()), registry);
            if (i % 2 == 1) {
                env = env.causedBy(previous);
            }
            previous = env;
            EventHeaders.write(env, "application/json", headers);
            Header[] array = headers.toArray();
            keys[i] = new byte[array.length][];
            values[i] = new byte[array.length][];
            for (int h = 0; h < array.length; h++) {
                keys[i][h] = array[h].key().getBytes(StandardCharsets.UTF_8);
                values[i][h] = array[h].value();
            }
        }
    }

    /** The next record's headers as a consumer gets them: keys still bytes until first asked for. */
    private RecordHeaders nextHeaders() {
        next = (next + 1) & (RING - 1);
        byte[][] k = keys[next];
        Header[] headers = new Header[k.length];
        for (int h = 0; h < k.length; h++) {
            headers[h] = new RecordHeader(ByteBuffer.wrap(k[h]), ByteBuffer.wrap(values[next][h]));
        }
        return new RecordHeaders(headers);
    }

    @Benchmark
    public EventMetadata simple() {
        return EventHeaders.readSimple(nextHeaders());
    }

    @Benchmark
    public EventMetadata onePass() {
        return EventHeaders.read(nextHeaders());
    }
}
