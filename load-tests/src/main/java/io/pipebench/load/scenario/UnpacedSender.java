package io.pipebench.load.scenario;

import io.pipebench.load.driver.Message;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.RunTag;
import io.pipebench.load.scenario.PublisherFigures.Count;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A driver's publisher driven without Gatling, as ProducerPerformance drives its producer unthrottled: one thread takes
 * the publisher's next message and sends it as soon as fewer than {@code inFlight} sends are unacknowledged (a
 * semaphore of that many permits, each completion giving its permit back), for a warm-up and then a fixed window. Each
 * message carries the harness's run tag, as the send action's do, so the records have the same headers and bytes.
 *
 * <p>An acknowledgement counts when it arrives inside the window (by the clock, read on the completing thread); a
 * failed send (refused at once or completed exceptionally) is counted, and the first one stops the sending: the
 * figure fails closed ({@link Count#failure()}). After the window it waits up to {@code drain} for the sends still in
 * flight; any left then are unfinished, which also fails the figure.
 */
final class UnpacedSender {

    /** How often the sending thread, waiting for a permit, looks at the clock. */
    private static final long POLL_MILLIS = 10;

    private UnpacedSender() {
    }

    record Settings(int inFlight, Duration warmup, Duration window, Duration drain) {
        Settings {
            if (inFlight < 1) {
                throw new IllegalArgumentException("inFlight must be >= 1, was " + inFlight);
            }
            if (warmup.isNegative() || window.isZero() || window.isNegative() || drain.isNegative()) {
                throw new IllegalArgumentException("warm-up and drain must be >= 0 and the window > 0: " + this);
            }
        }
    }

    /** Sends the run's messages on the calling thread for the warm-up and the window, then drains. */
    static <P> Count run(Publisher<P> publisher, String runId, Settings s) throws InterruptedException {
        return run(publisher, runId, s, System::nanoTime);
    }

    /** The same on a given clock (nanoseconds), read by the sending thread and by every completion. */
    static <P> Count run(Publisher<P> publisher, String runId, Settings s, LongSupplier clock)
            throws InterruptedException {
        long runKey = RunTag.key(runId);
        Semaphore permits = new Semaphore(s.inFlight());
        AtomicLong acked = new AtomicLong();
        AtomicLong ackedInWindow = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = clock.getAsLong();
        long windowStart = start + s.warmup().toNanos();
        long windowEnd = windowStart + s.window().toNanos();
        long sent = 0;
        while (failed.get() == 0 && clock.getAsLong() - windowEnd < 0) {
            if (!permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                continue;
            }
            Message<P> m;
            try {
                m = publisher.next();
            } catch (RuntimeException e) {
                permits.release();
                fail(failed, firstFailure, e);
                break;
            }
            CompletableFuture<Void> done;
            try {
                done = publisher.sendAsync(m.key(), m.payload(), Map.of(RunTag.NAME, RunTag.value(runKey, sent)));
            } catch (RuntimeException e) {
                done = CompletableFuture.failedFuture(e); // refused at once: a failed send like any other
            }
            sent++;
            done.whenComplete((result, error) -> {
                if (error == null) {
                    acked.incrementAndGet();
                    long now = clock.getAsLong();
                    if (now - windowStart >= 0 && now - windowEnd < 0) {
                        ackedInWindow.incrementAndGet();
                    }
                } else {
                    fail(failed, firstFailure, error);
                }
                permits.release();
            });
        }
        long unfinished = 0;
        if (!permits.tryAcquire(s.inFlight(), s.drain().toNanos(), TimeUnit.NANOSECONDS)) {
            // Permits not given back: sends not completed when the drain ran out. At least one, even if it completed
            // between the timeout and this read: an overrun drain fails the figure either way.
            unfinished = Math.max(1, s.inFlight() - permits.availablePermits());
        }
        return new Count(sent, ackedInWindow.get(), acked.get(), s.window().toNanos() / 1e9, failed.get(), unfinished,
                firstFailure.get());
    }

    private static void fail(AtomicLong failed, AtomicReference<String> first, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String text = cause.getMessage();
        first.compareAndSet(null, cause.getClass().getName() + (text == null || text.isBlank() ? "" : ": " + text));
        failed.incrementAndGet();
    }
}
