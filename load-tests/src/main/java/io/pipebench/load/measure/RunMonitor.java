package io.pipebench.load.measure;

import io.pipebench.alarms.MetricSample;
import io.pipebench.metrics.LagListener;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.PlannedSchedule;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Watches one run, once a second on its own thread: reads the second's counts and latency histograms, the consumer
 * lag, dead letters and processing failures, and hands them to {@link MonitorStep}, which decides what the second
 * was; then writes what it made ({@link RunFiles}), prints the progress line ({@link ProgressLine}) and asks the
 * injector to stop when a stop rule said so. The run's timed actions fire on their own thread ({@link ActionRunner}).
 */
public final class RunMonitor implements LagListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunMonitor.class);
    private static final long NANOS = 1_000_000_000L;

    private final String label;
    private final RunRecorder recorder;
    private final PlannedSchedule schedule;
    private final InjectionPlan plan;
    private final PipelineObserver observer;
    private final List<String> groups;
    private final Path dir;
    private final PrintStream progress;
    private final ProgressLine progressLine;
    private final List<TimedAction> actions;
    private final WallClock clock;
    private final Supplier<Map<String, Long>> cpu;
    private final MonitorStep step;
    private final ActionRunner actionRunner;
    private final Map<RunRecorder.View, Histogram> recycled = new EnumMap<>(RunRecorder.View.class);
    private final Map<RunRecorder.View, Histogram> otherRecycled = new EnumMap<>(RunRecorder.View.class);
    private final List<MetricSample> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<LagSnapshot> lagSnapshots = Collections.synchronizedList(new ArrayList<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile Map<String, Long> cpuAtMeasureStart;
    private volatile Map<String, Long> cpuAtMeasureEnd;
    private volatile LagSnapshot latestLag;
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile String stopReason;
    private RunFiles files;

    private RunMonitor(Builder b) {
        if (b.observer != null && b.deadLetterTopic == null) {
            throw new IllegalArgumentException("RunMonitor: an observer's dead letters need deadLetterTopic(name), "
                    + "the topic the dead-letter alarm's samples name");
        }
        this.label = b.label;
        this.recorder = b.recorder;
        this.schedule = b.recorder.schedule();
        this.plan = schedule.plan();
        this.observer = b.observer;
        this.groups = List.copyOf(b.groups);
        this.dir = b.dir;
        this.progress = b.progress;
        this.progressLine = new ProgressLine(label, b.progressEvery);
        this.actions = List.copyOf(b.actions);
        this.clock = b.clock;
        this.cpu = b.cpu;
        this.step = new MonitorStep(plan.warmupSeconds(), plan.totalSeconds(), b.deadLetterTopic,
                LatencySamples.forPeakRate(plan.peakRate(), 200), b.stopRules);
        this.actionRunner = new ActionRunner(label, progress, () -> stopping, events::add);
        this.thread = new Thread(this::run, "run-monitor-" + label);
        this.thread.setDaemon(true);
    }

    public static Builder builder(String label, RunRecorder recorder, WallClock clock) {
        return new Builder(label, recorder, clock);
    }

    /** The HdrHistogram log file of a view, relative to the run folder. */
    public static String hlogName(RunRecorder.View v) {
        return RunFiles.hlogName(v);
    }

    public RunMonitor start() {
        synchronized (this) {
            files = RunFiles.open(dir, label, !groups.isEmpty(),
                    () -> clock.at(schedule.measureStartNanos()).toEpochMilli());
        }
        thread.start();
        return this;
    }

    /** The reason a stop rule gave, once one did; the simulation stops injecting when this is set. */
    public String stopReason() {
        return stopReason;
    }

    /** Asks the injector to stop (e.g. the harness gave up waiting). */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    @Override
    public void onSample(LagSnapshot snapshot) {
        if (closed) {
            return;
        }
        latestLag = snapshot;
        lagSnapshots.add(snapshot);
        samples.addAll(snapshot.toMetricSamples());
        synchronized (this) {
            if (files != null) {
                files.lag(snapshot);
            }
        }
    }

    private void run() {
        while (!schedule.started() && !stopping) {
            LockSupport.parkNanos(20_000_000L);
        }
        if (!schedule.started()) {
            return;
        }
        actionRunner.schedule(actions, schedule.measureStartNanos());
        if (plan.warmupSeconds() == 0) {
            cpuAtMeasureStart = cpu.get();
        }
        int next = 0;
        while (true) {
            long due = schedule.anchorNanos() + (next + 1) * NANOS + 250_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                if (stopping) {
                    break; // every completed second is sampled
                }
                LockSupport.parkNanos(Math.min(wait, 100_000_000L));
                continue;
            }
            try {
                tick(next);
            } catch (RuntimeException e) {
                log.warn("Sampling second {} failed: {}", next, e.toString());
            }
            next++;
        }
    }

    private void tick(int s) {
        switch (step.cpuMark(s, stopReason != null)) {
            case START -> cpuAtMeasureStart = cpu.get();
            case END -> cpuAtMeasureEnd = cpu.get();
            case NONE -> { }
        }
        Map<RunRecorder.View, Histogram> measured = new EnumMap<>(RunRecorder.View.class);
        Map<RunRecorder.View, Histogram> other = new EnumMap<>(RunRecorder.View.class);
        for (RunRecorder.View v : RunRecorder.View.values()) {
            other.put(v, recorder.otherInterval(v, otherRecycled.get(v)));
            measured.put(v, recorder.measuredInterval(v, recycled.get(v)));
        }
        Instant at = clock.at(schedule.anchorNanos() + (s + 1) * NANOS);
        MonitorStep.Outcome o = step.next(new MonitorStep.Reading(s, at,
                plan.usersIn(s), recorder.sentIn(s), recorder.ackedIn(s), recorder.failedIn(s), measured, other,
                observer == null ? OptionalLong.empty() : observer.processingFailures(),
                observer == null ? OptionalLong.empty() : observer.deadLetters(),
                observer == null ? OptionalLong.empty() : observer.droppedDeadLetters(),
                MonitorStep.lagByGroup(latestLag, groups, at), actionRunner.takeDone(), stopReason != null));
        recycled.putAll(measured);
        otherRecycled.putAll(other);
        samples.addAll(o.samples());
        synchronized (this) {
            o.logged().forEach(files::interval);
            files.row(o.row());
        }
        if (progress != null) {
            progressLine.add(o.row(), o.live()).ifPresent(progress::println);
        }
        o.stop().ifPresent(reason -> {
            stopReason = reason;
            events.add(MonitorStep.stopEvent(o.row(), reason));
            progress.println("[" + label + "] stopping the injection: " + reason);
        });
    }

    /**
     * Stops sampling after one last pass and returns what was measured; call after injection ended and the
     * system drained.
     */
    public RunMeasurements finish() {
        stopping = true;
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        actionRunner.close();
        close();
        Instant start = clock.at(schedule.measureStartNanos());
        Instant end = clock.at(schedule.measureEndNanos());
        List<LagSnapshot> snapshots;
        List<MetricSample> samplesCopy;
        synchronized (lagSnapshots) {
            snapshots = List.copyOf(lagSnapshots);
        }
        synchronized (samples) {
            samplesCopy = List.copyOf(samples);
        }
        return new RunMeasurements(start, end, step.totals(), step.rows(), samplesCopy,
                RunWindow.maxLag(snapshots, start, end),
                RunWindow.sum(samplesCopy, PipelineMeters.MESSAGES_PRODUCED, start, end),
                RunWindow.sum(samplesCopy, PipelineMeters.CONSUMER_PROCESS_FAILURE, start, end),
                RunWindow.sum(samplesCopy, PipelineMeters.DEAD_LETTERS_DROPPED, start, end),
                List.copyOf(events), stopReason, RunWindow.cpuUsed(cpuAtMeasureStart, cpuAtMeasureEnd));
    }

    @Override
    public synchronized void close() {
        stopping = true;
        closed = true;
        if (files != null) {
            try {
                files.close();
            } catch (IOException e) {
                log.warn("Closing the timeline files failed: {}", e.toString());
            }
        }
    }

    /** Configures a {@link RunMonitor}. */
    public static final class Builder {
        private final String label;
        private final RunRecorder recorder;
        private final WallClock clock;
        private PipelineObserver observer;
        private String deadLetterTopic;
        private List<String> groups = List.of();
        private Path dir;
        private PrintStream progress = System.out;
        private int progressEvery = 5;
        private final List<StopRule> stopRules = new ArrayList<>();
        private final List<TimedAction> actions = new ArrayList<>();
        private Supplier<Map<String, Long>> cpu = Map::of;

        private Builder(String label, RunRecorder recorder, WallClock clock) {
            this.label = label;
            this.recorder = recorder;
            this.clock = clock;
        }

        public Builder observer(PipelineObserver o) {
            this.observer = o;
            return this;
        }

        /** The topic dead letters go to: the dead-letter alarm's samples name it. Needed with an observer. */
        public Builder deadLetterTopic(String topic) {
            this.deadLetterTopic = topic;
            return this;
        }

        public Builder groups(List<String> groupIds) {
            this.groups = groupIds;
            return this;
        }

        /** Where timeline.jsonl, lag.jsonl.gz and the .hlog files go; null writes nothing. */
        public Builder dir(Path folder) {
            this.dir = folder;
            return this;
        }

        public Builder progress(PrintStream out, int everySeconds) {
            this.progress = out;
            this.progressEvery = Math.max(1, everySeconds);
            return this;
        }

        /** CPU time used so far by each part of the pipeline (nanoseconds), sampled at the window's edges. */
        public Builder cpu(Supplier<Map<String, Long>> sampler) {
            this.cpu = sampler;
            return this;
        }

        public Builder stopRule(StopRule rule) {
            stopRules.add(rule);
            return this;
        }

        public Builder action(TimedAction action) {
            actions.add(action);
            return this;
        }

        public RunMonitor build() {
            return new RunMonitor(this);
        }
    }
}
