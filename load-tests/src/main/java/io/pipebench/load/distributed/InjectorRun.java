package io.pipebench.load.distributed;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.load.verdict.VerdictTable;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * This JVM's part in a distributed run ({@link InjectorSlice} set): joins the barrier before the measured run, beats
 * while it runs, and afterwards posts its run folder and counts to the run topic. Its own verdict is only its part's;
 * the run's verdict is the merge's ({@link RunMerge}), so a part delivered is exit code 0.
 */
public final class InjectorRun implements AutoCloseable {

    /** How long the first injector waits for the last: covers image pulls, JVM starts and injector 0's settle. */
    public static final Duration JOIN_TIMEOUT = Duration.ofMinutes(10);
    /** From the last ready message to the start: time for every injector to read it. */
    public static final Duration LEAD = Duration.ofSeconds(5);

    private final InjectorSlice slice;
    private final RunTopic topic;
    private AutoCloseable heartbeat;
    private volatile boolean finished;
    private boolean closed;

    private InjectorRun(InjectorSlice slice, RunTopic topic) {
        this.slice = slice;
        this.topic = topic;
    }

    /** When this JVM is one injector of several: joins the run and returns at its agreed start instant. */
    public static Optional<InjectorRun> join(KafkaCluster cluster, PrintStream out) throws InterruptedException {
        Optional<InjectorSlice> slice = InjectorSlice.current();
        if (slice.isEmpty()) {
            return Optional.empty();
        }
        InjectorSlice s = slice.get();
        InjectorRun run = new InjectorRun(s, RunTopic.open(cluster.connectionProperties(), s.run()));
        try {
            out.printf("[injector %d/%d] run %s: ready, waiting for the others on %s%n", s.index(), s.count(), s.run(),
                    run.topic.name());
            run.heartbeat = Barrier.heartbeat(run.topic, s.index(), Barrier.HEARTBEAT);
            // Any way out of the JVM (a failure, System.exit) before finish() tells the others at once.
            Runtime.getRuntime().addShutdownHook(new Thread(run::close, "injector-run-close"));
            Instant start = Barrier.join(run.topic, s.index(), s.count(), JOIN_TIMEOUT, LEAD);
            out.printf("[injector %d/%d] all %d joined; starting at %s%n", s.index(), s.count(), s.count(), start);
            Barrier.sleepUntil(start);
            return Optional.of(run);
        } catch (Barrier.InjectorFailure e) {
            run.close(e.getMessage()); // names the injector that never came, not just this one
            throw e;
        } catch (RuntimeException | InterruptedException e) {
            run.close();
            throw e;
        }
    }

    /** Posts this injector's run folder and counts; the part is delivered, whatever its own partial verdict. */
    public int finish(Path dir, VerdictTable own) {
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
