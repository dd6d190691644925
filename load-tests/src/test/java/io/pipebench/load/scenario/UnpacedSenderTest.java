package io.pipebench.load.scenario;

import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.driver.Message;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.load.driver.RunTag;
import io.pipebench.load.driver.fake.FakeDriver;
import io.pipebench.load.scenario.PublisherFigures.Count;
import io.pipebench.load.scenario.PublisherFigures.Pair;
import io.pipebench.workload.WorkloadLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The closed-loop sender of the injector ratio's "publisher alone": on the in-memory {@link FakeDriver} of
 * {@code HarnessWithoutBrokerTest}, and on a publisher whose acknowledgements the test gives by hand under a clock it
 * moves (so what counts in the window is exact). No sleeps: the test waits for sends it expects, by taking them.
 */
class UnpacedSenderTest {

    private static final String RUN = "unpaced-sender-test";
    private final ExecutorService sender = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        sender.shutdownNow();
    }

    /**
     * Each fake send takes 20 ms to be acknowledged: with 16 in flight at most, no more than 16 / 20 ms = 800
     * records/s can be acknowledged, and every one the sender counts was acknowledged by the driver.
     */
    @Test
    void keepsAtMostNInFlightOnTheFakeDriverAndCountsItsAcknowledgements() throws Exception {
        int n = 16;
        Duration window = Duration.ofMillis(600);
        try (FakeDriver fake = new FakeDriver(20, FakeDriver.Faults.NONE)) {
            Probe<?> probe = probe(fake.publisher(spec()), i -> null);
            Count c = UnpacedSender.run(probe, RUN, new UnpacedSender.Settings(n, Duration.ofMillis(100), window,
                    Duration.ofSeconds(10)));

            assertThat(probe.maxInFlight.get()).as("sends in flight at once").isBetween(1, n);
            assertThat(c.failed()).as("the fake checks each record's run tag: none refused").isZero();
            assertThat(c.unfinished()).isZero();
            assertThat(c.acked()).as("every send drained").isEqualTo(c.sent()).isEqualTo(probe.acked.get());
            assertThat(c.ackedInWindow()).isPositive().isLessThanOrEqualTo(c.acked())
                    .isLessThanOrEqualTo(n * (window.toMillis() / 20 + 1));
            assertThat(c.windowSeconds()).isEqualTo(0.6);
            assertThat(c.failure()).isEmpty();
            assertThat(c.rate()).isEqualTo(c.ackedInWindow() / 0.6);
        }
    }

    /**
     * By hand: 4 sends go out and no fifth until one is acknowledged; only acknowledgements inside the window count
     * (one in the warm-up and those after the window do not).
     */
    @Test
    void sendsOnlyWhenAPermitIsBackAndCountsOnlyAcknowledgementsInTheWindow() throws Exception {
        Manual manual = new Manual();
        AtomicLong clock = new AtomicLong();
        Future<Count> run = sender.submit(() -> UnpacedSender.run(manual, RUN, new UnpacedSender.Settings(4,
                Duration.ofNanos(100), Duration.ofNanos(1_000), Duration.ofSeconds(10)), clock::get));

        CompletableFuture<Void> a = manual.take();
        manual.take();
        manual.take();
        manual.take();
        clock.set(50); // warm-up
        manual.ack(a);
        CompletableFuture<Void> fifth = manual.take();
        assertThat(manual.sent.get()).isEqualTo(5);
        assertThat(manual.maxInFlight.get()).isEqualTo(4);

        clock.set(500); // in the window
        manual.ack(fifth);
        for (int i = 0; i < 2; i++) {
            manual.ack(manual.take());
        }
        manual.take(); // the eighth, left in flight past the window
        clock.set(2_000); // after it: the sender stops and drains; these acknowledgements do not count
        while (!run.isDone()) {
            manual.ackLeft();
            CompletableFuture<Void> f = manual.sends.poll(10, TimeUnit.MILLISECONDS);
            if (f != null) {
                manual.ack(f);
            }
        }
        Count c = run.get();

        assertThat(manual.maxInFlight.get()).as("never more than 4 in flight").isEqualTo(4);
        assertThat(c.ackedInWindow()).isEqualTo(3);
        assertThat(c.acked()).isEqualTo(c.sent()).isEqualTo(manual.sent.get());
        assertThat(c.failed()).isZero();
        assertThat(c.unfinished()).isZero();
        assertThat(c.windowSeconds()).isEqualTo(1e-6);
    }

    /** The fifth send fails: the sender stops there, counts it, and the figure fails closed at 0. */
    @Test
    void aFailingPublisherFailsTheFigureClosed() throws Exception {
        try (FakeDriver fake = new FakeDriver(1, FakeDriver.Faults.NONE)) {
            Probe<?> probe = probe(fake.publisher(spec()), i -> i == 5
                    ? CompletableFuture.failedFuture(new IllegalStateException("broker said no")) : null);
            Count c = UnpacedSender.run(probe, RUN, new UnpacedSender.Settings(8, Duration.ZERO,
                    Duration.ofSeconds(60), Duration.ofSeconds(10)));

            assertThat(c.failed()).isEqualTo(1);
            assertThat(c.sent()).as("nothing sent after the failure").isEqualTo(5);
            assertThat(c.firstFailure()).isEqualTo("java.lang.IllegalStateException: broker said no");
            assertThat(c.failure()).contains("1 send(s) failed, the first: java.lang.IllegalStateException: "
                    + "broker said no");
            assertThat(c.rate()).isZero();
            assertThat(new Pair(1, false, 50_000, c).ratio()).isZero();
        }
    }

    @Test
    void aSendRefusedAtOnceOrNoMessageToSendFailsClosedToo() throws Exception {
        try (FakeDriver fake = new FakeDriver(1, FakeDriver.Faults.NONE)) {
            Probe<?> refusing = probe(fake.publisher(spec()), i -> {
                throw new IllegalArgumentException("record too large");
            });
            Count refused = UnpacedSender.run(refusing, RUN, new UnpacedSender.Settings(8, Duration.ZERO,
                    Duration.ofSeconds(60), Duration.ofSeconds(10)));
            assertThat(refused.failed()).isEqualTo(1);
            assertThat(refused.firstFailure()).isEqualTo("java.lang.IllegalArgumentException: record too large");
            assertThat(refused.rate()).isZero();
        }
        Manual empty = new Manual() {
            @Override
            public Message<String> next() {
                throw new IllegalStateException("no more events");
            }
        };
        Count none = UnpacedSender.run(empty, RUN, new UnpacedSender.Settings(8, Duration.ZERO,
                Duration.ofSeconds(60), Duration.ofSeconds(10)));
        assertThat(none.sent()).isZero();
        assertThat(none.failure()).contains("1 send(s) failed, the first: java.lang.IllegalStateException: "
                + "no more events");
    }

    /** Sends never completed within the drain fail the figure: 3 left, none counted. */
    @Test
    void sendsLeftUnfinishedAfterTheDrainFailTheFigure() throws Exception {
        Manual manual = new Manual();
        AtomicLong clock = new AtomicLong();
        Future<Count> run = sender.submit(() -> UnpacedSender.run(manual, RUN, new UnpacedSender.Settings(3,
                Duration.ZERO, Duration.ofNanos(1_000), Duration.ofMillis(50)), clock::get));
        clock.set(500);
        manual.ack(manual.take());
        manual.take();
        manual.take();
        manual.take();
        clock.set(2_000);
        Count c = run.get(30, TimeUnit.SECONDS);

        assertThat(c.ackedInWindow()).isEqualTo(1);
        assertThat(c.unfinished()).isEqualTo(3);
        assertThat(c.failure()).contains("3 send(s) neither acknowledged nor failed after the drain");
        assertThat(c.rate()).isZero();
        manual.ackLeft();
    }

    private static PublisherSpec spec() {
        return new PublisherSpec(RUN, new WorkloadLoader(EventTypeRegistry.standard()).load("smoke"),
                Duration.ofMillis(500));
    }

    private static <P> Probe<P> probe(Publisher<P> delegate, IntFunction<CompletableFuture<Void>> override) {
        return new Probe<>(delegate, override);
    }

    /**
     * Wraps a publisher: counts sends in flight (down before the sender hears of the completion) and acknowledgements;
     * for the n-th send (from 1), {@code override} may return a result of its own or throw instead of sending.
     */
    private static final class Probe<P> implements Publisher<P> {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicLong acked = new AtomicLong();
        private final AtomicInteger sends = new AtomicInteger();
        private final Publisher<P> delegate;
        private final IntFunction<CompletableFuture<Void>> override;

        Probe(Publisher<P> delegate, IntFunction<CompletableFuture<Void>> override) {
            this.delegate = delegate;
            this.override = override;
        }

        @Override
        public Message<P> next() {
            return delegate.next();
        }

        @Override
        public CompletableFuture<Void> sendAsync(String key, P payload, Map<String, byte[]> headers) {
            CompletableFuture<Void> own = override.apply(sends.incrementAndGet());
            if (own != null) {
                return own;
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return delegate.sendAsync(key, payload, headers).whenComplete((r, e) -> {
                inFlight.decrementAndGet();
                if (e == null) {
                    acked.incrementAndGet();
                }
            });
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** A publisher whose sends the test takes and acknowledges by hand; each must carry the run's tag in order. */
    private static class Manual implements Publisher<String> {
        final BlockingQueue<CompletableFuture<Void>> sends = new LinkedBlockingQueue<>();
        final BlockingQueue<CompletableFuture<Void>> taken = new LinkedBlockingQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicLong sent = new AtomicLong();

        @Override
        public Message<String> next() {
            return new Message<>("manual", "k", "p");
        }

        @Override
        public CompletableFuture<Void> sendAsync(String key, String payload, Map<String, byte[]> headers) {
            assertThat(RunTag.sequence(headers.get(RunTag.NAME), RunTag.key(RUN))).hasValue(sent.getAndIncrement());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<Void> f = new CompletableFuture<>();
            sends.add(f);
            return f;
        }

        /** The next send, waiting for it (a missing send fails the test rather than hanging it). */
        CompletableFuture<Void> take() throws InterruptedException {
            CompletableFuture<Void> f = sends.poll(30, TimeUnit.SECONDS);
            assertThat(f).as("the sender's next send").isNotNull();
            taken.add(f);
            return f;
        }

        void ack(CompletableFuture<Void> f) {
            inFlight.decrementAndGet();
            taken.remove(f);
            f.complete(null);
        }

        /** Acknowledges every send taken and not yet completed, and every one not yet taken. */
        void ackLeft() {
            sends.drainTo(taken);
            for (CompletableFuture<Void> f : taken.toArray(CompletableFuture[]::new)) {
                if (!f.isDone()) {
                    ack(f);
                }
            }
        }

        @Override
        public void close() {
        }
    }
}
