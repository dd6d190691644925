package io.pipebench.benchmarks.consume;

import io.pipebench.events.IsoInstant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
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
 * What reading an event's occurred-on header costs a consumer group, in ns per event: {@code jdk} is
 * {@code Instant.parse}, which {@code EventHeaders.read} called once per event in each of the four groups until a
 * max-rate run's JFR allocation profile ranked it first among the pipeline JVM's allocation sites
 * (results/capacity/README.md); {@code isoInstant} is {@code IsoInstant.parse}, which replaced it (the same instant for
 * every text: {@code IsoInstantTest}). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes per event the
 * young GC then collects, for all the threads of a JVM that also hosts the brokers.
 * <p>
 * How it could lie. The texts are 4,096 clock readings at microsecond precision taken at set-up within a few
 * milliseconds, so they share one second, as the events a group reads in one poll mostly do; a run crosses a second
 * once a second, and the four groups' threads share IsoInstant's one cached second (a group reading another second
 * replaces it), where it misses and costs what {@code jdk} costs. One thread, warm caches, no brokers beside it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class OccurredOnReadBenchmark {

    private static final int RING = 4_096;

    private final String[] texts = new String[RING];
    private int next;

    @Setup
    public void stamp() {
        for (int i = 0; i < RING; i++) {
            texts[i] = IsoInstant.format(Instant.now().truncatedTo(ChronoUnit.MICROS));
        }
    }

    private String nextText() {
        next = (next + 1) & (RING - 1);
        return texts[next];
    }

    @Benchmark
    public Instant jdk() {
        return Instant.parse(nextText());
    }

    @Benchmark
    public Instant isoInstant() {
        return IsoInstant.parse(nextText());
    }
}
