package io.pipebench.run;

import io.pipebench.events.DomainEvent;
import io.pipebench.publish.EventPublisher;
import io.pipebench.publish.PublishResult;
import io.pipebench.workload.EventSequence;
import io.pipebench.workload.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Publishes a workload's events at its intended rate on one thread, for {@code pipebench run}. (The load tests drive
 * the same publisher from Gatling instead.) Counts what was sent, acknowledged and failed, and how far behind the
 * intended schedule sending fell.
 */
public final class EventGenerator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventGenerator.class);

    private final Workload workload;
    private final EventPublisher publisher;
    private final EventSequence events;
    private final Duration runFor;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong maxBehindNanos = new AtomicLong();
    /** Intended send time to acknowledgement, in microseconds: a stall of the sender counts, it does not vanish. */
    private final org.HdrHistogram.Recorder intendedToAck = new org.HdrHistogram.Recorder(3);
    private final org.HdrHistogram.Histogram intendedToAckTotal = new org.HdrHistogram.Histogram(3);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long startNanos;
    /** Told of every acknowledged event (the fault runs reconcile by event id); runs on the producer's I/O thread. */
    private volatile Consumer<PublishResult> onAck = r -> {
    };

    /** @param runFor how long to publish (warm-up included), or null to run until closed */
    public EventGenerator(Workload workload, ReferenceSystem system, Duration runFor) {
        this.workload = workload;
        this.publisher = system.publisher();
        this.events = new EventSequence(workload, system.registry(), workload.seed());
        this.runFor = runFor;
        this.thread = new Thread(this::run, "event-generator");
        this.thread.setDaemon(true);
    }

    /** Tells the listener of every acknowledged event; call before {@link #start()}. Keep it short and thread-safe. */
    public EventGenerator onAcknowledged(Consumer<PublishResult> listener) {
        this.onAck = Objects.requireNonNull(listener, "listener");
        return this;
    }

    public EventGenerator start() {
        startNanos = System.nanoTime();
        thread.start();
        return this;
    }

    private void run() {
        long warmupNanos = workload.warmup().toNanos();
        UniformRateLimiter limiter = new UniformRateLimiter(() -> workload.rate().rateAt(
                Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos - warmupNanos))), startNanos);
        long endNanos = runFor == null ? Long.MAX_VALUE : startNanos + runFor.toNanos();
        try {
            while (running) {
                long intended = limiter.acquire();
                if (!running || intended - endNanos >= 0) { // closed while waiting: nothing more is sent
                    break;
                }
                long behind = System.nanoTime() - intended;
                if (behind > maxBehindNanos.get()) {
                    maxBehindNanos.set(behind);
                }
                DomainEvent event = events.next();
                sent.incrementAndGet();
                publisher.publish(event).whenComplete((r, e) -> {
                    if (e == null) {
                        intendedToAck.recordValue(Math.max(1, (System.nanoTime() - intended) / 1_000));
                        onAck.accept(r); // before the count: whoever sees the count finds the event id
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
        } catch (RuntimeException e) {
            log.error("The event generator stopped: {}", e.toString());
        }
    }

    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Everything recorded so far, intended send time to ack, in microseconds. */
    public synchronized org.HdrHistogram.Histogram intendedToAck() {
        intendedToAckTotal.add(intendedToAck.getIntervalHistogram());
        return intendedToAckTotal.copy();
    }

    public Duration maxBehindSchedule() {
        return Duration.ofNanos(maxBehindNanos.get());
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Waits until the generator has published for its whole duration. */
    public void awaitDone() throws InterruptedException {
        thread.join();
    }

    @Override
    public void close() {
        running = false;
        // At a rate below one event per 10 s the thread may be parked longer than the join below waits.
        java.util.concurrent.locks.LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
