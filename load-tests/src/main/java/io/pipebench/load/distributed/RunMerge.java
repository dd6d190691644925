package io.pipebench.load.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.alarms.MetricSample;
import io.pipebench.gate.hdr.HistogramMerger;
import io.pipebench.gate.hdr.MergedHistograms;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.LoadMetric;
import io.pipebench.gate.model.LoadSummary;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.measure.RunFiles;
import io.pipebench.load.measure.RunRecorder;
import io.pipebench.load.measure.TimelineRow;
import io.pipebench.load.report.RunChart;
import io.pipebench.load.report.RunReport;
import io.pipebench.load.verdict.Check;
import io.pipebench.load.verdict.VerdictTable;
import io.pipebench.load.verdict.Verdicts;
import io.pipebench.metrics.PipelineMeters;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One verdict from N injectors' run folders. What merges how:
 * <ul>
 *   <li>latencies: every injector timed its own records on its own host (send to acknowledgement; end-to-end by its
 *       own tracker); their HdrHistogram logs are added ({@link HistogramMerger}), never their percentiles averaged;</li>
 *   <li>counts (intended, sent, acknowledged, failed, lost, duplicated) are summed; rates are summed per second on
 *       the common timeline (each injector's seconds matched to injector 0's by their wall-clock time);</li>
 *   <li>consumer lag, dead letters and processing failures exist once per run: they are taken from injector 0, the
 *       only one that observes them, never added up N times; so are the consumer groups' own figures;</li>
 *   <li>CPU per event: every host's CPU over all injectors' events ({@link MergedCpu});</li>
 *   <li>the alarms and the workload's thresholds are judged on the merged timeline and figures by the same code as a
 *       single run ({@link Verdicts}); delivery to the groups and the store is every injector's records reconciled
 *       by the injector hosting the consumers, summed, and fails closed naming the injectors whose were not.</li>
 * </ul>
 * About 400 lines: reading the parts, the merge and its per-injector delivery table all serve the one verdict; the
 * timeline and the CPU figures, which stand alone, are in {@link MergedTimeline} and {@link MergedCpu}.
 */
public final class RunMerge {

    /**
     * The longest the injectors' measured windows may start (or end) apart before the common timeline is not common.
     */
    public static final Duration MAX_START_SKEW = Duration.ofSeconds(2);
    static final List<RunRecorder.View> VIEWS = List.of(RunRecorder.View.values());

    /** One injector's run folder as collected. */
    public record Part(int index, Path dir, LoadSummary summary, JsonNode run, List<TimelineRow> rows) {

        Instant start() {
            return Instant.parse(run.path("measuredWindow").path("start").asText());
        }

        Instant end() {
            return Instant.parse(run.path("measuredWindow").path("end").asText());
        }

        long records(String field) {
            return run.path("records").path(field).asLong();
        }

        /**
         * When this injector last sent, by its own timeline: the end of its last second with a send; empty if it never
         * sent. Not {@link #end()}: that is the planned end, the same for every injector started together.
         */
        Optional<Instant> lastSend() {
            return rows.stream().filter(r -> r.sent() > 0 && r.time() != null).map(TimelineRow::time)
                    .max(Instant::compareTo);
        }

        OptionalLong metric(String name) {
            LoadMetric m = summary.metrics().get(name);
            return m == null ? OptionalLong.empty() : OptionalLong.of(Math.round(m.value()));
        }
    }

    /** The merged run: its verdict, figures and per-injector table, as written to {@code dir}. */
    public record Result(Path dir, VerdictTable verdicts, RunFigures figures, Map<String, LoadMetric> metrics,
                         List<Map<String, Object>> injectors, List<TimelineRow> rows) {
    }

    private RunMerge() {
    }

