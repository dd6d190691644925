package io.pipebench.load.scenario;

import io.pipebench.load.report.MachineLoad;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.LoadMetric;
import io.pipebench.load.measure.HeapWatch;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.measure.RunRecorder;
import io.pipebench.load.report.RunReport;
import io.pipebench.load.verdict.Check;
import io.pipebench.load.verdict.Hold;
import io.pipebench.load.verdict.VerdictTable;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What the max-rate search reports: each step's line, summary.json, steps.json, the chart and the closing lines. */
final class MaxRateReport {

    private MaxRateReport() {
    }

    /** A step as the console shows it. */
    static String line(MaxRateSearch.Step s) {
        RunFigures f = s.run().figures();
        return String.format(Locale.ROOT, "[max-rate] step %d: %.0f/s intended, %.0f/s acknowledged (%.3f), publish p95 "
                        + "%.1f ms, e2e p95 %.1f ms, max lag %d, lag slope %s, lost %d -> %s%s", s.number(),
                s.rate(), f.achievedRate(), f.achievedRatio(), f.view(RunRecorder.View.PUBLISH).p95(),
                f.view(RunRecorder.View.E2E).p95(), f.maxLag(), slope(s.hold().steepestLagSlope()), f.lost(),
                s.passed() ? "PASS" : "FAIL", s.passed() ? "" : " (" + String.join("; ",
                        s.verdict().failed().stream().map(Check::failureLine).toList()) + ")");
    }

    /** The held window's steepest lag slope; none is computed when no window held (not a NaN for a reader). */
    static String slope(double recordsPerSecond) {
        return Double.isNaN(recordsPerSecond) ? "- (no window held)"
                : String.format(Locale.ROOT, "%.1f/s", recordsPerSecond);
    }

    /**
     * Writes the search's results into {@code dir} and prints its end; returns the exit status (1 when no rate was
     * held and confirmed).
     *
     * @param settings the search's settings as the report shows them
     * @param cluster  the cluster, described
     */
    static int write(Path dir, List<MaxRateSearch.Step> steps, RateSearch search, Hold.Rules rules, HeapWatch heap,
                     Map<String, Object> settings, String cluster, long began, double lagLimit, PrintStream out)
            throws IOException {
        List<MaxRateSearch.Step> holds = search.holds().stream().map(steps::get).toList();
        double held = search.heldRate();
        Optional<MaxRateSearch.Step> best = holds.stream().filter(MaxRateSearch.Step::passed).findFirst();
        Map<String, LoadMetric> metrics = new LinkedHashMap<>();
        metrics.put("rate.held", new LoadMetric(held, "events/s", Better.HIGHER));
        metrics.put("rate.heldSeconds", new LoadMetric(held > 0 ? rules.holdSeconds() : 0, "s", Better.HIGHER));
        metrics.put("rate.heldRuns", new LoadMetric(holds.size(), "runs", Better.HIGHER));
        if (!holds.isEmpty()) {
            double lo = holds.stream().mapToDouble(s -> s.run().figures().achievedRate()).min().orElse(0);
            double hi = holds.stream().mapToDouble(s -> s.run().figures().achievedRate()).max().orElse(0);
            metrics.put("rate.heldSpread", new LoadMetric(hi - lo, "events/s", Better.LOWER));
        }
        metrics.put("maxRate.sustainable", new LoadMetric(search.good(), "events/s", Better.HIGHER));
        if (search.bad() != Double.POSITIVE_INFINITY) {
            metrics.put("maxRate.firstFailing", new LoadMetric(search.bad(), "events/s", Better.HIGHER));
        }
        best.ifPresent(b -> RunReport.metrics(b.run().figures(), heap)
                .forEach((k, v) -> metrics.put("atMaxRate." + k, v)));
        List<Map<String, Object>> stepRows = steps.stream().map(MaxRateReport::row).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("result", String.format(Locale.ROOT, "%.0f events/s held and confirmed (%.0f passed once)",
                held, search.good()));
        details.put("stoppedBecause", search.reason());
        details.put("held", search.why());
        details.put("heldRule", rules.describe());
        Map<String, Object> searchDetails = new LinkedHashMap<>();
        searchDetails.put("startRate", steps.isEmpty() ? 0 : steps.get(0).rate());
        searchDetails.putAll(settings);
        details.put("search", searchDetails);
        details.put("cluster", cluster);
        details.put("steps", stepRows);
        details.put("wallSeconds", (System.nanoTime() - began) / 1_000_000_000L);
        details.put("note", MachineLoad.note());
        VerdictTable verdict = best.filter(b -> held > 0).map(MaxRateSearch.Step::verdict).orElse(new VerdictTable(
                List.of(new Check("rate.held", Check.Kind.THRESHOLD, Check.State.BREACHED, 0.0, 0, "<=", "events/s",
                        search.why()))));
        RunReport.write(dir, "max-rate", Instant.now(), steps.stream().mapToLong(s ->
                s.run().settings().plan().measuredSeconds()).sum(), metrics, verdict, details);
        RunReport.JSON.writeValue(dir.resolve("steps.json").toFile(), stepRows);
        MaxRateChart.write(dir.resolve("chart.png"), steps, lagLimit);

        out.println();
        out.println("[max-rate] steps:");
        steps.forEach(s -> out.println("  " + line(s)));
        out.printf(Locale.ROOT, "[max-rate] search: %.0f events/s passed once; stopped because %s.%n[max-rate] held: "
                + "%s (%s)%n", search.good(), search.reason(), search.why(), rules.describe());
        out.println("Results: " + dir.toAbsolutePath());
        if (held <= 0) {
            System.err.println("Max-rate search: no rate was held and confirmed: " + search.why() + " (see " + dir
                    + "/steps.json)");
            return 1;
        }
        return 0;
    }

    private static Map<String, Object> row(MaxRateSearch.Step s) {
        RunFigures f = s.run().figures();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", s.number());
        row.put("intendedRate", s.rate());
        row.put("achievedRate", f.achievedRate());
        row.put("achievedRatio", f.achievedRatio());
        row.put("publishP95Ms", f.view(RunRecorder.View.PUBLISH).p95());
        row.put("intendedP95Ms", f.view(RunRecorder.View.INTENDED).p95());
        row.put("e2eP95Ms", f.view(RunRecorder.View.E2E).p95());
        row.put("maxLag", f.maxLagByGroup());
        row.put("lagSlopePerSecond", s.hold().steepestLagSlope());
        row.put("held", s.hold().reason());
        row.put("lost", f.lost());
        row.put("duplicated", f.duplicated());
        row.put("passed", s.passed());
        row.put("breached", s.verdict().failed().stream().map(Check::failureLine).toList());
        row.put("checks", s.verdict().checks());
        row.put("stoppedEarly", s.run().measurements().stopReason());
        row.put("drainedBefore", s.drainedBefore());
        row.put("wallSeconds", s.run().wallTime().toSeconds());
        row.put("folder", MaxRateSearch.stepFolder(s.number(), s.rate()));
        return row;
    }
}
