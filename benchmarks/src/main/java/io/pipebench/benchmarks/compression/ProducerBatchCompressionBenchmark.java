package io.pipebench.benchmarks.compression;

import io.pipebench.benchmarks.serialization.codec.Candidate;
import io.pipebench.events.EventTypeRegistry;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How fast Kafka's producer compresses one realistic 16 KB batch of encoded events ({@code compress}: build the
 * record batch from ready records, as the record accumulator does) and the consumer decompresses it
 * ({@code decompress}: iterate the records, as the fetcher does), per compression type and codec.
 * <p>
 * The score is batches per second; the {@code uncompressedBytes} counter is the same work in bytes per second
 * (divide by 10^6 for MB/s of event data). The ratio is not a timing number: encoded-sizes.md has it, computed
 * on these same batches. {@code none} is the cost of building a batch at all. What would make it lie: a batch
 * unlike production (other topics, more repetitive keys, bigger or smaller batches: linger and load decide the real
 * size), or a codec whose payloads compress differently; compression levels are Kafka's defaults.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProducerBatchCompressionBenchmark {

    /** Codecs that can encode every event of the batch: the system's JSON, and Smile as the binary contrast. */
    @Param({"jacksonStrict", "smile"})
    public String codec;

    @Param({"none", "snappy", "lz4", "zstd", "gzip"})
    public String compression;

    private ProducerBatch batch;
    private Compression kafkaCompression;
    private ByteBuffer buffer;
    private MemoryRecords compressed;
    private final BufferSupplier decompressionBuffers = BufferSupplier.create();

    /** Event bytes processed, reported per second next to the batch rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long uncompressedBytes;

        @Setup(Level.Iteration)
        public void reset() {
            uncompressedBytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        batch = new ProducerBatch(Candidate.valueOf(codec).create(EventTypeRegistry.standard()));
        kafkaCompression = ProducerBatch.compression(compression);
        buffer = ByteBuffer.allocate(batch.uncompressedBytes() + 1024);
        compressed = batch.build(kafkaCompression);
        int read = countRecords(compressed);
        if (read != batch.recordCount()) {
            throw new IllegalStateException(compression + " batch reads back " + read + " records of "
                    + batch.recordCount());
        }
    }

    @Benchmark
    public MemoryRecords compress(Bytes bytes) {
        bytes.uncompressedBytes += batch.uncompressedBytes();
        return batch.build(kafkaCompression, buffer);
    }

    @Benchmark
    public void decompress(Bytes bytes, Blackhole blackhole) {
        bytes.uncompressedBytes += batch.uncompressedBytes();
        for (RecordBatch recordBatch : compressed.batches()) {
            try (CloseableIterator<Record> records = recordBatch.streamingIterator(decompressionBuffers)) {
                while (records.hasNext()) {
                    Record record = records.next();
                    blackhole.consume(record.value());
                    blackhole.consume(record.headers());
                }
            }
        }
    }

    private int countRecords(MemoryRecords records) {
        int n = 0;
        for (RecordBatch recordBatch : records.batches()) {
            try (CloseableIterator<Record> it = recordBatch.streamingIterator(decompressionBuffers)) {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
        }
        return n;
    }
}
