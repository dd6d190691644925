package io.pipebench.load.harness;

import io.pipebench.load.distributed.InjectorSlice;
import io.pipebench.load.driver.Driver;
import io.pipebench.load.driver.PipelineProbe;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.load.driver.ReadBack;
import io.pipebench.load.gatling.DriverProtocolBuilder;
import io.pipebench.load.gatling.GatlingRunner;
import io.pipebench.load.gatling.PublishDsl;
import io.pipebench.load.gatling.SimulationSpec;
import io.pipebench.load.measure.CpuSampling;
import io.pipebench.load.measure.GroupLagView;
import io.pipebench.load.measure.PipelineLedger;
import io.pipebench.load.measure.PipelineObserver;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.measure.RunMeasurements;
import io.pipebench.load.measure.RunMonitor;
import io.pipebench.load.measure.RunRecorder;
import io.pipebench.load.measure.StopRule;
import io.pipebench.load.measure.TimedAction;
import io.pipebench.load.measure.WallClock;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.PlannedSchedule;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.workload.Workload;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One Gatling run of a plan against a {@link LoadEnvironment}'s driver, measured: the recorder takes every
 * acknowledgement, the driver's read-back reads the records back, the monitor samples every second. After injection it waits for the
 * tracker to read everything written and, if asked, for the consumer groups to drain.
 */
public final class LoadRun {

    /**
     * What one run does; built with {@link #builder}, so each flag is named where a run is set up.
     *
     * @param dir          the run folder for timelines and histogram logs, or null for none
     * @param tracked      read records back (lost, duplicated, end-to-end latency)
     * @param reports      let Gatling write its HTML report
     * @param drainLag     after injection, wait for the groups' lag to come down before finishing
     * @param drainTimeout how long to wait after injection for the read-back and the lag
     * @param closedUsers  unpaced: this many closed-model users instead of the plan's rate; 0 follows the plan
     */
    public record Settings(String label, Workload workload, InjectionPlan plan, Path dir, boolean tracked,
                           boolean reports, List<StopRule> stopRules, List<TimedAction> actions, boolean drainLag,
                           Duration drainTimeout, int closedUsers) {

        /** A run of {@code plan}: no folder, nothing read back, no report, stop rule or action, no wait for lag. */
        public static Builder builder(String label, Workload workload, InjectionPlan plan) {
            return new Builder(label, workload, plan);
        }
    }

    /** Names each of a run's settings; the defaults are those of {@link Settings#builder}. */
    public static final class Builder {
        private final String label;
        private final Workload workload;
        private final InjectionPlan plan;
        private Path dir;
        private boolean tracked;
        private boolean reports;
        private List<StopRule> stopRules = List.of();
        private List<TimedAction> actions = List.of();
        private boolean drainLag;
        private Duration drainTimeout = Duration.ofSeconds(60);
        private int closedUsers;

        private Builder(String label, Workload workload, InjectionPlan plan) {
            this.label = label;
            this.workload = workload;
            this.plan = plan;
        }

        /** Timelines and histogram logs go into {@code dir}. */
        public Builder folder(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Reads every record back: lost and duplicated records, end-to-end latency. */
        public Builder readBack() {
            this.tracked = true;
            return this;
        }

        /** Gatling writes its HTML report. */
        public Builder gatlingReport() {
            this.reports = true;
            return this;
        }

        public Builder stopRules(List<StopRule> rules) {
            this.stopRules = rules;
            return this;
        }

        public Builder actions(List<TimedAction> actions) {
            this.actions = actions;
            return this;
        }

        /** After injection, waits for the consumer groups' lag to come down. */
        public Builder drainLag() {
            this.drainLag = true;
            return this;
        }

        /** How long to wait after injection for the read-back and the lag (default 60 s). */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /** Unpaced: {@code users} closed-model users, each replaced once its message is acknowledged. */
        public Builder closedUsers(int users) {
            this.closedUsers = users;
            return this;
        }

        public Settings build() {
            return new Settings(label, workload, plan, dir, tracked, reports, stopRules, actions, drainLag,
                    drainTimeout, closedUsers);
        }
    }

    /** What a run produced. */
    public record Result(String runId, Settings settings, RunRecorder recorder, RunMeasurements measurements,
                         RunFigures figures, int gatlingStatus, boolean trackerCaughtUp, boolean lagDrained,
                         Duration wallTime) {
    }

    private LoadRun() {
    }