    /** Reads injector {@code index}'s run folder; a missing or unreadable file fails the merge naming the injector. */
    public static Part read(int index, Path dir) {
        try {
            for (String f : List.of(LoadSummary.FILE_NAME, "run.json", "timeline.jsonl")) {
                if (!Files.isRegularFile(dir.resolve(f))) {
                    throw new Barrier.InjectorFailure(List.of(index), "injector " + index + "'s results lack " + f
                            + " (in " + dir + "): its part of the run cannot be judged");
                }
            }
            List<TimelineRow> rows = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("timeline.jsonl"))) {
                if (!line.isBlank()) {
                    rows.add(RunReport.JSON.readValue(line, TimelineRow.class));
                }
            }
            return new Part(index, dir, LoadSummary.read(dir), RunReport.JSON.readTree(dir.resolve("run.json")
                    .toFile()), rows);
        } catch (IOException | RuntimeException e) {
            if (e instanceof Barrier.InjectorFailure f) {
                throw f;
            }
            throw new Barrier.InjectorFailure(List.of(index), "injector " + index + "'s results in " + dir
                    + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Merges the parts (every injector 0..count-1 exactly once) into {@code out}: summary.json in the usual form,
     * run.json with the per-injector table, the merged timeline, HdrHistogram logs and chart.
     */
    public static Result merge(List<Part> parts, int count, AlarmCatalog catalog, Map<String, String> notApplicable,
                               Path out) throws IOException {
        List<Integer> missing = RunMessages.missing(count, new java.util.TreeSet<>(parts.stream().map(Part::index)
                .toList()));
        if (!missing.isEmpty() || parts.size() != count) {
            throw new Barrier.InjectorFailure(missing, Barrier.names(missing) + " of " + count + " sent no results: "
                    + "the run cannot be judged without them");
        }
        parts = parts.stream().sorted(java.util.Comparator.comparingInt(Part::index)).toList();
        Part observer = parts.get(0);
        Files.createDirectories(out);

        Map<RunRecorder.View, Histogram> totals = new EnumMap<>(RunRecorder.View.class);
        Map<RunRecorder.View, List<Integer>> fromWhom = new EnumMap<>(RunRecorder.View.class);
        for (RunRecorder.View v : VIEWS) {
            String name = RunFiles.hlogName(v);
            List<Path> logs = new ArrayList<>();
            List<Integer> who = new ArrayList<>();
            for (Part p : parts) {
                if (Files.isRegularFile(p.dir().resolve(name))) {
                    logs.add(p.dir().resolve(name));
                    who.add(p.index());
                }
            }
            if (!logs.isEmpty()) {
                MergedHistograms merged = HistogramMerger.merge(logs);
                merged.writeLog(out.resolve(name));
                totals.put(v, merged.byTag().getOrDefault("", new Histogram(3)));
                fromWhom.put(v, who);
            }
        }

        Instant start = parts.stream().map(Part::start).min(Instant::compareTo).orElseThrow();
        Instant end = parts.stream().map(Part::end).max(Instant::compareTo).orElseThrow();
        Duration skew = Duration.between(start, parts.stream().map(Part::start).max(Instant::compareTo).orElseThrow());
        List<TimelineRow> rows = MergedTimeline.timeline(parts, out);
        List<MetricSample> samples = MergedTimeline.alarmSamples(parts, rows);

        double seconds = observer.run().path("workload").path("measuredSeconds").asDouble();
        Map<RunRecorder.View, Quantiles> latency = new EnumMap<>(RunRecorder.View.class);
        totals.forEach((v, h) -> latency.put(v, Quantiles.of(h)));
        boolean tracked = parts.stream().allMatch(p -> p.metric("records.lost").isPresent());
        Map<String, Long> failuresByKind = new TreeMap<>();
        parts.forEach(p -> p.run().path("records").path("failuresByKind").properties()
                .forEach(e -> failuresByKind.merge(e.getKey(), e.getValue().asLong(), Long::sum)));
        Map<String, Long> maxLag = new LinkedHashMap<>();
        observer.rows().stream().filter(TimelineRow::measured).forEach(r -> r.lag().forEach((g, v) -> {
            if (v != null) {
                maxLag.merge(g, v, Math::max);
            }
        }));
        RunFigures f = new RunFigures(seconds, sum(parts, "intended"), sum(parts, "sent"), sum(parts, "acknowledged"),
                sum(parts, "failed"), sum(parts, "acknowledgedInWindow"), latency, sum(parts, "readEndToEnd"),
                sum(parts, "lost"), sum(parts, "duplicated"), sum(parts, "readButReportedFailed"), maxLag,
                MergedTimeline.inWindow(samples, PipelineMeters.MESSAGES_PRODUCED, start, end),
                MergedTimeline.inWindow(samples, PipelineMeters.CONSUMER_PROCESS_FAILURE, start, end),
                MergedTimeline.inWindow(samples, PipelineMeters.DEAD_LETTERS_DROPPED, start, end), failuresByKind, tracked,
                Map.of(), Map.of(), null, new Quantiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN), Map.of());

        Map<String, Double> thresholds = new LinkedHashMap<>();
        observer.run().path("workload").path("thresholds").properties()
                .forEach(e -> thresholds.put(e.getKey(), e.getValue().asDouble()));
        // Shown only for a figure injector 0 could not observe: what it said about its observer.
        String limits = "observed by injector 0 only, which reported: " + observer.run().path("observability");
        if (observer.rows().stream().anyMatch(r -> r.deadLetters() != null)
                && observer.rows().stream().allMatch(r -> r.droppedDeadLetters() == null)) {
            // It observed dead letters but wrote no dropped ones: a harness from before that column, not a silence.
            limits += "; its timeline has no droppedDeadLetters column (a harness older than that figure): run "
                    + "every injector on the same pipebench version";
        }
        List<Check> checks = new ArrayList<>(Verdicts.alarms(catalog, samples, start, end, f, limits,
                List.copyOf(maxLag.keySet())));
        checks.addAll(Verdicts.thresholds(thresholds, f));
        List<Check> delivery = delivery(parts);
        checks.addAll(delivery);
        checks.add(new Check("injectors.startSkew", Check.Kind.THRESHOLD,
                skew.compareTo(MAX_START_SKEW) > 0 ? Check.State.BREACHED : Check.State.OK,
                skew.toMillis() / 1000.0, MAX_START_SKEW.toMillis() / 1000.0, ">", "s",
                "spread of the " + count + " injectors' measured-window starts around the agreed instant"));
        Check stop = endSkew(parts);
        checks.add(stop);
        VerdictTable verdicts = new VerdictTable(checks).declare(notApplicable);

        Map<String, LoadMetric> metrics = RunReport.metrics(f, null);
        metrics.put("injectors.count", new LoadMetric(count, "injectors", Better.HIGHER));
        metrics.putAll(MergedCpu.perEvent(parts));
        // Each group's processing time and CPU per record: the consumers run on injector 0's host only.
        observer.summary().metrics().forEach((name, m) -> {
            if (name.startsWith("consumer.")) {
                metrics.put(name, m);
            }
        });
        // Delivery of every injector's records, where observed (a figure not observed is left out: fail closed).
        delivery.stream().filter(c -> c.observed() != null).forEach(c -> metrics.put(c.name(),
                new LoadMetric(c.observed(), "records", Better.LOWER)));
        Map<Integer, Delivery> deliveries = deliveries(parts);
        List<Map<String, Object>> table = parts.stream().map(p -> row(p, deliveries.get(p.index()))).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("runId", observer.run().path("runId").asText().replaceFirst("-i0-[^-]+$", ""));
        details.put("injectors", table);
        details.put("merge", Map.of(
                "latency", "per injector on its own host (send to acknowledgement; end-to-end by the injector's own "
                        + "tracker reading only its records); HdrHistogram logs added, never percentiles averaged",
                "latencyFrom", fromWhom,
                "counts", "summed over the injectors",
                "cpu", "cpu.perEvent.*: every injector host's CPU by part summed, over all injectors' acknowledged "
                        + "events (none when an injector has no total); consumer.* figures from injector 0, the "
                        + "consumers' host",
                "rates", "summed per second on the common timeline (seconds matched to injector 0's wall clock)",
                "observedOnce", "consumer lag, dead letters and processing failures from injector 0 only",
                "delivery", "every injector's acknowledged records reconciled with each group and the event store by "
                        + "the injector hosting the consumers; summed",
                "startSkewSeconds", skew.toMillis() / 1000.0,
                "endSkewSeconds", stop.observed() == null ? "not observed" : stop.observed()));
        details.put("workload", RunReport.JSON.convertValue(observer.run().path("workload"), Map.class));
        details.put("measuredWindow", Map.of("start", start, "end", end));
        RunReport.write(out, observer.summary().scenario(), start, seconds, metrics, verdicts, details);
        RunChart.write(out.resolve("chart.png"), observer.summary().scenario() + " x" + count, rows);
        return new Result(out, verdicts, f, metrics, table, rows);
    }

    /**
     * Whether the injectors stopped together: the spread of how long each sent, from its measured start to its last
     * send by its own timeline. Same start (checked above) and same sending time mean the same end; an injector whose
     * Gatling run was cut short still reports the planned end of its window, only its timeline shows it stopped. The
     * spread of the last sends themselves would also carry the start skew and fail a run that started within bounds.
     * One that never sent leaves its end unknown: not observed, which fails.
     */
    static Check endSkew(List<Part> parts) {
        List<Integer> silent = parts.stream().filter(p -> p.lastSend().isEmpty()).map(Part::index).toList();
        double limit = MAX_START_SKEW.toMillis() / 1000.0;
        if (!silent.isEmpty()) {
            return new Check("injectors.endSkew", Check.Kind.THRESHOLD, Check.State.NOT_OBSERVED, null, limit, ">",
                    "s", "injector(s) " + silent + " recorded no send in their timeline: when they stopped is unknown");
        }
        List<Duration> sending = parts.stream().map(p -> Duration.between(p.start(), p.lastSend().orElseThrow()))
                .sorted().toList();
        Duration skew = sending.get(sending.size() - 1).minus(sending.get(0));
        return new Check("injectors.endSkew", Check.Kind.THRESHOLD,
                skew.compareTo(MAX_START_SKEW) > 0 ? Check.State.BREACHED : Check.State.OK, skew.toMillis() / 1000.0,
                limit, ">", "s", "spread of the " + parts.size() + " injectors' sending times (measured start to last "
                        + "send, each by its own timeline, 1 s resolution): with the start skew, they stop together");
    }

    /** The per-injector table. */
    static Map<String, Object> row(Part p, Delivery delivery) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("injector", p.index());
        r.put("runId", p.run().path("runId").asText());
        r.put("measuredStart", p.start());
        r.put("lastSend", p.lastSend().map(Instant::toString).orElse("none"));
        r.put("intended", p.records("intended"));
        r.put("acknowledged", p.records("acknowledged"));
        r.put("lost", p.records("lost"));
        r.put("duplicated", p.records("duplicated"));
        LoadMetric rate = p.summary().metrics().get("rate.achieved");
        r.put("achievedRate", rate == null ? null : rate.value());
        for (String m : List.of("publish.latency.p99", "e2e.latency.p99", "cpu.perEvent.jvm")) {
            LoadMetric v = p.summary().metrics().get(m);
            r.put(m, v == null ? null : v.value());
        }
        r.put("delivery", delivery.unknown() == null ? delivery.counts() : "not reconciled: " + delivery.unknown());
        r.put("ownVerdict", p.run().path("verdict").asText());
        return r;
    }

    /** The per-injector table as text, for the console. */
    public static String render(List<Map<String, Object>> table) {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "%-9s %-28s %-26s %10s %10s %6s "
                + "%6s %10s %12s %12s%n", "injector", "run id", "measured start", "intended", "acked", "lost", "dup",
                "rate/s", "publish p99", "e2e p99"));
        for (Map<String, Object> r : table) {
            sb.append(String.format(java.util.Locale.ROOT, "%-9s %-28s %-26s %10s %10s %6s %6s %10.1f %12s %12s%n",
                    r.get("injector"), r.get("runId"), r.get("measuredStart"), r.get("intended"), r.get("acknowledged"), r.get("lost"),
                    r.get("duplicated"), r.get("achievedRate") == null ? Double.NaN : (Double) r.get("achievedRate"),
                    ms(r.get("publish.latency.p99")), ms(r.get("e2e.latency.p99"))));
        }
        return sb.toString();
    }

    private static String ms(Object v) {
        return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f ms", (Double) v);
    }

    private static long sum(List<Part> parts, String field) {
        return parts.stream().mapToLong(p -> p.records(field)).sum();
    }

    /**
     * One injector's delivery figures: acknowledged records not processed by a group or not stored, by check name
     * ({@code records.notProcessed.<group>}, {@code records.notStored}), with a few sequences not stored; or why they
     * are unknown.
     */
    record Delivery(Map<String, Long> counts, List<Long> sampleNotStored, String unknown) {
    }

    /**
     * Where each injector's records were reconciled: by itself when its JVM hosts the consumers (its own metrics),
     * else by the consumer host, injector 0, from the acknowledged records the injector delivered
     * ({@code deliveryByInjector} in injector 0's run.json, {@link InjectorRun#reconcilePeers}).
     */
    static Map<Integer, Delivery> deliveries(List<Part> parts) {
        JsonNode byInjector = parts.get(0).run().path("deliveryByInjector");
        Map<Integer, Delivery> out = new TreeMap<>();
        for (Part p : parts) {
            Map<String, Long> own = new TreeMap<>();
            p.summary().metrics().forEach((k, m) -> {
                if (k.startsWith(NOT_PROCESSED) || k.equals(NOT_STORED)) {
                    own.put(k, Math.round(m.value()));
                }
            });
            JsonNode peer = byInjector.path(String.valueOf(p.index()));
            if (!own.isEmpty()) {
                out.put(p.index(), new Delivery(own, List.of(), null));
            } else if (peer.path("reconciled").asBoolean(false)) {
                Map<String, Long> counts = new TreeMap<>();
                peer.path("notProcessed").properties().forEach(e -> counts.put(NOT_PROCESSED + e.getKey(),
                        e.getValue().asLong()));
                List<Long> sample = new ArrayList<>();
                if (peer.has("notStored")) {
                    counts.put(NOT_STORED, peer.path("notStored").asLong());
                    peer.path("sampleNotStored").forEach(n -> sample.add(n.asLong()));
                }
                out.put(p.index(), new Delivery(counts, sample, null));
            } else {
                out.put(p.index(), new Delivery(Map.of(), List.of(), peer.isMissingNode()
                        ? "no injector reconciled them with the consumer groups and the event store (only one whose "
                        + "JVM hosts the consumers can)" : peer.path("why").asText("not reconciled")));
            }
        }
        return out;
    }

    private static final String NOT_PROCESSED = "records.notProcessed.";
    private static final String NOT_STORED = "records.notStored";

    /**
     * Delivery counted where the data ends up, for every injector's records: summed over the injectors, a breach
     * naming the injectors whose records are missing; if any injector's were not reconciled, the check fails closed
     * naming them and why.
     */
    static List<Check> delivery(List<Part> parts) {
        Map<Integer, Delivery> deliveries = deliveries(parts);
        List<String> names = new ArrayList<>();
        deliveries.values().forEach(d -> d.counts().keySet().stream().filter(k -> !names.contains(k))
                .forEach(names::add));
        if (names.isEmpty()) {
            names.add("records.notProcessed");
            names.add(NOT_STORED);
        }
        List<Check> out = new ArrayList<>();
        for (String n : names) {
            long sum = 0;
            List<String> missing = new ArrayList<>();
            List<String> unseen = new ArrayList<>();
            for (Map.Entry<Integer, Delivery> e : deliveries.entrySet()) {
                Long v = e.getValue().counts().get(n);
                if (v == null) {
                    unseen.add("injector " + e.getKey() + ": " + (e.getValue().unknown() != null
                            ? e.getValue().unknown() : "no " + n + " figure for its records"));
                } else if (v > 0) {
                    sum += v;
                    List<Long> sample = e.getValue().sampleNotStored();
                    missing.add("injector " + e.getKey() + ": " + v + (n.equals(NOT_STORED) && !sample.isEmpty()
                            ? " (e.g. sequences " + sample + ")" : ""));
                }
            }
            if (sum > 0) {
                out.add(new Check(n, Check.Kind.THRESHOLD, Check.State.BREACHED, (double) sum, 0, ">", "records",
                        "acknowledged and missing, by injector: " + String.join("; ", missing)
                                + (unseen.isEmpty() ? "" : "; not reconciled: " + String.join("; ", unseen))));
            } else if (!unseen.isEmpty()) {
                out.add(new Check(n, Check.Kind.THRESHOLD, Check.State.NOT_OBSERVED, null, 0, ">", "records",
                        "not reconciled: " + String.join("; ", unseen)));
            } else {
                out.add(new Check(n, Check.Kind.THRESHOLD, Check.State.OK, 0.0, 0, ">", "records",
                        "summed over all " + parts.size() + " injectors' acknowledged records"));
            }
        }
        return out;
    }
}
