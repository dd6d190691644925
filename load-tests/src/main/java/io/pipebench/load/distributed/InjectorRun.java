package io.pipebench.load.distributed;

import io.pipebench.load.driver.Driver;
import io.pipebench.load.driver.PipelineProbe;
import io.pipebench.load.driver.RunChannel;
import io.pipebench.load.measure.DeliveryLedger;
import io.pipebench.load.measure.GroupLagView;
import io.pipebench.load.measure.PipelineLedger;
import io.pipebench.load.verdict.VerdictTable;
import io.pipebench.load.verdict.Verdicts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * This JVM's part in a distributed run ({@link InjectorSlice} set). {@link #open} before the measured run registers
 * it and starts the heartbeat; the barrier itself is joined at the last moment, from the Gatling simulation's
 * {@code before} hook ({@link #beforeInjection}), once the simulation, its protocol and the end-to-end tracker are set
 * up: a cold Gatling start took two minutes on a loaded machine, so an injector that joined before it started its
 * window that much after the others (the first local run's {@code injectors.startSkew} of 125 s). Afterwards it posts
 * its run folder and counts to the run topic. Its own verdict is only its part's; the run's verdict is the merge's
 * ({@link RunMerge}), so a part delivered is exit code 0.
 *
 * <p>The injector that hosts the consumer groups (locally, injector 0) also reconciles the other injectors' records:
 * it announces itself ({@value Barrier#RECONCILES}), watches their runs' records as its groups process them, and after
 * the run waits for their parts, whose acknowledged records ({@value #ACKNOWLEDGED}) it reconciles with each group and
 * the event store ({@link #reconcilePeers}); the merge then judges every injector's records, and names any whose were
 * not reconciled.
 */
public final class InjectorRun implements AutoCloseable {

    /** How long the first injector waits for the last: covers image pulls, JVM starts and injector 0's settle. */
    public static final Duration JOIN_TIMEOUT = Duration.ofMinutes(10);
    /** From the last ready message to the start: time for every injector to read it. */
    public static final Duration LEAD = Duration.ofSeconds(3);

    /** A part's acknowledged records by topic, for the consumer host to reconcile. */
    public static final String ACKNOWLEDGED = "acknowledged.bin.gz";
    /** How long the consumer host waits for the others' parts, and then for their records to be processed. */
    static final Duration PEERS_TIMEOUT = Duration.ofMinutes(10);
    static final Duration PEERS_DRAIN = Duration.ofSeconds(90);

    /** The run waiting for its measured injection to start; at most one per JVM. */
    private static volatile InjectorRun pending;

    private final InjectorSlice slice;
    private final RunChannel topic;
    private final PrintStream out;
    private AutoCloseable heartbeat;
    /** On the consumer host: the other injectors' records as its groups processed them, by injector. */
    private final Map<Integer, PipelineLedger> peers = new TreeMap<>();
    private final List<AutoCloseable> watching = new ArrayList<>();
    private PipelineProbe probe;
    private volatile boolean finished;
    private volatile RuntimeException failure;
    private boolean closed;

    private InjectorRun(InjectorSlice slice, RunChannel topic, PrintStream out) {
        this.slice = slice;
        this.topic = topic;
        this.out = out;
    }

    /**
     * When this JVM is one injector of several: opens the run topic, starts beating and arms the barrier for the next
     * simulation's start. Where the consumer groups run here, it also watches the other injectors' records of run
     * {@code label} and says so on the run topic, before joining, so every other injector knows to deliver its
     * acknowledged records.
     */
    public static Optional<InjectorRun> open(Driver driver, String label, PrintStream out) {
        Optional<InjectorSlice> slice = InjectorSlice.current();
        if (slice.isEmpty()) {
            return Optional.empty();
        }
        InjectorSlice s = slice.get();
        RunChannel topic = driver.runChannel(s.run()).orElseThrow(() -> new IllegalArgumentException("a distributed "
                + "run (-Dinjector.run) needs a run channel on the broker; the " + driver.name() + " driver has none"));
        InjectorRun run = new InjectorRun(s, topic, out);
        run.heartbeat = Barrier.heartbeat(run.topic, s.index(), Barrier.HEARTBEAT);
        PipelineProbe probe = driver.pipeline();
        if (s.count() > 1 && probe.consumersHere()) {
            run.probe = probe;
            for (int i = 0; i < s.count(); i++) {
                if (i != s.index()) {
                    PipelineLedger peer = PipelineLedger.ofPeer(probe.topicsByGroup(),
                            probe.storeGroup().orElse(null));
                    run.peers.put(i, peer);
                    run.watching.add(probe.alsoProcessed(s.of(i).runId(label), peer));
                }
            }
            Barrier.reconciles(run.topic, s.index());
        }
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
     * On the consumer host, after its own run: waits for the other injectors' parts and reconciles their acknowledged
     * records with what its groups processed and the event store held, as its own (asking again until nothing is
     * missing or {@link #PEERS_DRAIN} passes). Per injector, what {@link RunMerge} judges: {@code reconciled},
     * {@code acknowledged}, {@code notProcessed} by group, {@code notStored} (absent without a storing group), a
     * sample; or {@code reconciled: false} and why. Empty anywhere else.
     */
    public Map<String, Object> reconcilePeers() throws InterruptedException {
        Map<String, Object> out = new TreeMap<>();
        if (peers.isEmpty()) {
            return out;
        }
        List<Integer> others = List.copyOf(peers.keySet());
        List<RunChannel.Message> read;
        try {
            read = Barrier.awaitDone(topic, others, PEERS_TIMEOUT, Duration.ofSeconds(60));
        } catch (Barrier.InjectorFailure e) {
            // Their parts are missing: the merge fails on that anyway; say here why none of theirs was reconciled.
            others.forEach(i -> out.put(String.valueOf(i), Map.of("reconciled", false, "why", e.getMessage())));
            stopWatching();
            return out;
        }
        long until = System.nanoTime() + PEERS_DRAIN.toNanos();
        for (int i : others) {
            Optional<RunChannel.Message> file = read.stream().filter(m -> m.key().equals(Barrier.FILE + "/" + i + "/"
                    + ACKNOWLEDGED)).reduce((a, b) -> b);
            if (file.isEmpty()) {
                out.put(String.valueOf(i), Map.of("reconciled", false, "why", "injector " + i + "'s part has no "
                        + ACKNOWLEDGED + ": its acknowledged records are unknown here"));
                continue;
            }
            DeliveryLedger acked;
            try {
                acked = DeliveryLedger.readAcknowledged(new ByteArrayInputStream(file.get().value()));
            } catch (IOException e) {
                out.put(String.valueOf(i), Map.of("reconciled", false, "why", "injector " + i + "'s " + ACKNOWLEDGED
                        + " cannot be read: " + e.getMessage()));
                continue;
            }
            PipelineLedger peer = peers.get(i);
            PipelineLedger.Reconciliation r = peer.reconcile(acked, probe.storedEvents().orElse(null), drained());
            while (!r.complete() && System.nanoTime() < until) {
                Thread.sleep(1000);
                r = peer.reconcile(acked, probe.storedEvents().orElse(null), drained());
            }
            out.put(String.valueOf(i), describe(r));
            this.out.printf("[injector %d/%d] reconciled injector %d's %d acknowledged events: not processed %s, not "
                            + "stored %s%n", slice.index(), slice.count(), i, r.acknowledged(), r.notProcessed(),
                    r.notStored() < 0 ? "not checked" : r.notStored());
        }
        stopWatching();
        return out;
    }

    /** One peer's reconciliation as {@link RunMerge} reads it, groups named as in the metrics. */
    static Map<String, Object> describe(PipelineLedger.Reconciliation r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reconciled", true);
        m.put("acknowledged", r.acknowledged());
        Map<String, Long> notProcessed = new TreeMap<>();
        r.notProcessed().forEach((g, n) -> notProcessed.put(Verdicts.shortName(g), n));
        m.put("notProcessed", notProcessed);
        if (r.storeGroup() != null && r.notStored() >= 0) {
            m.put("notStored", r.notStored());
            m.put("sampleNotStored", r.sampleNotStored());
        }
        m.put("groupsDrained", r.drained());
        return m;
    }

    private boolean drained() {
        return probe.latestLag().map(l -> GroupLagView.maxSumLag(l).orElse(Long.MAX_VALUE) < 10).orElse(false);
    }

    private void stopWatching() {
        for (AutoCloseable w : watching) {
            try {
                w.close();
            } catch (Exception e) {
                // a map entry removed: nothing can fail
            }
        }
        watching.clear();
    }

    /**
     * Posts this injector's run folder and counts; the part is delivered, whatever its own partial verdict. Exit
     * code 0, or 2 when the barrier failed (the failure is posted, naming the injector that never came). When
     * another injector reconciles this one's records, its acknowledged records go with the part.
     */
    public int finish(Path dir, VerdictTable own, DeliveryLedger acknowledged) throws InterruptedException {
        if (failure != null) {
            close(failure.getMessage());
            System.err.println("injector " + slice.index() + " of run " + slice.run() + ": " + failure.getMessage());
            return 2;
        }
        if (Barrier.reconciler(topic, slice.count()).filter(i -> i != slice.index()).isPresent()) {
            try {
                acknowledged.writeAcknowledged(dir.resolve(ACKNOWLEDGED));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + dir.resolve(ACKNOWLEDGED) + ": " + e.getMessage(), e);
            }
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
        stopWatching();
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
