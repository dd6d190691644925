package io.pipebench.benchmarks.serialization;

import io.pipebench.benchmarks.faults.JmhSlowdown;
import io.pipebench.benchmarks.serialization.codec.Candidate;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventTypeRegistry;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long one event takes to turn into record bytes ({@code serialize}) and back into the record
 * ({@code deserialize}), per codec and input, in ns per event; run with {@code -prof gc} for the bytes allocated
 * per event ({@code gc.alloc.rate.norm}), which is what the producer's and consumer's young GC will pay.
 * <p>
 * The number includes the codec's own mapping (Avro/Protobuf classes to records and back) and, for the Envelope
 * input, writing and reading the Kafka headers. It would lie if a codec skipped work: the trial set-up round-trips
 * every input and fails unless the decoded value equals the original. It also cannot see what a codec costs in the
 * wider system (schema registries, class loading on first use, payload size on the wire: see encoded-sizes.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class EventCodecBenchmark {

    @Param
    public Candidate codec;

    @Param
    public Input input;

    private EventCodec instance;
    private Object sample;
    private Object encoded;

    @Setup(Level.Trial)
    public void setUp() {
        instance = codec.create(EventTypeRegistry.standard());
        sample = input.sample();
        encoded = RoundTrip.verify(codec, instance, input);
    }

    /*
     * The gate-sensitivity fault hook (-Dpipebench.slowdown=jmh:FACTOR, see JmhSlowdown): off, ACTIVE is a null
     * static final and the JIT removes the branch, so the clean benchmark is the one-line encode. On, it times the
     * encode and spins the rest of FACTOR, its own clock reads and spin overrun taken off (calibrated per fork; before
     * that a "1.25x" measured 1.40x). How it could lie: the calibration is a mean, so the injected factor is only as
     * close as the clock's cost is steady, and an encode preempted by a neighbour earns a proportional extra spin,
     * noisier than a real slowdown; the spin allocates nothing, so B/op does not move (a real slowdown often
     * allocates more) and only the time can reveal it.
     */
    @Benchmark
    public Object serialize() {
        if (JmhSlowdown.ACTIVE == null) {
            return input.encode(instance, sample);
        }
        long start = System.nanoTime();
        Object bytes = input.encode(instance, sample);
        JmhSlowdown.after(System.nanoTime() - start);
        return bytes;
    }

    @Benchmark
    public Object deserialize() {
        return input.decode(instance, encoded);
    }
}
