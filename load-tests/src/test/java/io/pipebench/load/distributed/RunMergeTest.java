package io.pipebench.load.distributed;

import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.gate.hdr.IntervalLog;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.LoadMetric;
import io.pipebench.gate.model.LoadSummary;
import io.pipebench.load.measure.RunFiles;
import io.pipebench.load.measure.RunRecorder;
import io.pipebench.load.measure.TimelineRow;
import io.pipebench.load.report.RunReport;
import io.pipebench.load.verdict.Check;
import io.pipebench.load.verdict.VerdictTable;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RunMergeTest {

    static final Instant T0 = Instant.parse("2026-11-30T04:00:00Z");
    static final long HIGHEST = 3_600_000_000L;
    static final int SECONDS = 60;
    static final int PER_SECOND = 100;
    static final AlarmCatalog ALARMS = AlarmCatalog.loadOrStandard(Optional.empty());

    @TempDir
    Path tmp;
    /** Dead letters each injector's timeline counts per second, and the topic its run.json names for them. */
    private long deadLettersPerSecond;
    private String deadLetterTopic = "dead-letter-queue";
    /** False: injector 0 wrote its timeline as a harness from before the dropped-dead-letter column did. */
    private boolean droppedColumn = true;
    /** What injector 0, the consumer host, reconciled of the other injectors' records (its run.json). */
    private Map<String, Object> deliveryByInjector;
    /** Injectors that stopped sending this many seconds before their planned end (their window still says planned). */
    private final Map<Integer, Integer> stopEarlySeconds = new java.util.HashMap<>();
    /** False: the injectors wrote no CPU figures (one could not read its CPU). */
    private boolean cpuReported = true;

    /**
     * One injector's run folder as the harness writes it: {@code PER_SECOND} acknowledged records a second whose
     * publish latencies (µs) are drawn around {@code latencyMicros}; lag {@code lag} every second.
     */
    private RunMerge.Part part(int index, long latencyMicros, long lag, long startOffsetMs, Histogram all,
                               boolean reconciled) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("injector-" + index));
        SplittableRandom random = new SplittableRandom(index);
        Instant start = T0.plusMillis(startOffsetMs);
        Histogram total = new Histogram(HIGHEST, 3);
        List<TimelineRow> rows = new ArrayList<>();
        try (IntervalLog w = IntervalLog.create(dir.resolve(RunFiles.hlogName(RunRecorder.View.PUBLISH)),
                "publish latency in microseconds", start.toEpochMilli())) {
            for (int s = 0; s < SECONDS; s++) {
                Histogram h = new Histogram(HIGHEST, 3);
                for (int k = 0; k < PER_SECOND; k++) {
                    long v = latencyMicros + (long) (random.nextDouble() * random.nextDouble() * 20 * latencyMicros);
                    h.recordValue(v);
                    all.recordValue(v);
                }
                h.setStartTimeStamp(start.toEpochMilli() + s * 1000L);
                h.setEndTimeStamp(start.toEpochMilli() + s * 1000L + 1000 + 250);
                w.add(h);
                total.add(h);
                Instant at = start.plusSeconds(s + 1);
                long sent = s < SECONDS - stopEarlySeconds.getOrDefault(index, 0) ? PER_SECOND : 0;
                rows.add(new TimelineRow(s, s, at, "measure", PER_SECOND, sent, PER_SECOND, 0, null, null,
                        null, null, null, null, null, Map.of("genai-demo-audit", lag), lag, (s + 1) * deadLettersPerSecond, 0L,
                        droppedColumn || index != 0 ? 0L : null, null));
            }
        }
        try (RunFiles files = RunFiles.open(dir, "steady", false, start::toEpochMilli)) {
            rows.forEach(files::row);
        }
        Map<String, LoadMetric> metrics = new LinkedHashMap<>();
        Quantiles q = Quantiles.of(total);
        metrics.put("rate.achieved", new LoadMetric(PER_SECOND, "events/s", Better.HIGHER));
        metrics.put("records.lost", new LoadMetric(0, "records", Better.LOWER));
        metrics.put("publish.latency.p99", new LoadMetric(q.p99(), "ms", Better.LOWER));
        // Every host runs a harness; PostgreSQL and the consumers only beside injector 0.
        if (cpuReported) {
            metrics.put("cpu.perEvent.jvm", new LoadMetric(100.0 * (index + 1), "us", Better.LOWER));
            metrics.put("cpu.perEvent.total", new LoadMetric(100.0 * (index + 1) + (index == 0 ? 600 : 0), "us",
                    Better.LOWER));
        }
        if (index == 0) {
            metrics.put("cpu.perEvent.postgres", new LoadMetric(600, "us", Better.LOWER));
            metrics.put("consumer.audit.processing.p95", new LoadMetric(4.5, "ms", Better.LOWER));
        }
        if (reconciled) {
            metrics.put("records.notProcessed.audit", new LoadMetric(0, "records", Better.LOWER));
            metrics.put("records.notStored", new LoadMetric(0, "records", Better.LOWER));
        }
        long n = (long) SECONDS * PER_SECOND;
        Map<String, Object> records = Map.of("intended", n, "sent", n, "acknowledged", n, "acknowledgedInWindow", n,
                "failed", 0, "readEndToEnd", n, "lost", 0, "duplicated", 0, "readButReportedFailed", 0,
                "failuresByKind", Map.of());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("runId", "r1-i" + index + "-steady");
        details.put("workload", Map.of("measuredSeconds", SECONDS, "thresholds",
                Map.of("minAchievedRateRatio", 0.95, "lostRecords", 0.0)));
        details.put("measuredWindow", Map.of("start", start, "end", start.plusSeconds(SECONDS)));
        details.put("records", records);
        details.put("observability", "processing failures and dead letters read from the consumers' meters");
        if (deadLetterTopic != null) {
            details.put("deadLetterTopic", deadLetterTopic);
        }
        if (index == 0 && deliveryByInjector != null) {
            details.put("deliveryByInjector", deliveryByInjector);
        }
        RunReport.write(dir, "steady", start, SECONDS, metrics, new VerdictTable(List.of()), details);
        return RunMerge.read(index, dir);
    }

    private static Check check(RunMerge.Result r, String name) {
        return r.verdicts().checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private List<RunMerge.Part> three(Histogram all, long lagOfInjector0) throws IOException {
        return List.of(part(0, 5_000, lagOfInjector0, 0, all, true), part(1, 8_000, 900, 300, all, true),
                part(2, 40_000, 900, -200, all, true));
    }

    @Test
    void mergedPercentilesAreThoseOfTheConcatenatedRawSamples() throws IOException {
        Histogram all = new Histogram(HIGHEST, 3);
        List<RunMerge.Part> parts = three(all, 10);
        RunMerge.Result r = RunMerge.merge(parts, 3, ALARMS, Map.of(), tmp.resolve("merged"));

        Quantiles expected = Quantiles.of(all);
        Quantiles merged = r.figures().view(RunRecorder.View.PUBLISH);
        assertThat(merged).isEqualTo(expected);
        // What the merge guards against: the mean of the injectors' p99s is not the p99 of anything.
        double meanOfP99s = parts.stream().mapToDouble(p -> p.summary().metrics().get("publish.latency.p99").value())
                .average().orElseThrow();
        assertThat(meanOfP99s).isNotCloseTo(expected.p99(), org.assertj.core.data.Percentage.withPercentage(5));
        // The merged summary.json is in the usual form, with its histogram log, and reads back the same.
        LoadSummary summary = LoadSummary.read(tmp.resolve("merged"));
        assertThat(summary.metrics().get("publish.latency.p99").value()).isEqualTo(expected.p99());
        assertThat(summary.histograms()).containsEntry("publish.latency", "publish-latency.hlog");
        assertThat(summary.metrics().get("injectors.count").value()).isEqualTo(3);
    }

    @Test
    void countsAndRatesAreSummedLagIsObservedOnceAndTheVerdictPasses() throws IOException {
        RunMerge.Result r = RunMerge.merge(three(new Histogram(3), 10), 3, ALARMS, Map.of(), tmp.resolve("m"));

        assertThat(r.figures().acked()).isEqualTo(3L * SECONDS * PER_SECOND);
        assertThat(r.figures().achievedRate()).isEqualTo(3.0 * PER_SECOND);
        // Seconds matched on the common timeline: each second holds all three injectors' records, none twice.
        assertThat(r.rows()).hasSize(SECONDS);
        assertThat(r.rows()).allSatisfy(row -> assertThat(row.acked()).isEqualTo(3L * PER_SECOND));
        // Lag exists once per run: injector 0's 10, not 10 + 900 + 900 and not the others' 900.
        assertThat(r.figures().maxLagByGroup()).containsExactly(Map.entry("genai-demo-audit", 10L));
        assertThat(r.verdicts().passed()).as(r.verdicts().render()).isTrue();
        assertThat(r.injectors()).extracting(m -> m.get("injector")).containsExactly(0, 1, 2);
        assertThat(RunMerge.render(r.injectors())).contains("r1", "100.0");
        assertThat(Files.readString(tmp.resolve("m").resolve("run.json"))).contains("\"injectors\"", "observedOnce");
    }

    /** The merged summary had no CPU per event and no consumer figures, so the gate could not judge a scale-out run. */
    @Test
    void cpuPerEventIsEveryHostsCpuOverEveryInjectorsEventsAndConsumerFiguresComeFromInjector0() throws IOException {
        RunMerge.merge(three(new Histogram(3), 10), 3, ALARMS, Map.of(), tmp.resolve("m"));
        Map<String, LoadMetric> merged = LoadSummary.read(tmp.resolve("m")).metrics();
        // Equal event counts: jvm (100 + 200 + 300) / 3; PostgreSQL's 600 per injector 0 event over three times
        // the events; total = 700 + 200 + 300 over three.
        assertThat(merged.get("cpu.perEvent.jvm").value()).isCloseTo(200.0, within(1e-9));
        assertThat(merged.get("cpu.perEvent.postgres").value()).isCloseTo(200.0, within(1e-9));
        assertThat(merged.get("cpu.perEvent.total").value()).isCloseTo(400.0, within(1e-9));
        assertThat(merged.get("consumer.audit.processing.p95").value()).isEqualTo(4.5);

        cpuReported = false;
        RunMerge.merge(three(new Histogram(3), 10), 3, ALARMS, Map.of(), tmp.resolve("m2"));
        assertThat(LoadSummary.read(tmp.resolve("m2")).metrics()).doesNotContainKeys("cpu.perEvent.jvm",
                "cpu.perEvent.postgres", "cpu.perEvent.total");
    }

    @Test
    void theLagAlarmFiresOnTheObserversLag() throws IOException {
        RunMerge.Result r = RunMerge.merge(three(new Histogram(3), 1500), 3, ALARMS, Map.of(), tmp.resolve("m"));
        assertThat(check(r, "high-consumer-lag").state()).isEqualTo(Check.State.BREACHED);
    }

    @Test
    void theProducerLatencyAlarmIsJudgedOnTheMergedSeconds() throws IOException {
        // Injector 2 alone is slow (p95 over 1 s); the alarm's p95 over everyone's records must still see it.
        Histogram all = new Histogram(3);
        List<RunMerge.Part> parts = List.of(part(0, 5_000, 10, 0, all, true), part(1, 5_000, 10, 0, all, true),
                part(2, 900_000, 10, 0, all, true));
        RunMerge.Result r = RunMerge.merge(parts, 3, ALARMS, Map.of(), tmp.resolve("m"));
        assertThat(check(r, "high-producer-latency").state()).isEqualTo(Check.State.BREACHED);
    }

    @Test
    void injectorsThatStartedTooFarApartFailTheRun() throws IOException {
        Histogram all = new Histogram(3);
        List<RunMerge.Part> parts = List.of(part(0, 5_000, 10, 0, all, true), part(1, 5_000, 10, 2_500, all, true));
        RunMerge.Result r = RunMerge.merge(parts, 2, ALARMS, Map.of(), tmp.resolve("m"));
        assertThat(check(r, "injectors.startSkew").state()).isEqualTo(Check.State.BREACHED);
    }

    @Test
    void injectorsThatStoppedTooFarApartFailTheRun() throws IOException {
        Histogram all = new Histogram(3);
        stopEarlySeconds.put(1, 1);
        RunMerge.Result within = RunMerge.merge(List.of(part(0, 5_000, 10, 0, all, true),
                part(1, 5_000, 10, 0, all, true)), 2, ALARMS, Map.of(), tmp.resolve("m1"));
        assertThat(check(within, "injectors.endSkew").state()).isEqualTo(Check.State.OK);
        // Its planned window is the same as everyone's; only its timeline shows it stopped 3 s early.
        stopEarlySeconds.put(1, 3);
        RunMerge.Result apart = RunMerge.merge(List.of(part(0, 5_000, 10, 0, all, true),
                part(1, 5_000, 10, 0, all, true)), 2, ALARMS, Map.of(), tmp.resolve("m2"));
        assertThat(check(apart, "injectors.endSkew").state()).isEqualTo(Check.State.BREACHED);
        assertThat(check(apart, "injectors.endSkew").observed()).isEqualTo(3.0);
        assertThat(check(apart, "injectors.startSkew").state()).isEqualTo(Check.State.OK);
        // Started 1.5 s later (within the start skew) and sent its whole time: it ends 1.5 s later, which is fine.
        stopEarlySeconds.clear();
        RunMerge.Result late = RunMerge.merge(List.of(part(0, 5_000, 10, 0, all, true),
                part(1, 5_000, 10, 1_500, all, true)), 2, ALARMS, Map.of(), tmp.resolve("m4"));
        assertThat(check(late, "injectors.endSkew").state()).isEqualTo(Check.State.OK);
        assertThat(check(late, "injectors.endSkew").observed()).isEqualTo(0.0);
        stopEarlySeconds.put(1, SECONDS);
        RunMerge.Result silent = RunMerge.merge(List.of(part(0, 5_000, 10, 0, all, true),
                part(1, 5_000, 10, 0, all, true)), 2, ALARMS, Map.of(), tmp.resolve("m3"));
        assertThat(check(silent, "injectors.endSkew").state()).isEqualTo(Check.State.NOT_OBSERVED);
        assertThat(check(silent, "injectors.endSkew").detail()).contains("injector(s) [1] recorded no send");
        assertThat(silent.verdicts().passed()).isFalse();
    }

    @Test
    void aMissingOrIncompleteInjectorFailsTheMergeByName() throws IOException {
        Histogram all = new Histogram(3);
        List<RunMerge.Part> two = List.of(part(0, 5_000, 10, 0, all, true), part(2, 5_000, 10, 0, all, true));
        assertThatThrownBy(() -> RunMerge.merge(two, 3, ALARMS, Map.of(), tmp.resolve("m")))
                .isInstanceOfSatisfying(Barrier.InjectorFailure.class, e -> assertThat(e.injectors()).containsExactly(1))
                .hasMessageContaining("injector 1 of 3 sent no results");
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("summary.json"), "{}");
        assertThatThrownBy(() -> RunMerge.read(4, broken)).hasMessageContaining("injector 4's results lack run.json");
    }

    @Test
    void deliveryFailsClosedForInjectorsWhoseRecordsWereNotReconciled() throws IOException {
        Histogram all = new Histogram(3);
        List<RunMerge.Part> parts = List.of(part(0, 5_000, 10, 0, all, true), part(1, 5_000, 10, 0, all, false),
                part(2, 5_000, 10, 0, all, false));
        RunMerge.Result r = RunMerge.merge(parts, 3, ALARMS, Map.of(), tmp.resolve("m"));
        Check notStored = check(r, "records.notStored");
        assertThat(notStored.state()).isEqualTo(Check.State.NOT_OBSERVED);
        assertThat(notStored.detail()).contains("injector 1: no injector reconciled them", "injector 2: no injector");
        assertThat(r.verdicts().passed()).isFalse();
    }

    /** Injector 0's reconciliation of another injector's records: all there but {@code notStored}. */
    private static Map<String, Object> reconciled(long notStored, List<Long> sample) {
        return Map.of("reconciled", true, "acknowledged", (long) SECONDS * PER_SECOND,
                "notProcessed", Map.of("audit", 0L), "notStored", notStored, "sampleNotStored", sample);
    }

    private List<RunMerge.Part> hostAndTwoPeers() throws IOException {
        Histogram all = new Histogram(3);
        return List.of(part(0, 5_000, 10, 0, all, true), part(1, 5_000, 10, 0, all, false),
                part(2, 5_000, 10, 0, all, false));
    }

    @Test
    void everyInjectorsRecordsReconciledByTheConsumerHostPassAndAreSummedInTheSummary() throws IOException {
        deliveryByInjector = Map.of("1", reconciled(0, List.of()), "2", reconciled(0, List.of()));
        RunMerge.Result r = RunMerge.merge(hostAndTwoPeers(), 3, ALARMS, Map.of(), tmp.resolve("m"));

        assertThat(check(r, "records.notStored").state()).isEqualTo(Check.State.OK);
        assertThat(check(r, "records.notStored").detail()).contains("all 3 injectors");
        assertThat(check(r, "records.notProcessed.audit").state()).isEqualTo(Check.State.OK);
        assertThat(r.verdicts().passed()).as(r.verdicts().render()).isTrue();
        assertThat(r.metrics()).containsKeys("records.notStored", "records.notProcessed.audit");
        assertThat(r.injectors()).extracting(m -> m.get("delivery"))
                .allSatisfy(d -> assertThat(d).isInstanceOf(Map.class));
    }

    @Test
    void oneInjectorsEventMissingFromTheStoreFailsTheMergedVerdictNamingIt() throws IOException {
        deliveryByInjector = Map.of("1", reconciled(0, List.of()), "2", reconciled(1, List.of(17L)));
        RunMerge.Result r = RunMerge.merge(hostAndTwoPeers(), 3, ALARMS, Map.of(), tmp.resolve("m"));

        Check notStored = check(r, "records.notStored");
        assertThat(notStored.state()).isEqualTo(Check.State.BREACHED);
        assertThat(notStored.observed()).isEqualTo(1.0);
        assertThat(notStored.detail()).contains("injector 2: 1 (e.g. sequences [17])").doesNotContain("injector 1");
        assertThat(r.verdicts().passed()).isFalse();
        assertThat(r.verdicts().failureMessage("distributed")).contains("records.notStored");
    }

    @Test
    void anInjectorTheConsumerHostCouldNotReconcileFailsClosedWithTheReason() throws IOException {
        deliveryByInjector = Map.of("1", reconciled(0, List.of()), "2", Map.of("reconciled", false, "why",
                "injector 2's part has no acknowledged.bin.gz"));
        RunMerge.Result r = RunMerge.merge(hostAndTwoPeers(), 3, ALARMS, Map.of(), tmp.resolve("m"));

        Check notStored = check(r, "records.notStored");
        assertThat(notStored.state()).isEqualTo(Check.State.NOT_OBSERVED);
        assertThat(notStored.detail()).contains("injector 2: injector 2's part has no acknowledged.bin.gz")
                .doesNotContain("injector 1");
        assertThat(r.metrics()).doesNotContainKey("records.notStored");
        assertThat(r.verdicts().passed()).isFalse();
    }

    @Test
    void theDeadLetterAlarmFiresOnTheObserversDeadLettersUnderTheTopicItsDriverNamed() throws IOException {
        deadLettersPerSecond = 1; // 60 in the window: over the alarm's 5
        RunMerge.Result r = RunMerge.merge(three(new Histogram(3), 10), 3, ALARMS, Map.of(), tmp.resolve("m"));
        assertThat(check(r, "dead-letter-queue-growth").state()).isEqualTo(Check.State.BREACHED);
        // Observed once: injector 0's 60, not three injectors' 180.
        assertThat(r.figures().deadLetters()).hasValue(60);
    }

    @Test
    void anObserverFromBeforeTheDroppedLetterColumnFailsThatCheckSayingWhy() throws IOException {
        droppedColumn = false;
        RunMerge.Result r = RunMerge.merge(three(new Histogram(3), 10), 3, ALARMS, Map.of(), tmp.resolve("m"));
        Check dropped = check(r, "dead-letters-dropped");
        assertThat(dropped.state()).isEqualTo(Check.State.NOT_OBSERVED);
        assertThat(dropped.detail()).contains("no droppedDeadLetters column").contains("same pipebench version");
        // The figures it did write are still judged.
        assertThat(check(r, "dead-letter-queue-growth").state()).isEqualTo(Check.State.OK);
        assertThat(r.verdicts().passed()).isFalse();
    }

    @Test
    void deadLettersWithoutTheirTopicNamedFailTheMerge() {
        deadLetterTopic = null;
        assertThatThrownBy(() -> RunMerge.merge(three(new Histogram(3), 10), 3, ALARMS, Map.of(), tmp.resolve("m")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("names no deadLetterTopic");
    }
}
