package io.pipebench.load.measure;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Fires a run's timed actions (broker stop, restart) on their own thread, so a slow one does not hold up sampling;
 * prints each as it starts and ends, and hands the monitor the descriptions of those done since its last second.
 */
final class ActionRunner implements AutoCloseable {

    private static final long NANOS = 1_000_000_000L;

    private final String label;
    private final PrintStream progress;
    private final BooleanSupplier stopping;
    private final Consumer<String> events;
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final ExecutorService runner;

    /**
     * @param stopping whether the run is being stopped (an action due after that is skipped)
     * @param events   receives the line of each action done or failed, for the run's events list
     */
    ActionRunner(String label, PrintStream progress, BooleanSupplier stopping, Consumer<String> events) {
        this.label = label;
        this.progress = progress;
        this.stopping = stopping;
        this.events = events;
        this.runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "run-actions-" + label);
            t.setDaemon(true);
            return t;
        });
    }

    /** Schedules each action at its second after the measured window opens ({@code measureStartNanos}). */
    void schedule(List<TimedAction> actions, long measureStartNanos) {
        for (TimedAction a : actions) {
            long at = measureStartNanos + (long) (a.atMeasuredSecond() * NANOS);
            runner.submit(() -> fire(a, at));
        }
    }

    private void fire(TimedAction a, long at) {
        long wait = at - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        if (stopping.getAsBoolean()) {
            return;
        }
        String started = String.format(Locale.ROOT, "t=%+.0fs %s", a.atMeasuredSecond(), a.description());
        progress.println("[" + label + "] " + started + " ...");
        long t0 = System.nanoTime();
        try {
            a.action().run();
            String done = started + " (took " + (System.nanoTime() - t0) / 1_000_000 + " ms)";
            pending.add(a.description());
            events.accept(done);
            progress.println("[" + label + "] " + done);
        } catch (RuntimeException e) {
            events.accept(started + " FAILED: " + e);
            progress.println("[" + label + "] " + started + " FAILED: " + e);
        }
    }

    /** The actions done since the last call, joined with "; ", or null when none was. */
    String takeDone() {
        List<String> out = new ArrayList<>();
        for (String s; (s = pending.poll()) != null; ) {
            out.add(s);
        }
        return out.isEmpty() ? null : String.join("; ", out);
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