    public static Result execute(LoadEnvironment env, Injector injector, Settings s, PrintStream out)
            throws InterruptedException {
        long began = System.nanoTime();
        // scale-out: one injector of several stamps the shared run id and its index (distributed.InjectorSlice)
        Optional<InjectorSlice> slice = InjectorSlice.current();
        String runId = slice.map(x -> x.runId(s.label()))
                .orElse(s.label() + "-" + UUID.randomUUID().toString().substring(0, 6));
        WallClock clock = new WallClock();
        PlannedSchedule schedule = s.closedUsers() > 0 ? PlannedSchedule.unpaced(s.plan())
                : new PlannedSchedule(s.plan());
        RunRecorder recorder = new RunRecorder(schedule, 900, s.tracked());
        Workload w = s.workload();
        Driver driver = env.driver();
        PipelineProbe probe = driver.pipeline();
        RunMonitor.Builder mb = RunMonitor.builder(s.label(), recorder, clock).observer(observer(probe))
                .deadLetterTopic(probe.deadLetterTopic())
                .groups(probe.groupIds()).dir(s.dir()).progress(out, injector.progressEvery()).cpu(probe::cpu);
        // Only where the consumers run in this JVM can the harness see what each group processed and stored.
        PipelineLedger pipeline = s.tracked() && probe.consumersHere()
                ? new PipelineLedger(recorder, probe.topicsByGroup(), probe.storeGroup().orElse(null)) : null;
        PipelineLedger.Reconciliation reconciliation = null;
        s.stopRules().forEach(mb::stopRule);
        s.actions().forEach(mb::action);
        RunMonitor monitor = mb.build();

        ReadBack tracker = s.tracked() ? driver.readBack(runId, recorder).orElseThrow(() -> new SetupException(
                "The " + driver.name() + " driver cannot read messages back, so lost and duplicated records cannot be "
                        + "counted: run this scenario with a driver that can")) : null;
        boolean caughtUp = !s.tracked();
        boolean drained = !s.drainLag();
        int status;
        RunMeasurements m;
        try {
            monitor.start();
            probe.lagListener(monitor);
            probe.processed(runId, pipeline);
            // scale-out: this injector's own aggregates (distributed.InjectorSlice)
            PublisherSpec publisher = new PublisherSpec(runId, w, injector.maxBlock(),
                    slice.map(x -> x.keys(w)).orElse(w.keySpace()));
            DriverProtocolBuilder protocol = PublishDsl.publishing().publisher(() -> driver.publisher(publisher))
                    .runId(runId).schedule(schedule).listener(recorder)
                    .cpuSampleEvery(CpuSampling.forRun(s.plan().peakRate(), s.closedUsers()));
            SimulationSpec spec = new SimulationSpec(s.label(), protocol, s.plan(), s.closedUsers(),
                    monitor::stopReason, Duration.ofSeconds(s.plan().totalSeconds() + 300));
            out.printf(Locale.ROOT, "[%s] run %s: %d s warm-up + %d s measured, %d events intended in the window "
                            + "(peak %.0f/s), producer profile %s%n", s.label(), runId, s.plan().warmupSeconds(),
                    s.plan().measuredSeconds(), s.plan().measuredEvents(), s.plan().peakRate(), w.producerProfile());
            status = GatlingRunner.run(spec, injector.gatlingResults(), s.label() + " " + runId, s.reports());
            io.pipebench.faults.Slowdown.requireClaimed(); // a run meant to be slowed must not have run clean
            if (status != 0) {
                out.printf("[%s] Gatling ended with status %d%n", s.label(), status);
            }
            if (tracker != null) {
                caughtUp = tracker.awaitCaughtUp(s.drainTimeout());
                if (!caughtUp) {
                    out.printf("[%s] the end-to-end tracker did not read up to the log ends within %d s: the lost "
                            + "count is an upper bound%n", s.label(), s.drainTimeout().toSeconds());
                }
            }
            if (s.drainLag() || pipeline != null) {
                drained = awaitLagDrained(env, s.drainTimeout());
                if (!drained) {
                    out.printf("[%s] the consumer groups had not caught up %d s after injection ended%n", s.label(),
                            s.drainTimeout().toSeconds());
                }
            }
            if (pipeline != null) {
                // Lag under 10 is "drained" for the next step, not for counting: ask again until nothing is missing
                // or the drain timeout passes, so a record still in a handler is not called lost.
                long until = System.nanoTime() + s.drainTimeout().toNanos();
                reconciliation = pipeline.reconcile(probe.storedEvents().orElse(null), drained);
                while (!reconciliation.complete() && System.nanoTime() < until) {
                    Thread.sleep(1000);
                    reconciliation = pipeline.reconcile(probe.storedEvents().orElse(null), drained);
                }
                out.printf(Locale.ROOT, "[%s] reconciled %d acknowledged events: not processed %s, not stored %s%n",
                        s.label(), reconciliation.acknowledged(), reconciliation.notProcessed(),
                        reconciliation.notStored() < 0 ? "not checked" : reconciliation.notStored());
            }
        } finally {
            probe.processed(null, null);
            probe.lagListener(null);
            m = monitor.finish();
            if (tracker != null) {
                tracker.close();
            }
        }
        RunFigures figures = RunFigures.of(recorder, m, s.tracked(), pipeline, reconciliation);
        return new Result(runId, s, recorder, m, figures, status, caughtUp, drained,
                Duration.ofNanos(System.nanoTime() - began));
    }

    /** The driver's view of failures and dead letters (sent and dropped), as the monitor reads it. */
    static PipelineObserver observer(PipelineProbe probe) {
        return new PipelineObserver() {
            @Override
            public OptionalLong processingFailures() {
                return probe.processingFailures();
            }

            @Override
            public OptionalLong deadLetters() {
                return probe.deadLetters();
            }

            @Override
            public OptionalLong droppedDeadLetters() {
                return probe.droppedDeadLetters();
            }

            @Override
            public String limits() {
                return probe.limits();
            }
        };
    }

    /** Waits until every monitored group's lag is back under 10 records (a fresh sample after now). */
    public static boolean awaitLagDrained(LoadEnvironment env, Duration timeout) throws InterruptedException {
        PipelineProbe probe = env.pipeline();
        if (probe.groupIds().isEmpty()) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        java.time.Instant after = java.time.Instant.now();
        while (System.nanoTime() < deadline) {
            Optional<LagSnapshot> latest = probe.latestLag();
            if (latest.isPresent() && latest.get().time().isAfter(after)
                    && GroupLagView.maxSumLag(latest.get()).orElse(Long.MAX_VALUE) < 10) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }
}
