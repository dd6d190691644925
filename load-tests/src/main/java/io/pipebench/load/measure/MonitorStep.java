package io.pipebench.load.measure;

import io.pipebench.alarms.MetricSample;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.metrics.PipelineMeters;
import org.HdrHistogram.Histogram;

import java.time.Duration;
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

/**
 * The monitor's once-a-second work as pure logic: from one second's counts, latency histograms, consumer lag and
 * observer totals it makes the timeline row, the alarm samples, the histograms to log, and the stop decision. It
 * keeps the run's rows, the measured totals and the observers' running counts; files, threads and printing are
 * {@link RunMonitor}'s.
 */
public final class MonitorStep {

    /**
     * One second as read.
     *
     * @param measured         the second's latencies of records inside the measured window, by view (microseconds)
     * @param other            the second's latencies of the other records (warm-up, drain)
     * @param failuresTotal    the observer's running total of failed processing attempts; empty when unobservable
     * @param deadLettersTotal the observer's running total of dead letters; empty when unobservable
     * @param droppedTotal     the observer's running total of records whose dead letter could never be sent; empty
     *                         when unobservable
     * @param lag              summed lag by group, null while unmeasured (see {@link #lagByGroup})
     * @param event            what was done to the system in this second, or null
     * @param stopped          whether the injection was already asked to stop
     */
    public record Reading(int second, Instant at, double intended, long sent, long acked, long failed,
                          Map<RunRecorder.View, Histogram> measured, Map<RunRecorder.View, Histogram> other,
                          OptionalLong failuresTotal, OptionalLong deadLettersTotal, OptionalLong droppedTotal,
                          Map<String, Long> lag,
                          String event, boolean stopped) {
    }

    /**
     * What the second produced.
     *
     * @param live    every record's latencies of the second, by view (for the progress line; reused by the next step)
     * @param logged  the measured intervals to append to the HdrHistogram logs
     * @param samples the alarm samples of the second (producer latency, failures, dead letters sent and dropped)
     * @param stop    the first stop rule's reason, when one fired in this second
     */
    public record Outcome(TimelineRow row, Map<RunRecorder.View, Histogram> live,
                          Map<RunRecorder.View, Histogram> logged, List<MetricSample> samples, Optional<String> stop) {
    }

    /** When the monitor reads the CPU counters: as the measured window starts and as each of its seconds ends. */
    public enum CpuMark { START, END, NONE }

    private final long warmupSeconds;
    private final long totalSeconds;
    private final String deadLetterTopic;
    private final LatencySamples latencySamples;
    private final List<StopRule> stopRules;
    private final Map<RunRecorder.View, Histogram> totals = new EnumMap<>(RunRecorder.View.class);
    private final Map<RunRecorder.View, Histogram> scratch = new EnumMap<>(RunRecorder.View.class);
    private final List<TimelineRow> rows = Collections.synchronizedList(new ArrayList<>());
    private final CounterGrowth failures = new CounterGrowth();
    private final CounterGrowth deadLetters = new CounterGrowth();
    private final CounterGrowth dropped = new CounterGrowth();

    /**
     * @param deadLetterTopic the topic dead letters go to, as the dead-letter alarm's samples name it
     * @param latencySamples  how a second's producer latencies become alarm samples
     */
    public MonitorStep(long warmupSeconds, long totalSeconds, String deadLetterTopic, LatencySamples latencySamples,
                       List<StopRule> stopRules) {
        this.warmupSeconds = warmupSeconds;
        this.totalSeconds = totalSeconds;
        this.deadLetterTopic = deadLetterTopic;
        this.latencySamples = latencySamples;
        this.stopRules = List.copyOf(stopRules);
        for (RunRecorder.View v : RunRecorder.View.values()) {
            totals.put(v, new Histogram(RunRecorder.HIGHEST_MICROS, 3));
            scratch.put(v, new Histogram(RunRecorder.HIGHEST_MICROS, 3));
        }
    }

