package io.pipebench.load.scenario;

import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.LoadMetric;
import io.pipebench.load.harness.LoadEnvironment;
import io.pipebench.load.harness.LoadOptions;
import io.pipebench.load.harness.LoadRun;
import io.pipebench.load.harness.SetupException;
import io.pipebench.load.harness.Settle;
import io.pipebench.load.measure.HeapWatch;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.measure.RunRecorder;
import io.pipebench.load.measure.StopRule;
import io.pipebench.load.measure.TimelineRow;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.report.RunChart;
import io.pipebench.load.report.RunReport;
import io.pipebench.load.verdict.Check;
import io.pipebench.load.verdict.Hold;
import io.pipebench.load.verdict.VerdictTable;
import io.pipebench.load.verdict.Verdicts;
import io.pipebench.workload.Durations;
import io.pipebench.workload.RateProfile;
import io.pipebench.workload.Workload;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the highest rate at which every alarm and threshold still holds, on one cluster and one running system (no
 * restart between steps). Steps hold one rate each: while a step passes, the next rate is {@code stepFactor} times
 * higher; after the first failure it bisects between the last good and the first bad rate until they are within
 * {@code precision} of each other. It stops when converged, after {@code maxSteps} steps, or when the next step would
 * pass {@code maxTime}, and says which.
 *
 * <p>A step passes only when its rate is held ({@link Hold}: measured for at least the hold, by default the longest
 * alarm period, with at least 95% acknowledged, no group's lag growing beyond noise and every alarm OK over the
 * window), every workload threshold holds, and every acknowledged event was processed by each group and stored. The
 * answer is then confirmed: the best rate is held {@value #CONFIRMATIONS} more times; if a confirmation fails, the
 * next lower passing rate is confirmed instead. {@code rate.held} is the confirmed rate, with the spread of the
 * acknowledged rate over its holds.
 */
public final class MaxRateSearch {

    static final double MIN_ACHIEVED_RATIO = 0.95;
    static final int CONFIRMATIONS = 2;

    private MaxRateSearch() {
    }

    /** One step: its rate, its run, its verdict. */
    record Step(int number, double rate, LoadRun.Result run, VerdictTable verdict, Hold.Result hold,
                boolean drainedBefore) {
        boolean passed() {
            return verdict.passed();
        }
    }

    public static int run(LoadOptions o, Workload w, AlarmCatalog catalog, HeapWatch heap, PrintStream out)
            throws InterruptedException {
        if (o.stepFactor <= 1) {
            throw new IllegalArgumentException("-DstepFactor must be > 1, was " + o.stepFactor);
        }
        if (o.precision <= 0 || o.precision >= 1) {
            throw new IllegalArgumentException("-Dprecision must be between 0 and 1, e.g. 0.10, was " + o.precision);
        }
        if (o.maxSteps < 1) {
            throw new IllegalArgumentException("-DmaxSteps must be >= 1, was " + o.maxSteps);
        }
        Duration maxTime = Durations.parse("-DmaxTime", o.maxTime);
        Map<String, Double> thresholds = new LinkedHashMap<>(w.thresholds());
        thresholds.putIfAbsent("minAchievedRateRatio", MIN_ACHIEVED_RATIO);
        double lagLimit = StandardScenario.lagThreshold(catalog);
        Hold.Rules rules = StandardScenario.holdRules(o, catalog);
        Duration stepDuration = w.duration().toSeconds() >= rules.holdSeconds() ? w.duration()
                : Duration.ofSeconds(rules.holdSeconds());
        Path dir = RunReport.newFolder(o.results, "max-rate", Instant.now());
        List<Step> steps = new ArrayList<>();
        long began = System.nanoTime();
        long deadline = began + maxTime.toNanos();
        String reason;
        out.printf(Locale.ROOT, "[max-rate] start at %.0f events/s, x%.2f while every check holds, then bisect to "
                        + "within %.0f%%, then confirm %d more times; each step %d s warm-up + %d s measured; at most "
                        + "%d steps and %d min%n[max-rate] %s%n", w.rate().peakRate(), o.stepFactor, 100 * o.precision,
                CONFIRMATIONS, w.warmup().toSeconds(), stepDuration.toSeconds(), o.maxSteps, maxTime.toMinutes(),
                rules.describe());
        try (LoadEnvironment env = LoadEnvironment.open(o, w, true, out)) {
            Settle.run(env, o, w, Durations.parse("-Dsettle", o.settle), out);
            double good = 0;
            double bad = Double.POSITIVE_INFINITY;
            double rate = w.rate().peakRate();
            while (true) {
                if (steps.size() >= o.maxSteps) {
                    reason = String.format(Locale.ROOT, "reached the step limit of %d steps (-DmaxSteps) with the "
                            + "answer between %.0f and %s events/s", o.maxSteps, good, bound(bad));
                    break;
                }
                long stepNanos = w.warmup().plus(stepDuration).plusSeconds(40).toNanos();
                if (System.nanoTime() + stepNanos > deadline) {
                    reason = String.format(Locale.ROOT, "the next step would pass the time limit of %d min "
                            + "(-DmaxTime) with the answer between %.0f and %s events/s", maxTime.toMinutes(), good,
                            bound(bad));
                    break;
                }
                boolean drained = steps.isEmpty() || LoadRun.awaitLagDrained(env, Duration.ofSeconds(120));
                if (!drained) {
                    out.println("[max-rate] the consumer groups did not drain within 120 s; the next step starts "
                            + "with a backlog");
                }
                Step step = step(env, o, w, stepDuration, catalog, rules, thresholds, lagLimit, dir,
                        steps.size() + 1, rate, good > 0 ? Math.min(good, rate) : rate / 10, drained, out);
                steps.add(step);
                out.println(line(step));
                if (step.passed()) {
                    good = Math.max(good, rate);
                } else {
                    bad = Math.min(bad, rate);
                }
                if (bad == Double.POSITIVE_INFINITY) {
                    rate = rate * o.stepFactor;
                } else if (good == 0) {
                    if (bad / 2 < 1) {
                        reason = "no rate of at least 1 event/s held every check";
                        break;
                    }
                    rate = bad / 2;
                } else if ((bad - good) / good <= o.precision) {
                    reason = String.format(Locale.ROOT, "converged: %.0f events/s held every check and %.0f events/s "
                            + "did not, within %.0f%% of each other", good, bad, 100 * o.precision);
                    break;
                } else {
                    rate = (good + bad) / 2;
                }
            }
            Confirmed confirmed = confirm(env, o, w, stepDuration, catalog, rules, thresholds, lagLimit, dir, steps,
                    deadline, out);
            return report(o, dir, steps, good, bad, reason, confirmed, rules, heap, env, began, lagLimit, out);
        } catch (IOException e) {
            throw new SetupException("Cannot write the results: " + e.getMessage(), e);
        }
    }

    /** The rate held in every one of its holds (0 when none), the holds' steps, and why. */
    record Confirmed(double rate, List<Step> holds, String why) {
    }

    /**
     * Holds the best passing rate {@value #CONFIRMATIONS} more times; when a confirmation fails, tries the next lower
     * passing rate. A single good step is not an answer on a noisy machine.
     */
    private static Confirmed confirm(LoadEnvironment env, LoadOptions o, Workload w, Duration stepDuration,
                                     AlarmCatalog catalog, Hold.Rules rules, Map<String, Double> thresholds,
                                     double lagLimit, Path dir, List<Step> steps, long deadline, PrintStream out)
            throws InterruptedException, IOException {
        List<Double> candidates = steps.stream().filter(Step::passed).map(Step::rate).distinct()
                .sorted(java.util.Comparator.reverseOrder()).toList();
        for (double rate : candidates) {
            List<Step> holds = new ArrayList<>(steps.stream().filter(s -> s.rate() == rate && s.passed()).limit(1)
                    .toList());
            boolean ok = true;
            for (int i = 0; i < CONFIRMATIONS; i++) {
                long stepNanos = w.warmup().plus(stepDuration).plusSeconds(40).toNanos();
                if (System.nanoTime() + stepNanos > deadline || steps.size() >= o.maxSteps + 2 * CONFIRMATIONS) {
                    return new Confirmed(0, holds, String.format(Locale.ROOT, "%.0f events/s held once, but the "
                            + "time or step limit came before its %d confirmations (-DmaxTime, -DmaxSteps)", rate,
                            CONFIRMATIONS));
                }
                boolean drained = LoadRun.awaitLagDrained(env, Duration.ofSeconds(120));
                out.printf(Locale.ROOT, "%n[max-rate] confirming %.0f events/s (%d of %d)%n", rate, i + 1,
                        CONFIRMATIONS);
                Step step = step(env, o, w, stepDuration, catalog, rules, thresholds, lagLimit, dir, steps.size() + 1,
                        rate, rate / 2, drained, out);
                steps.add(step);
                out.println(line(step));
                holds.add(step);
                if (!step.passed()) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                return new Confirmed(rate, holds, String.format(Locale.ROOT, "%.0f events/s held in %d of %d holds",
                        rate, holds.size(), holds.size()));
            }
        }
        return new Confirmed(0, List.of(), candidates.isEmpty() ? "no step held"
                : "no passing rate was held again in its confirmations");
    }

    private static String bound(double bad) {
        return bad == Double.POSITIVE_INFINITY ? "(none failed yet)" : String.format(Locale.ROOT, "%.0f", bad);
    }

    private static Step step(LoadEnvironment env, LoadOptions o, Workload w, Duration duration, AlarmCatalog catalog,
                             Hold.Rules rules, Map<String, Double> thresholds, double lagLimit, Path dir, int n,
                             double rate, double from, boolean drained, PrintStream out)
            throws InterruptedException, IOException {
        Workload sw = w.with(new RateProfile.Steady(rate), w.warmup(), duration);
        InjectionPlan plan = InjectionPlan.step(from, rate, w.warmup(), duration);
        String label = String.format(Locale.ROOT, "max-rate-%02d", n);
        Path stepDir = dir.resolve("steps").resolve(String.format(Locale.ROOT, "%02d-%.0f", n, rate));
        out.printf(Locale.ROOT, "%n[max-rate] step %d: %.0f events/s%n", n, rate);
        LoadRun.Result r = LoadRun.execute(env, o, new LoadRun.Settings(label, sw, plan, stepDir, true, false,
                List.of(clearlyFailing(lagLimit)), List.of(), true, Duration.ofSeconds(60)), out);
        RunFigures f = r.figures();
        List<TimelineRow> measured = r.measurements().rows().stream().filter(TimelineRow::measured).toList();
        Hold.Result hold = Hold.analyse(measured, rules, (a, b) -> new VerdictTable(Verdicts.alarms(catalog,
                r.measurements().alarmSamples(), r.measurements().measureStart().plusSeconds(a),
                r.measurements().measureStart().plusSeconds(b), f, env.observer().limits()))
                .declare(o.notApplicable()).checks());
        List<Check> checks = new ArrayList<>(Verdicts.evaluate(catalog, r.measurements(), f, thresholds,
                env.observer().limits()).checks());
        checks.add(StandardScenario.heldCheck(hold, rules));
        if (r.gatlingStatus() != 0) {
            checks.add(new Check("gatlingCompleted", Check.Kind.THRESHOLD, Check.State.BREACHED,
                    (double) r.gatlingStatus(), 0, ">", "status", "Gatling's exit status"));
        }
        VerdictTable verdict = new VerdictTable(checks).declare(o.notApplicable());
        RunChart.write(stepDir.resolve("chart.png"), label, r.measurements().rows());
        RunReport.write(stepDir, "max-rate", r.measurements().measureStart(), plan.measuredSeconds(),
                RunReport.metrics(f, null), verdict, StandardScenario.details(r, env, sw, o));
        return new Step(n, rate, r, verdict, hold, drained);
    }

    /** Ends a step early when it is clearly lost: under 80% acknowledged over 10 s, or lag 20 times the alarm's. */
    static StopRule clearlyFailing(double lagLimit) {
        return rows -> {
            List<TimelineRow> m = rows.stream().filter(TimelineRow::measured).toList();
            if (m.size() < 15) {
                return Optional.empty();
            }
            TimelineRow last = m.get(m.size() - 1);
            if (last.lagMax() != null && last.lagMax() > 20 * lagLimit) {
                return Optional.of("lag " + last.lagMax() + " is 20 times the alarm threshold");
            }
            double intended = 0;
            long acked = 0;
            for (TimelineRow r : m.subList(m.size() - 10, m.size())) {
                intended += r.intendedRate();
                acked += r.acked();
            }
            return acked < 0.8 * intended ? Optional.of(String.format(Locale.ROOT,
                    "only %.0f of %.0f intended events acknowledged over 10 s", (double) acked, intended))
                    : Optional.empty();
        };
    }

    private static String line(Step s) {
        RunFigures f = s.run().figures();
        return String.format(Locale.ROOT, "[max-rate] step %d: %.0f/s intended, %.0f/s acknowledged (%.3f), publish p95 "
                        + "%.1f ms, e2e p95 %.1f ms, max lag %d, lag slope %.1f/s, lost %d -> %s%s", s.number(),
                s.rate(), f.achievedRate(), f.achievedRatio(), f.view(RunRecorder.View.PUBLISH).p95(),
                f.view(RunRecorder.View.E2E).p95(), f.maxLag(), lagSlope(s), f.lost(),
                s.passed() ? "PASS" : "FAIL", s.passed() ? "" : " (" + String.join("; ",
                        s.verdict().failed().stream().map(Check::failureLine).toList()) + ")");
    }

    /** The steepest group lag trend of a step's held window, or NaN when nothing was judged. */
    static double lagSlope(Step s) {
        return s.hold().window().flatMap(w -> w.trends().stream().map(Hold.Trend::slope).max(Double::compare))
                .orElse(Double.NaN);
    }

    private static int report(LoadOptions o, Path dir, List<Step> steps, double good, double bad, String reason,
                              Confirmed confirmed, Hold.Rules rules, HeapWatch heap, LoadEnvironment env, long began,
                              double lagLimit, PrintStream out)
            throws IOException {
        Optional<Step> best = confirmed.holds().stream().filter(Step::passed).findFirst();
        Map<String, LoadMetric> metrics = new LinkedHashMap<>();
        metrics.put("rate.held", new LoadMetric(confirmed.rate(), "events/s", Better.HIGHER));
        metrics.put("rate.heldSeconds", new LoadMetric(confirmed.rate() > 0 ? rules.holdSeconds() : 0, "s",
                Better.HIGHER));
        metrics.put("rate.heldRuns", new LoadMetric(confirmed.holds().size(), "runs", Better.HIGHER));
        if (!confirmed.holds().isEmpty()) {
            double lo = confirmed.holds().stream().mapToDouble(s -> s.run().figures().achievedRate()).min().orElse(0);
            double hi = confirmed.holds().stream().mapToDouble(s -> s.run().figures().achievedRate()).max().orElse(0);
            metrics.put("rate.heldSpread", new LoadMetric(hi - lo, "events/s", Better.LOWER));
        }
        metrics.put("maxRate.sustainable", new LoadMetric(good, "events/s", Better.HIGHER));
        if (bad != Double.POSITIVE_INFINITY) {
            metrics.put("maxRate.firstFailing", new LoadMetric(bad, "events/s", Better.HIGHER));
        }
        best.ifPresent(b -> RunReport.metrics(b.run().figures(), heap)
                .forEach((k, v) -> metrics.put("atMaxRate." + k, v)));
        List<Map<String, Object>> stepRows = new ArrayList<>();
        for (Step s : steps) {
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
            row.put("lagSlopePerSecond", lagSlope(s));
            row.put("held", s.hold().reason());
            row.put("lost", f.lost());
            row.put("duplicated", f.duplicated());
            row.put("passed", s.passed());
            row.put("breached", s.verdict().failed().stream().map(Check::failureLine).toList());
            row.put("checks", s.verdict().checks());
            row.put("stoppedEarly", s.run().measurements().stopReason());
            row.put("drainedBefore", s.drainedBefore());
            row.put("wallSeconds", s.run().wallTime().toSeconds());
            row.put("folder", String.format(Locale.ROOT, "steps/%02d-%.0f", s.number(), s.rate()));
            stepRows.add(row);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("result", String.format(Locale.ROOT, "%.0f events/s held and confirmed (%.0f passed once)",
                confirmed.rate(), good));
        details.put("stoppedBecause", reason);
        details.put("held", confirmed.why());
        details.put("heldRule", rules.describe());
        details.put("search", Map.of("startRate", steps.isEmpty() ? 0 : steps.get(0).rate(), "stepFactor",
                o.stepFactor, "precision", o.precision, "maxSteps", o.maxSteps, "maxTime", o.maxTime));
        details.put("cluster", env.cluster().describe());
        details.put("steps", stepRows);
        details.put("wallSeconds", (System.nanoTime() - began) / 1_000_000_000L);
        details.put("note", "Measured on a shared 2-core machine while other builds ran: treat figures as noisy.");
        VerdictTable verdict = best.filter(b -> confirmed.rate() > 0).map(Step::verdict).orElse(new VerdictTable(
                List.of(new Check("rate.held", Check.Kind.THRESHOLD, Check.State.BREACHED, 0.0, 0, "<=", "events/s",
                        confirmed.why()))));
        RunReport.write(dir, "max-rate", Instant.now(), steps.stream().mapToLong(s ->
                s.run().settings().plan().measuredSeconds()).sum(), metrics, verdict, details);
        RunReport.JSON.writeValue(dir.resolve("steps.json").toFile(), stepRows);
        chart(dir.resolve("chart.png"), steps, lagLimit);

        out.println();
        out.println("[max-rate] steps:");
        steps.forEach(s -> out.println("  " + line(s)));
        out.printf(Locale.ROOT, "[max-rate] search: %.0f events/s passed once; stopped because %s.%n[max-rate] held: "
                + "%s (%s)%n", good, reason, confirmed.why(), rules.describe());
        out.println("Results: " + dir.toAbsolutePath());
        if (confirmed.rate() <= 0) {
            System.err.println("Max-rate search: no rate was held and confirmed: " + confirmed.why() + " (see " + dir
                    + "/steps.json)");
            return 1;
        }
        return 0;
    }

    private static void chart(Path png, List<Step> steps, double lagLimit) throws IOException {
        XYChart rates = panel("max-rate search: rate of each step", "events/s");
        XYChart lag = panel("largest consumer lag in the step", "records");
        XYChart latency = panel("latency P95 per step", "ms");
        XYChart slope = panel("lag growth over the step's held window", "records/s");
        add(rates, "intended, passed", steps, s -> s.passed() ? s.rate() : null, Color.GREEN.darker(),
                SeriesMarkers.CIRCLE);
        add(rates, "intended, failed", steps, s -> s.passed() ? null : s.rate(), Color.RED, SeriesMarkers.CIRCLE);
        add(rates, "acknowledged", steps, s -> s.run().figures().achievedRate(), Color.DARK_GRAY,
                SeriesMarkers.CROSS);
        add(lag, "passed", steps, s -> s.passed() ? (double) s.run().figures().maxLag() : null, Color.GREEN.darker(),
                SeriesMarkers.CIRCLE);
        add(lag, "failed", steps, s -> s.passed() ? null : (double) s.run().figures().maxLag(), Color.RED,
                SeriesMarkers.CIRCLE);
        lag.addAnnotation(new org.knowm.xchart.AnnotationLine(lagLimit, false, false));
        add(latency, "publish (send to ack)", steps, s -> nan(s.run().figures().view(RunRecorder.View.PUBLISH).p95()),
                Color.BLUE, SeriesMarkers.CIRCLE);
        add(latency, "from intended send", steps, s -> nan(s.run().figures().view(RunRecorder.View.INTENDED).p95()),
                Color.ORANGE, SeriesMarkers.DIAMOND);
        add(latency, "end to end", steps, s -> nan(s.run().figures().view(RunRecorder.View.E2E).p95()),
                Color.MAGENTA, SeriesMarkers.SQUARE);
        add(slope, "steepest group lag slope", steps, s -> Double.isNaN(lagSlope(s)) ? null : lagSlope(s),
                Color.BLUE, SeriesMarkers.CIRCLE);
        slope.getStyler().setYAxisMin(null);
        BitmapEncoder.saveBitmap(List.of(rates, lag, latency, slope), 2, 2, png.toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart panel(String title, String unit) {
        XYChart c = new XYChartBuilder().width(760).height(380).title(title).xAxisTitle("step").yAxisTitle(unit)
                .build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setXAxisDecimalPattern("0");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return c;
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static void add(XYChart chart, String name, List<Step> steps, java.util.function.Function<Step, Double> y,
                            Color color, org.knowm.xchart.style.markers.Marker marker) {
        List<Integer> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Step s : steps) {
            Double v = y.apply(s);
            if (v != null) {
                xs.add(s.number());
                ys.add(v);
            }
        }
        if (!xs.isEmpty()) {
            XYSeries series = chart.addSeries(name, xs, ys);
            series.setMarker(marker);
            series.setMarkerColor(color);
        }
    }
}
