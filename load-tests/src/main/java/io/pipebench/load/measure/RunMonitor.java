package io.pipebench.load.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pipebench.alarms.MetricSample;
import io.pipebench.metrics.LagListener;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.metrics.LagTimelineWriter;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.TopicRouter;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.PlannedSchedule;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches one run, once a second on its own thread: reads the second's counts and latency histograms, the consumer
 * lag, dead letters and processing failures; writes the timelines (timeline.jsonl, one line a second; lag.jsonl.gz,
 * per partition, gzipped) and the HdrHistogram logs; collects the samples the
 * alarms are evaluated on; prints a progress line every few seconds; asks the injector to stop when a stop rule says
 * so; and fires the run's timed actions (broker stop and restart).
 */
public final class RunMonitor implements LagListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunMonitor.class);
    private static final long NANOS = 1_000_000_000L;
    /** The per-partition lag timeline in a run folder (LagTimelineWriter's JSON lines, gzipped). */
    public static final String LAG_TIMELINE = "lag.jsonl.gz";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final String label;
    private final RunRecorder recorder;
    private final PlannedSchedule schedule;
    private final InjectionPlan plan;
    private final PipelineObserver observer;
    private final List<String> groups;
    private final Path dir;
    private final PrintStream progress;
    private final int progressEvery;
    private final List<StopRule> stopRules;
    private final List<TimedAction> actions;
    private final WallClock clock;
    private final LatencySamples latencySamples;
    private final java.util.function.Supplier<Map<String, Long>> cpu;
    private volatile Map<String, Long> cpuAtMeasureStart;
    private volatile Map<String, Long> cpuAtMeasureEnd;

    private final Map<RunRecorder.View, Histogram> totals = new EnumMap<>(RunRecorder.View.class);
    private final Map<RunRecorder.View, Histogram> recycled = new EnumMap<>(RunRecorder.View.class);
    private final Map<RunRecorder.View, Histogram> liveRecycled = new EnumMap<>(RunRecorder.View.class);
    private final Map<RunRecorder.View, Histogram> window = new EnumMap<>(RunRecorder.View.class);
    private final Map<RunRecorder.View, Histogram> scratch = new EnumMap<>(RunRecorder.View.class);
    private final Map<RunRecorder.View, HistogramLogWriter> hlogs = new EnumMap<>(RunRecorder.View.class);
    private final List<TimelineRow> rows = Collections.synchronizedList(new ArrayList<>());
    private final List<MetricSample> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<LagSnapshot> lagSnapshots = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<String> pendingEvents = new ConcurrentLinkedQueue<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService actionRunner;
    private final Thread thread;
    private volatile LagSnapshot latestLag;
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile String stopReason;
    private BufferedWriter timeline;
    private LagTimelineWriter lagTimeline;
    private long failuresBaseline = -1;
    private long deadLettersBaseline = -1;
    private long lastFailures;
    private long lastDeadLetters;
    private long failuresSoFar;
    private long deadLettersSoFar;
    private double windowIntended;
    private long windowSent;
    private long windowAcked;
    private long windowFailed;
    private int windowSeconds;

    private RunMonitor(Builder b) {
        this.label = b.label;
        this.recorder = b.recorder;
        this.schedule = b.recorder.schedule();
        this.plan = schedule.plan();
        this.observer = b.observer;
        this.groups = List.copyOf(b.groups);
        this.dir = b.dir;
        this.progress = b.progress;
        this.progressEvery = b.progressEvery;
        this.stopRules = List.copyOf(b.stopRules);
        this.actions = List.copyOf(b.actions);
        this.clock = b.clock;
        this.latencySamples = LatencySamples.forPeakRate(plan.peakRate(), 200);
        this.cpu = b.cpu;
        for (RunRecorder.View v : RunRecorder.View.values()) {
            totals.put(v, new Histogram(RunRecorder.HIGHEST_MICROS, 3));
            window.put(v, new Histogram(RunRecorder.HIGHEST_MICROS, 3));
            scratch.put(v, new Histogram(RunRecorder.HIGHEST_MICROS, 3));
        }
        this.actionRunner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "run-actions-" + label);
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, "run-monitor-" + label);
        this.thread.setDaemon(true);
    }

    public static Builder builder(String label, RunRecorder recorder, WallClock clock) {
        return new Builder(label, recorder, clock);
    }

    public RunMonitor start() {
        if (dir != null) {
            try {
                Files.createDirectories(dir);
                timeline = Files.newBufferedWriter(dir.resolve("timeline.jsonl"));
                if (!groups.isEmpty()) {
                    // One line per group and partition every second: gzip keeps a committed run folder small.
                    lagTimeline = new LagTimelineWriter(new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(
                            Files.newOutputStream(dir.resolve(LAG_TIMELINE))), java.nio.charset.StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the run folder " + dir + ": " + e.getMessage(), e);
            }
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
            if (lagTimeline != null) {
                lagTimeline.onSample(snapshot);
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
        scheduleActions();
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

    private void scheduleActions() {
        for (TimedAction a : actions) {
            long at = schedule.measureStartNanos() + (long) (a.atMeasuredSecond() * NANOS);
            actionRunner.submit(() -> {
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (stopping) {
                    return;
                }
                String started = String.format(Locale.ROOT, "t=%+.0fs %s", a.atMeasuredSecond(), a.description());
                progress.println("[" + label + "] " + started + " ...");
                long t0 = System.nanoTime();
                try {
                    a.action().run();
                    String done = started + " (took " + (System.nanoTime() - t0) / 1_000_000 + " ms)";
                    pendingEvents.add(a.description());
                    events.add(done);
                    progress.println("[" + label + "] " + done);
                } catch (RuntimeException e) {
                    events.add(started + " FAILED: " + e);
                    progress.println("[" + label + "] " + started + " FAILED: " + e);
                }
            });
        }
    }

    private void tick(int s) throws UncheckedIOException {
        long warm = plan.warmupSeconds();
        // CPU over the measured window: sampled as its first second starts and as each of its seconds ends, so an
        // early stop still has an end.
        if (s == warm - 1) {
            cpuAtMeasureStart = cpu.get();
        } else if (s >= warm && s < plan.totalSeconds() && stopReason == null) {
            cpuAtMeasureEnd = cpu.get();
        }
        String phase = s < warm ? "warmup" : s < plan.totalSeconds() ? "measure" : "drain";
        long secondEndNanos = schedule.anchorNanos() + (s + 1) * NANOS;
        Instant at = clock.at(secondEndNanos);
        double intended = plan.usersIn(s);
        long sent = recorder.sentIn(s);
        long acked = recorder.ackedIn(s);
        long failed = recorder.failedIn(s);

        Map<RunRecorder.View, Histogram> live = new EnumMap<>(RunRecorder.View.class);
        for (RunRecorder.View v : RunRecorder.View.values()) {
            Histogram o = recorder.otherInterval(v, liveRecycled.get(v));
            Histogram m = recorder.measuredInterval(v, recycled.get(v));
            if (m.getTotalCount() > 0 || !"warmup".equals(phase)) {
                totals.get(v).add(m);
                writeInterval(v, m);
                if (v == RunRecorder.View.PUBLISH) {
                    latencySamples.addTo(samples, m, at);
                }
            }
            Histogram all = scratch.get(v);
            all.reset();
            all.add(o);
            all.add(m);
            live.put(v, all);
            window.get(v).add(all);
            recycled.put(v, m);
            liveRecycled.put(v, o);
        }
        Long failures = observe(observer == null ? OptionalLong.empty() : observer.processingFailures(), true, at);
        Long deadLetters = observe(observer == null ? OptionalLong.empty() : observer.deadLetters(), false, at);

        Map<String, Long> lag = new LinkedHashMap<>();
        LagSnapshot snapshot = latestLag;
        Long lagMax = null;
        for (String g : groups) {
            Long v = snapshot == null ? null : snapshot.group(g).filter(gl -> gl.sumLag().isPresent())
                    .map(gl -> gl.sumLag().getAsLong()).orElse(null);
            lag.put(g, v);
            if (v != null) {
                lagMax = lagMax == null ? v : Math.max(lagMax, v);
            }
        }
        String event = pendingEvents.isEmpty() ? null : String.join("; ", drain(pendingEvents));
        TimelineRow row = new TimelineRow(s, s - warm, at, phase, intended, sent, acked, failed,
                ms(live.get(RunRecorder.View.PUBLISH), 50), ms(live.get(RunRecorder.View.PUBLISH), 95),
                ms(live.get(RunRecorder.View.PUBLISH), 99), max(live.get(RunRecorder.View.PUBLISH)),
                ms(live.get(RunRecorder.View.INTENDED), 95), ms(live.get(RunRecorder.View.DELAY), 95),
                ms(live.get(RunRecorder.View.E2E), 95), lag, lagMax, deadLetters, failures, event);
        rows.add(row);
        writeRow(row);

        windowIntended += intended;
        windowSent += sent;
        windowAcked += acked;
        windowFailed += failed;
        windowSeconds++;
        if (progress != null && (s + 1) % progressEvery == 0) {
            printProgress(row);
        }
        if (stopReason == null && !"drain".equals(phase)) {
            List<TimelineRow> view;
            synchronized (rows) {
                view = List.copyOf(rows);
            }
            for (StopRule rule : stopRules) {
                Optional<String> reason = rule.evaluate(view);
                if (reason.isPresent()) {
                    stopReason = reason.get();
                    events.add(String.format(Locale.ROOT, "t=%+ds stopped injecting: %s", s - warm, stopReason));
                    progress.println("[" + label + "] stopping the injection: " + stopReason);
                    break;
                }
            }
        }
    }

    private Long observe(OptionalLong total, boolean failures, Instant at) {
        if (total.isEmpty()) {
            return null;
        }
        long v = total.getAsLong();
        if (failures) {
            if (failuresBaseline < 0) {
                failuresBaseline = v;
                lastFailures = v;
            }
            long delta = increment(lastFailures, v);
            failuresSoFar += delta;
            samples.add(new MetricSample(at, PipelineMeters.CONSUMER_PROCESS_FAILURE, Map.of(), delta));
            lastFailures = v;
            return failuresSoFar;
        }
        if (deadLettersBaseline < 0) {
            deadLettersBaseline = v;
            lastDeadLetters = v;
        }
        long delta = increment(lastDeadLetters, v);
        deadLettersSoFar += delta;
        samples.add(new MetricSample(at, PipelineMeters.MESSAGES_PRODUCED,
                Map.of("topic", TopicRouter.DEAD_LETTER_TOPIC), delta));
        lastDeadLetters = v;
        return deadLettersSoFar;
    }

    /** A counter's growth; a total below the last one means the remote process restarted and counts from 0 again. */
    static long increment(long last, long now) {
        return now >= last ? now - last : now;
    }

    private void printProgress(TimelineRow row) {
        double seconds = Math.max(1, windowSeconds);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "[%s] t=%+4ds %-7s | intended %6.0f/s sent %6.0f/s acked %6.0f/s", label,
                row.offset(), row.phase(), windowIntended / seconds, windowSent / seconds, windowAcked / seconds));
        if (windowFailed > 0) {
            sb.append(String.format(Locale.ROOT, " KO %.0f/s", windowFailed / seconds));
        }
        sb.append(" | publish p95 ").append(fmt(ms(window.get(RunRecorder.View.PUBLISH), 95)))
                .append(" (from intended ").append(fmt(ms(window.get(RunRecorder.View.INTENDED), 95)))
                .append(") | e2e p95 ").append(fmt(ms(window.get(RunRecorder.View.E2E), 95)));
        if (!row.lag().isEmpty()) {
            sb.append(" | lag");
            row.lag().forEach((g, v) -> sb.append(' ').append(GroupLagView.label(g)).append('=')
                    .append(v == null ? "?" : v.toString()));
        }
        sb.append(" | dead letters ").append(row.deadLetters() == null ? "n/a" : row.deadLetters());
        sb.append(" | failures ").append(row.processingFailures() == null ? "n/a" : row.processingFailures());
        progress.println(sb);
        window.values().forEach(Histogram::reset);
        windowIntended = 0;
        windowSent = 0;
        windowAcked = 0;
        windowFailed = 0;
        windowSeconds = 0;
    }

    private static String fmt(Double ms) {
        return ms == null ? "-" : ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms)
                : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private static Double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? null : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static Double max(Histogram h) {
        return h.getTotalCount() == 0 ? null : h.getMaxValue() / 1000.0;
    }

    private static List<String> drain(ConcurrentLinkedQueue<String> q) {
        List<String> out = new ArrayList<>();
        for (String s; (s = q.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }

    private void writeInterval(RunRecorder.View v, Histogram h) {
        if (dir == null) {
            return;
        }
        HistogramLogWriter w = hlogs.get(v);
        if (w == null) {
            try {
                w = new HistogramLogWriter(dir.resolve(hlogName(v)).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long base = clock.at(schedule.measureStartNanos()).toEpochMilli();
            w.outputComment("pipebench " + label + ": " + v.name().toLowerCase(Locale.ROOT)
                    + " latency in microseconds, 1-second intervals of the measured window");
            w.outputLogFormatVersion();
            w.outputStartTime(base);
            w.setBaseTime(base);
            w.outputLegend();
            hlogs.put(v, w);
        }
        w.outputIntervalHistogram(h);
    }

    /** The HdrHistogram log file of a view, relative to the run folder. */
    public static String hlogName(RunRecorder.View v) {
        return switch (v) {
            case PUBLISH -> "publish-latency.hlog";
            case INTENDED -> "intended-latency.hlog";
            case DELAY -> "publish-delay.hlog";
            case E2E -> "e2e-latency.hlog";
            case E2E_FROM_SEND -> "e2e-from-send-latency.hlog";
            case STORED -> "stored-latency.hlog";
        };
    }

    private void writeRow(TimelineRow row) {
        if (timeline == null) {
            return;
        }
        try {
            timeline.write(JSON.writeValueAsString(row));
            timeline.write('\n');
            timeline.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        actionRunner.shutdownNow();
        close();
        Instant start = clock.at(schedule.measureStartNanos());
        Instant end = clock.at(schedule.measureEndNanos());
        Map<String, Long> maxLag = new LinkedHashMap<>();
        synchronized (lagSnapshots) {
            for (LagSnapshot snap : lagSnapshots) {
                if (snap.time().isBefore(start) || snap.time().isAfter(end)) {
                    continue;
                }
                snap.groups().forEach(g -> g.sumLag().ifPresent(v -> maxLag.merge(g.group(), v, Math::max)));
            }
        }
        OptionalLong dead = windowDelta(start, end, false);
        OptionalLong failures = windowDelta(start, end, true);
        List<TimelineRow> rowsCopy;
        List<MetricSample> samplesCopy;
        synchronized (rows) {
            rowsCopy = List.copyOf(rows);
        }
        synchronized (samples) {
            samplesCopy = List.copyOf(samples);
        }
        Map<String, Long> cpuInWindow = new LinkedHashMap<>();
        Map<String, Long> from = cpuAtMeasureStart;
        Map<String, Long> to = cpuAtMeasureEnd;
        if (from != null && to != null) {
            to.forEach((part, nanos) -> {
                if (from.containsKey(part)) {
                    cpuInWindow.put(part, nanos - from.get(part));
                }
            });
        }
        return new RunMeasurements(start, end, new EnumMap<>(totals), rowsCopy, samplesCopy, maxLag, dead, failures,
                List.copyOf(events), stopReason, cpuInWindow);
    }

    /** Dead letters or failed attempts inside the window, summed from the per-second increments. */
    private OptionalLong windowDelta(Instant start, Instant end, boolean failures) {
        String metric = failures ? PipelineMeters.CONSUMER_PROCESS_FAILURE : PipelineMeters.MESSAGES_PRODUCED;
        boolean any = false;
        long sum = 0;
        synchronized (samples) {
            for (MetricSample m : samples) {
                if (m.metric().equals(metric) && !m.time().isBefore(start) && !m.time().isAfter(end)) {
                    any = true;
                    sum += (long) m.value();
                }
            }
        }
        return any ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    @Override
    public synchronized void close() {
        stopping = true;
        closed = true;
        hlogs.values().forEach(w -> w.close());
        hlogs.clear();
        try {
            if (timeline != null) {
                timeline.close();
                timeline = null;
            }
            if (lagTimeline != null) {
                lagTimeline.close();
                lagTimeline = null;
            }
        } catch (IOException e) {
            log.warn("Closing the timeline files failed: {}", e.toString());
        }
    }

    /** Configures a {@link RunMonitor}. */
    public static final class Builder {
        private final String label;
        private final RunRecorder recorder;
        private final WallClock clock;
        private PipelineObserver observer;
        private List<String> groups = List.of();
        private Path dir;
        private PrintStream progress = System.out;
        private int progressEvery = 5;
        private final List<StopRule> stopRules = new ArrayList<>();
        private final List<TimedAction> actions = new ArrayList<>();
        private java.util.function.Supplier<Map<String, Long>> cpu = Map::of;

        private Builder(String label, RunRecorder recorder, WallClock clock) {
            this.label = label;
            this.recorder = recorder;
            this.clock = clock;
        }

        public Builder observer(PipelineObserver o) {
            this.observer = o;
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
        public Builder cpu(java.util.function.Supplier<Map<String, Long>> sampler) {
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
