package io.pipebench.load.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.EnvironmentInfo;
import io.pipebench.gate.model.LoadMetric;
import io.pipebench.gate.model.LoadSummary;
import io.pipebench.load.measure.GroupLagView;
import io.pipebench.load.measure.HeapWatch;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.measure.RunMonitor;
import io.pipebench.load.measure.RunRecorder;
import io.pipebench.load.measure.StageCpuRatios;
import io.pipebench.load.verdict.VerdictTable;
import io.pipebench.load.verdict.Verdicts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a run folder, {@code results/load/<scenario>/<timestamp>/}: {@code summary.json} (the figures the CI gate
 * compares, with unit and direction, and every check as an alarm), {@code run.json} (what ran and how each figure was
 * obtained), and the chart; the monitor has already written the timelines and HdrHistogram logs there.
 */
public final class RunReport {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private RunReport() {
    }

    /** A new run folder under {@code root/scenario}, named by the UTC time. */
    public static Path newFolder(Path root, String scenario, Instant at) {
        Path dir = root.resolve(scenario).resolve(FOLDER.format(at));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the run folder " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** The gate's figures of a run; names are stable across runs ({@code <scenario>/<name>} in gate.yaml). */
    public static Map<String, LoadMetric> metrics(RunFigures f, HeapWatch heap) {
        Map<String, LoadMetric> m = new LinkedHashMap<>();
        m.put("rate.intended", new LoadMetric(f.intendedRate(), "events/s", Better.HIGHER));
        m.put("rate.sent", new LoadMetric(f.sentRate(), "events/s", Better.HIGHER));
        m.put("rate.achieved", new LoadMetric(f.achievedRate(), "events/s", Better.HIGHER));
        m.put("rate.achievedRatio", new LoadMetric(f.achievedRatio(), "ratio", Better.HIGHER));
        m.put("records.acked", new LoadMetric(f.acked(), "records", Better.HIGHER));
        m.put("records.failed", new LoadMetric(f.failed(), "records", Better.LOWER));
        if (f.tracked()) {
            m.put("records.lost", new LoadMetric(f.lost(), "records", Better.LOWER));
            m.put("records.duplicated", new LoadMetric(f.duplicated(), "records", Better.LOWER));
        }
        latency(m, "publish.latency", f.view(RunRecorder.View.PUBLISH));
        latency(m, "publish.intendedLatency", f.view(RunRecorder.View.INTENDED));
        latency(m, "publish.delay", f.view(RunRecorder.View.DELAY));
        latency(m, "e2e.latency", f.view(RunRecorder.View.E2E));
        latency(m, "e2e.fromSend", f.view(RunRecorder.View.E2E_FROM_SEND));
        latency(m, "stored.latency", f.view(RunRecorder.View.STORED));
        if (f.maxLag() >= 0) {
            m.put("lag.max", new LoadMetric(f.maxLag(), "records", Better.LOWER));
            f.maxLagByGroup().forEach((g, v) -> m.put("lag.max." + GroupLagView.label(g),
                    new LoadMetric(v, "records", Better.LOWER)));
        }
        if (f.reconciliation() != null) {
            f.reconciliation().notProcessed().forEach((g, n) -> m.put("records.notProcessed." + Verdicts.shortName(g),
                    new LoadMetric(n, "records", Better.LOWER)));
            if (f.reconciliation().notStored() >= 0) {
                m.put("records.notStored", new LoadMetric(f.reconciliation().notStored(), "records", Better.LOWER));
            }
        }
        // CPU per acknowledged event, by part: moves when any stage slows, whatever the rate.
        f.cpuPerEventMicros().forEach((part, us) -> m.put("cpu.perEvent." + part, new LoadMetric(us, "us",
                Better.LOWER)));
        // Each stage's own time per record: the publisher's send path and each group's handler.
        latency(m, "publish.sendCall", f.sendCall());
        f.processing().forEach((g, q) -> latency(m, "consumer." + Verdicts.shortName(g) + ".processing", q));
        // Each stage's own thread CPU per record: unlike the times above, not inflated by a busy machine.
        f.stageCpu().forEach((stage, us) -> m.put(stage.equals("publish") ? "publish.cpuPerRecord"
                : "consumer." + Verdicts.shortName(stage) + ".cpuPerRecord", new LoadMetric(us, "us", Better.LOWER)));
        // The same against the stage's peers in this run: cancels what slows every stage alike (StageCpuRatios).
        StageCpuRatios.of(f.stageCpu()).forEach((stage, r) -> m.put(stage.equals(StageCpuRatios.PUBLISH)
                ? "publish.cpuVsGroups" : "consumer." + Verdicts.shortName(stage) + ".cpuVsOtherGroups",
                new LoadMetric(r, "ratio", Better.LOWER)));
        f.deadLetters().ifPresent(v -> m.put("deadLetters", new LoadMetric(v, "records", Better.LOWER)));
        f.processingFailures().ifPresent(v -> m.put("processingFailures", new LoadMetric(v, "attempts", Better.LOWER)));
        f.droppedDeadLetters().ifPresent(v -> m.put("deadLettersDropped", new LoadMetric(v, "records", Better.LOWER)));
        if (heap != null) {
            m.put("jvm.heap.maxUsed", new LoadMetric(Math.round(heap.maxUsedMb()), "MB", Better.LOWER));
            m.put("jvm.heap.maxAfterGc", new LoadMetric(Math.round(heap.maxAfterGcMb()), "MB", Better.LOWER));
        }
        return m;
    }

    private static void latency(Map<String, LoadMetric> m, String name, Quantiles q) {
        if (q == null || q.empty()) {
            return;
        }
        m.put(name + ".p50", new LoadMetric(q.p50(), "ms", Better.LOWER));
        m.put(name + ".p95", new LoadMetric(q.p95(), "ms", Better.LOWER));
        m.put(name + ".p99", new LoadMetric(q.p99(), "ms", Better.LOWER));
        m.put(name + ".p999", new LoadMetric(q.p999(), "ms", Better.LOWER));
        m.put(name + ".max", new LoadMetric(q.max(), "ms", Better.LOWER));
    }

    /** The histogram logs the monitor wrote, by metric name, as the gate reads them. */
    public static Map<String, String> histograms(Path dir) {
        Map<String, String> h = new LinkedHashMap<>();
        put(h, dir, "publish.latency", RunMonitor.hlogName(RunRecorder.View.PUBLISH));
        put(h, dir, "publish.intendedLatency", RunMonitor.hlogName(RunRecorder.View.INTENDED));
        put(h, dir, "publish.delay", RunMonitor.hlogName(RunRecorder.View.DELAY));
        put(h, dir, "e2e.latency", RunMonitor.hlogName(RunRecorder.View.E2E));
        put(h, dir, "e2e.fromSend", RunMonitor.hlogName(RunRecorder.View.E2E_FROM_SEND));
        put(h, dir, "stored.latency", RunMonitor.hlogName(RunRecorder.View.STORED));
        return h;
    }

    private static void put(Map<String, String> h, Path dir, String name, String file) {
        if (Files.isRegularFile(dir.resolve(file))) {
            h.put(name, file);
        }
    }

    /** The versions of the system under test, as this command's driver describes them (one driver per command). */
    private static volatile Map<String, String> versions = Map.of();

    /** The environment as it was when the command opened its driver; null before. */
    private static volatile EnvironmentInfo atStart;

    /**
     * Sets the versions the driver reports, when the command opens its driver, and captures the environment then:
     * the checkout's commit and whether it was dirty describe the code this JVM loaded at the start, not files
     * someone changed while a 30-minute run went on.
     */
    public static void versions(Map<String, String> driverVersions) {
        versions = Map.copyOf(driverVersions);
        atStart = EnvironmentInfo.capture(versions.getOrDefault("kafka", "none"));
    }

    /** Forgets the captured environment (tests, which open no driver after it, must not leave theirs behind). */
    static void forgetEnvironment() {
        atStart = null;
    }

    /**
     * The machine, JVM, checkout and the measured Kafka version ({@code none} without a Kafka driver), as captured
     * when the driver opened; captured now when no driver was opened.
     */
    public static EnvironmentInfo environment() {
        EnvironmentInfo start = atStart;
        return start != null ? start : EnvironmentInfo.capture(versions.getOrDefault("kafka", "none"));
    }

    /** Writes summary.json and run.json. */
    public static void write(Path dir, String scenario, Instant startedAt, double seconds,
                             Map<String, LoadMetric> metrics, VerdictTable verdicts, Map<String, Object> details) {
        try {
            new LoadSummary(scenario, startedAt, seconds, environment(), metrics, verdicts.toAlarmResults(),
                    histograms(dir)).write(dir.resolve(LoadSummary.FILE_NAME));
            Map<String, Object> run = new LinkedHashMap<>(details);
            run.put("checks", verdicts.checks());
            run.put("verdict", verdicts.passed() ? "PASS" : "FAIL");
            JSON.writeValue(dir.resolve("run.json").toFile(), run);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the run summary in " + dir + ": " + e.getMessage(), e);
        }
    }
}
