package io.pipebench.load.distributed;

import io.pipebench.load.driver.Driver;
import io.pipebench.load.driver.kafka.RunTopic;
import io.pipebench.load.verdict.VerdictTable;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * This JVM's part in a distributed run ({@link InjectorSlice} set). {@link #open} before the measured run registers
 * it and starts the heartbeat; the barrier itself is joined at the last moment, from the Gatling simulation's
 * {@code before} hook ({@link #beforeInjection}), once the simulation, its protocol and the end-to-end tracker are set
 * up: a cold Gatling start took two minutes on a loaded machine, so an injector that joined before it started its
 * window that much after the others (the first local run's {@code injectors.startSkew} of 125 s). Afterwards it posts
 * its run folder and counts to the run topic. Its own verdict is only its part's; the run's verdict is the merge's
 * ({@link RunMerge}), so a part delivered is exit code 0.
 */
public final class InjectorRun implements AutoCloseable {

    /** How long the first injector waits for the last: covers image pulls, JVM starts and injector 0's settle. */
    public static final Duration JOIN_TIMEOUT = Duration.ofMinutes(10);
    /** From the last ready message to the start: time for every injector to read it. */
    public static final Duration LEAD = Duration.ofSeconds(3);

    /** The run waiting for its measured injection to start; at most one per JVM. */
    private static volatile InjectorRun pending;

    private final InjectorSlice slice;
    private final RunTopic topic;
    private final PrintStream out;
    private AutoCloseable heartbeat;
    private volatile boolean finished;
    private volatile RuntimeException failure;
    private boolean closed;

    private InjectorRun(InjectorSlice slice, RunTopic topic, PrintStream out) {
        this.slice = slice;
        this.topic = topic;
        this.out = out;
    }

    /**
     * When this JVM is one injector of several: opens the run topic, starts beating and arms the barrier for the next
     * simulation's start.
     */
    public static Optional<InjectorRun> open(Driver driver, PrintStream out) {
        Optional<InjectorSlice> slice = InjectorSlice.current();
        if (slice.isEmpty()) {
            return Optional.empty();
        }
        InjectorSlice s = slice.get();
        InjectorRun run = new InjectorRun(s, RunTopic.open(driver, s.run()), out);
        run.heartbeat = Barrier.heartbeat(run.topic, s.index(), Barrier.HEARTBEAT);
        // Any way out of the JVM (a failure, System.exit) before finish() tells the others at once.
        Runtime.getRuntime().addShutdownHook(new Thread(run::close, "injector-run-close"));
        pending = run;
        return Optional.of(run);
    }

    /**
     * Called by the simulation before it injects: posts ready, waits for all N and returns at the agreed instant.
     * Nothing to do outside a distributed run (or for its unmeasured settle phase, which runs before {@link #open}).
     */
    public static void beforeInjection() {
        InjectorRun run = pending;
        pending = null;
        if (run == null) {
            return;
        }
        InjectorSlice s = run.slice;
        try {
            run.out.printf("[injector %d/%d] run %s: ready, waiting for the others on %s%n", s.index(), s.count(),
                    s.run(), run.topic.name());
            Instant start = Barrier.join(run.topic, s.index(), s.count(), JOIN_TIMEOUT, LEAD);
            run.out.printf("[injector %d/%d] all %d joined; injecting from %s%n", s.index(), s.count(), s.count(),
                    start);
            Barrier.sleepUntil(start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.failure = new IllegalStateException("interrupted at the barrier", e);
            throw run.failure;
        } catch (RuntimeException e) {
            run.failure = e;
            run.close(e.getMessage()); // tells the others now, naming the injector that never came
            throw e;
        }
    }

    /**
     * Posts this injector's run folder and counts; the part is delivered, whatever its own partial verdict. Exit
     * code 0, or 2 when the barrier failed (the failure is posted, naming the injector that never came).
     */
    public int finish(Path dir, VerdictTable own) {
        if (failure != null) {
            close(failure.getMessage());
            System.err.println("injector " + slice.index() + " of run " + slice.run() + ": " + failure.getMessage());
            return 2;
        }
        Barrier.done(topic, slice.index(), dir, "{\"ownVerdict\":\"" + (own.passed() ? "PASS" : "FAIL") + "\"}");
        finished = true;
        return 0;
    }

    /** Reports a failure unless the part was delivered, and stops beating. */
    @Override
    public void close() {
        close("the injector stopped before delivering its results");
    }

    private synchronized void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (heartbeat != null) {
                heartbeat.close();
            }
        } catch (Exception e) {
            // nothing to undo
        }
        if (!finished) {
            try {
                Barrier.failed(topic, slice.index(), reason);
            } catch (RuntimeException e) {
                // the merge names the injector as silent instead
            }
        }
        topic.close();
    }
}
