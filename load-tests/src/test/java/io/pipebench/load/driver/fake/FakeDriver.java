package io.pipebench.load.driver.fake;

import io.pipebench.load.driver.ConsumerCallback;
import io.pipebench.load.driver.Driver;
import io.pipebench.load.driver.FaultControls;
import io.pipebench.load.driver.Message;
import io.pipebench.load.driver.PipelineProbe;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.load.driver.ReadBack;
import io.pipebench.load.driver.RunTag;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A system under test in memory, for tests of the harness without a broker: a message is acknowledged {@code ackMillis}
 * after it is sent and read back at once, except the faults asked for. Faults: the injector stalls once (the
 * message source blocks every sending thread, as a GC pause of the injector would) before the n-th message; every n-th
 * message is lost (never read back) or duplicated (read twice). With a capacity, it acknowledges at most that many
 * messages a second, in the order sent, as a saturated broker does: above it the acknowledged rate stays at the
 * capacity and the queue (and the latency) grows.
 */
public final class FakeDriver implements Driver {

    /** What goes wrong, on purpose; 0 turns a fault off. */
    public record Faults(long stallBeforeMessage, Duration stall, long loseEvery, long duplicateEvery) {
        public static final Faults NONE = new Faults(0, Duration.ZERO, 0, 0);
    }

    private final long ackMillis;
    private final Faults faults;
    private final double capacity;
    /** With a capacity: when the one acknowledging server is free again, nanoTime. */
    private final AtomicLong freeAt = new AtomicLong(Long.MIN_VALUE);
    private final ScheduledExecutorService acks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-broker");
        t.setDaemon(true);
        return t;
    });
    private final Set<Long> lost = ConcurrentHashMap.newKeySet();
    private final Set<Long> duplicated = ConcurrentHashMap.newKeySet();
    private volatile Reader reader;

    public FakeDriver(long ackMillis, Faults faults) {
        this(ackMillis, faults, 0);
    }

    /** @param capacity messages acknowledged per second at most; 0 for no limit */
    public FakeDriver(long ackMillis, Faults faults, double capacity) {
        this.ackMillis = ackMillis;
        this.faults = faults;
        this.capacity = capacity;
    }

    /** Sequence numbers never read back, and read twice, so far. */
    public Set<Long> lost() {
        return Set.copyOf(lost);
    }

    public Set<Long> duplicated() {
        return Set.copyOf(duplicated);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String describe() {
        return "an in-memory fake, acknowledging after " + ackMillis + " ms"
                + (capacity > 0 ? ", at most " + (long) capacity + " messages/s" : "");
    }

    @Override
    public Map<String, String> versions() {
        return Map.of();
    }

    @Override
    public Publisher<?> publisher(PublisherSpec spec) {
        return new FakePublisher(RunTag.key(spec.runId()));
    }

    @Override
    public Optional<ReadBack> readBack(String runId, ConsumerCallback callback) {
        Reader r = new Reader(RunTag.key(runId), callback);
        reader = r;
        return Optional.of(r);
    }

    /** No consumers, but its (absent) dead letters, sent or dropped, and failures are known to be none. */
    @Override
    public PipelineProbe pipeline() {
        return new PipelineProbe() {
            @Override
            public OptionalLong processingFailures() {
                return OptionalLong.of(0);
            }

            @Override
            public OptionalLong deadLetters() {
                return OptionalLong.of(0);
            }

            @Override
            public OptionalLong droppedDeadLetters() {
                return OptionalLong.of(0);
            }

            @Override
            public String limits() {
                return "";
            }
        };
    }

    @Override
    public Optional<FaultControls> faults() {
        return Optional.empty();
    }

    @Override
    public void close() {
        acks.shutdownNow();
    }

    private final class FakePublisher implements Publisher<String> {
        private final long runKey;
        private final AtomicLong taken = new AtomicLong();

        FakePublisher(long runKey) {
            this.runKey = runKey;
        }

        // One lock for every sending thread, so a stall stops the whole injector, as a GC pause would.
        @Override
        public synchronized Message<String> next() {
            long n = taken.getAndIncrement();
            if (faults.stallBeforeMessage() > 0 && n == faults.stallBeforeMessage()) {
                try {
                    Thread.sleep(faults.stall().toMillis()); // the stall under test, not a synchronisation: nothing is sent meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Message<>("fake-topic", Long.toString(n % 100), "payload " + n);
        }

        @Override
        public CompletableFuture<Void> sendAsync(String key, String payload, Map<String, byte[]> headers) {
            long sequence = RunTag.sequence(headers.get(RunTag.NAME), runKey).orElseThrow();
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.schedule(() -> {
                written(sequence); // in the log before it is acknowledged, as a broker does
                ack.complete(null);
            }, TimeUnit.MILLISECONDS.toNanos(ackMillis) + queued(), TimeUnit.NANOSECONDS);
            return ack;
        }

        /** With a capacity, how long this message waits for the ones before it: each takes 1/capacity s. */
        private long queued() {
            if (capacity <= 0) {
                return 0;
            }
            long now = System.nanoTime();
            long service = (long) (1e9 / capacity);
            return freeAt.updateAndGet(free -> (free == Long.MIN_VALUE || free - now < 0 ? now : free) + service)
                    - now;
        }

        private void written(long sequence) {
            Reader r = reader;
            if (r == null || r.runKey != runKey) {
                return;
            }
            if (faults.loseEvery() > 0 && sequence % faults.loseEvery() == faults.loseEvery() - 1) {
                lost.add(sequence);
                return;
            }
            r.callback.read(sequence, System.nanoTime());
            if (faults.duplicateEvery() > 0 && sequence % faults.duplicateEvery() == faults.duplicateEvery() - 1) {
                duplicated.add(sequence);
                r.callback.read(sequence, System.nanoTime());
            }
        }

        @Override
        public void close() {
        }
    }

    /** Reads in memory as messages are written: always caught up. */
    private record Reader(long runKey, ConsumerCallback callback) implements ReadBack {
        @Override
        public boolean awaitCaughtUp(Duration timeout) {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
