package io.pipebench.load.distributed;

import io.pipebench.load.distributed.RunMerge.Part;

import io.pipebench.alarms.MetricSample;
import io.pipebench.gate.hdr.HistogramMerger;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.load.measure.LatencySamples;
import io.pipebench.load.measure.RunFiles;
import io.pipebench.load.measure.RunRecorder;
import io.pipebench.load.measure.TimelineRow;
import io.pipebench.metrics.PipelineMeters;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The merged run's timeline from its injectors' parts: one row per second on injector 0's clock, counts summed,
 * latency columns from per-second histograms added (never percentiles averaged), and the alarm samples taken from it.
 */
final class MergedTimeline {

    private MergedTimeline() {
    }

    /**
     * The common timeline: each injector's second matched to injector 0's by wall-clock time (rounded to the nearest
     * second), counts and intended rates summed, latency columns from the merged per-second histograms, lag, dead
     * letters and failures from injector 0.
     */
    static List<TimelineRow> timeline(List<Part> parts, Path out) throws IOException {
        Part observer = parts.get(0);
        // The dead-letter alarm's samples name the topic as injector 0's driver did (the merge has no driver).
        String deadLetterTopic = observer.run().path("deadLetterTopic").asText("");
        Instant ref = observer.rows().isEmpty() ? observer.start() : observer.rows().get(0).time();
        TreeMap<Long, List<TimelineRow>> bySecond = new TreeMap<>();
        for (Part p : parts) {
            for (TimelineRow r : p.rows()) {
                bySecond.computeIfAbsent(secondOf(ref, r.time()), k -> new ArrayList<>()).add(r);
            }
        }
        Map<RunRecorder.View, Map<Long, Histogram>> perSecond = new EnumMap<>(RunRecorder.View.class);
        for (RunRecorder.View v : List.of(RunRecorder.View.PUBLISH, RunRecorder.View.INTENDED, RunRecorder.View.DELAY,
                RunRecorder.View.E2E)) {
            perSecond.put(v, intervals(parts, RunFiles.hlogName(v), ref));
        }
        Map<Long, TimelineRow> observed = new TreeMap<>();
        observer.rows().forEach(r -> observed.put(secondOf(ref, r.time()), r));
        List<TimelineRow> rows = new ArrayList<>();
        for (Map.Entry<Long, List<TimelineRow>> e : bySecond.entrySet()) {
            long s = e.getKey();
            List<TimelineRow> of = e.getValue();
            TimelineRow o = observed.get(s);
            TimelineRow first = o != null ? o : of.get(0);
            Histogram pub = perSecond.get(RunRecorder.View.PUBLISH).get(s);
            rows.add(new TimelineRow((int) s, first.offset(), ref.plusSeconds(s), first.phase(),
                    of.stream().mapToDouble(TimelineRow::intendedRate).sum(),
                    of.stream().mapToLong(TimelineRow::sent).sum(), of.stream().mapToLong(TimelineRow::acked).sum(),
                    of.stream().mapToLong(TimelineRow::failed).sum(), ms(pub, Quantiles::p50), ms(pub, Quantiles::p95),
                    ms(pub, Quantiles::p99),
                    pub == null ? null : pub.getMaxValue() / 1000.0,
                    ms(perSecond.get(RunRecorder.View.INTENDED).get(s), Quantiles::p95),
                    ms(perSecond.get(RunRecorder.View.DELAY).get(s), Quantiles::p95),
                    ms(perSecond.get(RunRecorder.View.E2E).get(s), Quantiles::p95),
                    o == null ? Map.of() : o.lag(), o == null ? null : o.lagMax(),
                    o == null ? null : o.deadLetters(), o == null ? null : o.processingFailures(),
                    o == null ? null : o.droppedDeadLetters(),
                    of.stream().map(TimelineRow::event).filter(java.util.Objects::nonNull).reduce((a, b) -> a + "; " + b)
                            .orElse(null)));
        }
        try (RunFiles files = RunFiles.open(out, "merged", false, ref::toEpochMilli)) {
            rows.forEach(files::row);
        }
        return rows;
    }