    public Outcome next(Reading r) {
        int s = r.second();
        String phase = phase(s);
        Map<RunRecorder.View, Histogram> live = new EnumMap<>(RunRecorder.View.class);
        Map<RunRecorder.View, Histogram> logged = new EnumMap<>(RunRecorder.View.class);
        List<MetricSample> samples = new ArrayList<>();
        for (RunRecorder.View v : RunRecorder.View.values()) {
            Histogram m = r.measured().get(v);
            // A warm-up second has no measured records unless the window opened inside it: log only from then on.
            if (m.getTotalCount() > 0 || !"warmup".equals(phase)) {
                totals.get(v).add(m);
                logged.put(v, m);
                if (v == RunRecorder.View.PUBLISH) {
                    latencySamples.addTo(samples, m, r.at());
                }
            }
            Histogram all = scratch.get(v);
            all.reset();
            all.add(r.other().get(v));
            all.add(m);
            live.put(v, all);
        }
        Long failuresSoFar = observe(r.failuresTotal(), failures, samples, r.at(),
                PipelineMeters.CONSUMER_PROCESS_FAILURE, Map.of());
        Long deadLettersSoFar = observe(r.deadLettersTotal(), deadLetters, samples, r.at(),
                PipelineMeters.MESSAGES_PRODUCED, Map.of("topic", deadLetterTopic));
        Long droppedSoFar = observe(r.droppedTotal(), dropped, samples, r.at(), PipelineMeters.DEAD_LETTERS_DROPPED,
                Map.of());
        Long lagMax = r.lag().values().stream().filter(java.util.Objects::nonNull).max(Long::compare).orElse(null);
        Quantiles publish = Quantiles.of(live.get(RunRecorder.View.PUBLISH));
        TimelineRow row = new TimelineRow(s, s - warmupSeconds, r.at(), phase, r.intended(), r.sent(), r.acked(),
                r.failed(), figure(publish.p50()), figure(publish.p95()), figure(publish.p99()), figure(publish.max()),
                p95(live, RunRecorder.View.INTENDED), p95(live, RunRecorder.View.DELAY), p95(live, RunRecorder.View.E2E),
                r.lag(), lagMax, deadLettersSoFar, failuresSoFar, droppedSoFar, r.event());
        rows.add(row);
        Optional<String> stop = Optional.empty();
        if (!r.stopped() && !"drain".equals(phase)) {
            List<TimelineRow> view = rows();
            for (StopRule rule : stopRules) {
                stop = rule.evaluate(view);
                if (stop.isPresent()) {
                    break;
                }
            }
        }
        return new Outcome(row, live, logged, samples, stop);
    }

    /** A running total's growth in this second becomes an alarm sample; the row shows the growth since the start. */
    private static Long observe(OptionalLong total, CounterGrowth growth, List<MetricSample> samples, Instant at,
                                String metric, Map<String, String> tags) {
        if (total.isEmpty()) {
            return null;
        }
        samples.add(new MetricSample(at, metric, tags, growth.add(total.getAsLong())));
        return growth.soFar();
    }

    /** "warmup", "measure" or "drain": where a second of the run lies. */
    public String phase(int second) {
        return second < warmupSeconds ? "warmup" : second < totalSeconds ? "measure" : "drain";
    }

    /**
     * Whether to read the CPU counters as this second is sampled: its first second starts as warm-up's last ends, and
     * each measured second until a stop is a possible end, so an early stop still has one.
     */
    public CpuMark cpuMark(int second, boolean stopped) {
        if (second == warmupSeconds - 1) {
            return CpuMark.START;
        }
        return second >= warmupSeconds && second < totalSeconds && !stopped ? CpuMark.END : CpuMark.NONE;
    }

    /** The event line of a stop, as the run's events list shows it. */
    public static String stopEvent(TimelineRow row, String reason) {
        return String.format(Locale.ROOT, "t=%+ds stopped injecting: %s", row.offset(), reason);
    }

    /** A lag snapshot older than this at a row's time is no reading: two of the lag monitor's sampling intervals. */
    static final Duration MAX_LAG_AGE = LagSnapshot.DEFAULT_INTERVAL.multipliedBy(2);

    /**
     * The row's lag from the latest snapshot, all null when that snapshot is older than {@link #MAX_LAG_AGE} at
     * {@code at}: a hung lag monitor must show as a gap (which fails a held window), not as flat lag.
     */
    public static Map<String, Long> lagByGroup(LagSnapshot snapshot, List<String> groups, Instant at) {
        boolean stale = snapshot != null && Duration.between(snapshot.time(), at).compareTo(MAX_LAG_AGE) > 0;
        return lagByGroup(stale ? null : snapshot, groups);
    }

    /** Summed lag of each group in the sample, in the groups' order; null for a group without a measured lag. */
    public static Map<String, Long> lagByGroup(LagSnapshot snapshot, List<String> groups) {
        Map<String, Long> lag = new LinkedHashMap<>();
        for (String g : groups) {
            lag.put(g, snapshot == null ? null : snapshot.group(g).filter(gl -> gl.sumLag().isPresent())
                    .map(gl -> gl.sumLag().getAsLong()).orElse(null));
        }
        return lag;
    }

    /** Every second so far, oldest first. */
    public List<TimelineRow> rows() {
        synchronized (rows) {
            return List.copyOf(rows);
        }
    }

    /** The measured window's latencies so far, by view (copies). */
    public Map<RunRecorder.View, Histogram> totals() {
        Map<RunRecorder.View, Histogram> out = new EnumMap<>(RunRecorder.View.class);
        totals.forEach((v, h) -> out.put(v, h.copy()));
        return out;
    }

    private static Double p95(Map<RunRecorder.View, Histogram> live, RunRecorder.View v) {
        return figure(Quantiles.of(live.get(v)).p95());
    }

    /** A timeline row shows a second without records as null (no figure), as the JSON does. */
    static Double figure(double millis) {
        return Double.isNaN(millis) ? null : millis;
    }
}