    /**
     * The samples the alarms are judged on: producer latency from the merged per-second histograms (every injector's
     * records of that second), consumer lag and the dead-letter (sent and dropped) and failure counts from injector 0
     * alone.
     */
    static List<MetricSample> alarmSamples(List<Part> parts, List<TimelineRow> merged) throws IOException {
        Part observer = parts.get(0);
        // The dead-letter alarm's samples name the topic as injector 0's driver did (the merge has no driver).
        String deadLetterTopic = observer.run().path("deadLetterTopic").asText("");
        Instant ref = observer.rows().isEmpty() ? observer.start() : observer.rows().get(0).time();
        List<MetricSample> out = new ArrayList<>();
        double peak = merged.stream().mapToDouble(TimelineRow::intendedRate).max().orElse(1);
        LatencySamples latency = LatencySamples.forPeakRate(peak, 200);
        intervals(parts, RunFiles.hlogName(RunRecorder.View.PUBLISH), ref)
                .forEach((s, h) -> latency.addTo(out, h, ref.plusSeconds(s)));
        Long lastDead = null;
        Long lastFailures = null;
        Long lastDropped = null;
        for (TimelineRow r : observer.rows()) {
            r.lag().forEach((g, v) -> {
                if (v != null) {
                    out.add(new MetricSample(r.time(), PipelineMeters.CONSUMER_LAG,
                            Map.of("group", g, "statistic", "sum"), v));
                }
            });
            if (r.deadLetters() != null) {
                if (deadLetterTopic.isEmpty()) {
                    throw new IllegalStateException("injector 0's run.json names no deadLetterTopic, so its dead "
                            + "letters cannot be judged: merge parts written by the same harness version");
                }
                out.add(new MetricSample(r.time(), PipelineMeters.MESSAGES_PRODUCED,
                        Map.of("topic", deadLetterTopic), r.deadLetters() - (lastDead == null ? 0
                        : lastDead)));
                lastDead = r.deadLetters();
            }
            if (r.processingFailures() != null) {
                out.add(new MetricSample(r.time(), PipelineMeters.CONSUMER_PROCESS_FAILURE, Map.of(),
                        r.processingFailures() - (lastFailures == null ? 0 : lastFailures)));
                lastFailures = r.processingFailures();
            }
            if (r.droppedDeadLetters() != null) {
                out.add(new MetricSample(r.time(), PipelineMeters.DEAD_LETTERS_DROPPED, Map.of(),
                        r.droppedDeadLetters() - (lastDropped == null ? 0 : lastDropped)));
                lastDropped = r.droppedDeadLetters();
            }
        }
        return out;
    }

    /** The interval histograms of every part's log {@code name}, added per second of the common timeline. */
    static Map<Long, Histogram> intervals(List<Part> parts, String name, Instant ref) throws IOException {
        Map<Long, Histogram> out = new TreeMap<>();
        for (Part p : parts) {
            Path log = p.dir().resolve(name);
            if (!Files.isRegularFile(log)) {
                continue;
            }
            // HistogramMerger adds whole logs; the alarms need them second by second, so the intervals are read here.
            try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
                EncodableHistogram next;
                while ((next = reader.nextIntervalHistogram()) != null) {
                    if (next instanceof Histogram h) {
                        // An interval is stamped at its start; a timeline row at the end of its second.
                        long s = secondOf(ref, Instant.ofEpochMilli(h.getEndTimeStamp()));
                        out.computeIfAbsent(s, k -> new Histogram(3)).add(h);
                    }
                }
            }
        }
        return out;
    }

    private static long secondOf(Instant ref, Instant t) {
        return Math.round(Duration.between(ref, t).toMillis() / 1000.0);
    }

    /** A percentile in milliseconds; null where the second has no histogram or an empty one. */
    private static Double ms(Histogram h, ToDoubleFunction<Quantiles> percentile) {
        return h == null || h.getTotalCount() == 0 ? null : percentile.applyAsDouble(Quantiles.of(h));
    }

    static OptionalLong inWindow(List<MetricSample> samples, String metric, Instant start, Instant end) {
        boolean any = false;
        long sum = 0;
        for (MetricSample m : samples) {
            if (m.metric().equals(metric) && m.time().isAfter(start) && !m.time().isAfter(end)) {
                any = true;
                sum += (long) m.value();
            }
        }
        return any ? OptionalLong.of(sum) : OptionalLong.empty();
    }
}
