package io.pipebench.load.scenario;

import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.load.harness.LoadEnvironment;
import io.pipebench.load.harness.Injector;
import io.pipebench.load.harness.LoadRun;
import io.pipebench.load.harness.SetupException;
import io.pipebench.load.harness.Settle;
import io.pipebench.load.measure.HeapWatch;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.measure.StopRule;
import io.pipebench.load.measure.TimelineRow;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.report.RunChart;
import io.pipebench.load.report.RunReport;
import io.pipebench.load.verdict.Check;
import io.pipebench.load.verdict.Hold;
import io.pipebench.load.verdict.VerdictTable;
import io.pipebench.load.verdict.Verdicts;
import io.pipebench.workload.RateProfile;
import io.pipebench.workload.Workload;

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
 * <p>The search itself is {@link RateSearch} (pure); this class runs its steps; {@link MaxRateReport} reports them.
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
    static final int CONFIRMATIONS = RateSearch.CONFIRMATIONS;

    private MaxRateSearch() {
    }

    /** The search's bounds, as the options give them ({@code harness.LoadConfig} parses them). */
    public record Bounds(int maxSteps, Duration maxTime, double stepFactor, double precision) {
    }

    /**
     * What a search takes of the configuration, and no more; the wiring builds it
     * ({@code harness.LoadConfig#maxRateSearch}).
     *
     * @param settle        how long the system may take to settle before the first step
     * @param results       where the search's folder goes
     * @param hold          how long a rate must last to count as held; empty: the alarms' period
     * @param notApplicable the checks declared not applicable in each step's verdict, with the reason
     */
    public record Settings(Bounds maxRate, Injector injector, Duration settle, Path results, Optional<Duration> hold,
                           Map<String, String> notApplicable) {

        public Settings {
            notApplicable = Map.copyOf(notApplicable);
        }
    }

    /** One step: its rate, its run, its verdict. */
    record Step(int number, double rate, LoadRun.Result run, VerdictTable verdict, Hold.Result hold,
                boolean drainedBefore) {
        boolean passed() {
            return verdict.passed();
        }
    }

    /** @param environment opens the reference system with its consumer groups (the wiring's, from the options) */
    public static int run(Settings c, LoadEnvironment.Opener environment, Workload w, AlarmCatalog catalog,
                          HeapWatch heap, PrintStream out) throws InterruptedException {
        Bounds bounds = c.maxRate();
        RateSearch search = new RateSearch(w.rate().peakRate(), bounds.stepFactor(), bounds.precision(),
                bounds.maxSteps(), bounds.maxTime());
        Map<String, Double> thresholds = new LinkedHashMap<>(w.thresholds());
        thresholds.putIfAbsent("minAchievedRateRatio", MIN_ACHIEVED_RATIO);
        double lagLimit = StandardScenario.lagThreshold(catalog);
        Hold.Rules rules = StandardScenario.holdRules(c.hold(), catalog);
        Duration stepDuration = w.duration().toSeconds() >= rules.holdSeconds() ? w.duration()
                : Duration.ofSeconds(rules.holdSeconds());
        Path dir = RunReport.newFolder(c.results(), "max-rate", Instant.now());
        List<Step> steps = new ArrayList<>();
        long began = System.nanoTime();
        long deadline = began + bounds.maxTime().toNanos();
        long stepNanos = w.warmup().plus(stepDuration).plusSeconds(40).toNanos();
        out.printf(Locale.ROOT, "[max-rate] start at %.0f events/s, x%.2f while every check holds, then bisect to "
                        + "within %.0f%%, then confirm %d more times; each step %d s warm-up + %d s measured; at most "
                        + "%d steps and %d min%n[max-rate] %s%n", w.rate().peakRate(), bounds.stepFactor(),
                100 * bounds.precision(), CONFIRMATIONS, w.warmup().toSeconds(), stepDuration.toSeconds(),
                bounds.maxSteps(), bounds.maxTime().toMinutes(), rules.describe());
        try (LoadEnvironment env = environment.open(w, out)) {
            Settle.run(env, c.injector(), w, c.settle(), out);
            Steps stepper = new Steps(env, c.injector(), c.notApplicable(), w, stepDuration, catalog, rules,
                    thresholds, lagLimit, dir, out);
            RateSearch.Next next;
            while ((next = search.next(System.nanoTime() + stepNanos <= deadline)) instanceof RateSearch.Run r) {
                boolean drained = steps.isEmpty() || LoadRun.awaitLagDrained(env, Duration.ofSeconds(120));
                if (r.confirmation() > 0) {
                    out.printf(Locale.ROOT, "%n[max-rate] confirming %.0f events/s (%d of %d)%n", r.rate(),
                            r.confirmation(), CONFIRMATIONS);
                } else if (!drained) {
                    out.println("[max-rate] the consumer groups did not drain within 120 s; the next step starts "
                            + "with a backlog");
                }
                Step step = stepper.step(steps.size() + 1, r, drained);
                steps.add(step);
                out.println(MaxRateReport.line(step));
                search.record(step.passed());
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("stepFactor", bounds.stepFactor());
            settings.put("precision", bounds.precision());
            settings.put("maxSteps", bounds.maxSteps());
            settings.put("maxTime", text(bounds.maxTime()));
            return MaxRateReport.write(dir, steps, search, rules, heap, settings, env.driver().describe(), began,
                    lagLimit, out);
        } catch (IOException e) {
            throw new SetupException("Cannot write the results: " + e.getMessage(), e);
        }
    }

    /** A step's folder, relative to the search's. */
    static String stepFolder(int number, double rate) {
        return String.format(Locale.ROOT, "steps/%02d-%.0f", number, rate);
    }

    /** A duration as the options write it ({@code 30m}): the report shows maxTime as given. */
    static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 3_600_000 == 0 && ms > 0 ? ms / 3_600_000 + "h" : ms % 60_000 == 0 && ms > 0 ? ms / 60_000 + "m"
                : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** What every step of one search shares; {@link #step} runs and judges one. */
    private record Steps(LoadEnvironment env, Injector injector, Map<String, String> notApplicable, Workload w,
                         Duration duration, AlarmCatalog catalog, Hold.Rules rules, Map<String, Double> thresholds,
                         double lagLimit, Path dir, PrintStream out) {

        Step step(int n, RateSearch.Run run, boolean drained) throws InterruptedException, IOException {
            double rate = run.rate();
            Workload sw = w.with(new RateProfile.Steady(rate), w.warmup(), duration);
            InjectionPlan plan = InjectionPlan.step(run.from(), rate, w.warmup(), duration);
            String label = String.format(Locale.ROOT, "max-rate-%02d", n);
            Path stepDir = dir.resolve(stepFolder(n, rate));
            out.printf(Locale.ROOT, "%n[max-rate] step %d: %.0f events/s%n", n, rate);
            LoadRun.Result r = LoadRun.execute(env, injector, LoadRun.Settings.builder(label, sw, plan).folder(stepDir)
                    .readBack().stopRules(List.of(clearlyFailing(lagLimit))).drainLag()
                    .drainTimeout(Duration.ofSeconds(60)).build(), out);
            RunFigures f = r.figures();
            List<TimelineRow> measured = r.measurements().rows().stream().filter(TimelineRow::measured).toList();
            Hold.Result hold = Hold.analyse(measured, rules, (a, b) -> new VerdictTable(Verdicts.alarms(catalog,
                    r.measurements().alarmSamples(), r.measurements().measureStart().plusSeconds(a),
                    r.measurements().measureStart().plusSeconds(b), f, env.observer().limits()))
                    .declare(notApplicable).checks());
            List<Check> checks = new ArrayList<>(Verdicts.evaluate(catalog, r.measurements(), f, thresholds,
                    env.observer().limits()).checks());
            checks.add(StandardScenario.heldCheck(hold, rules));
            if (r.gatlingStatus() != 0) {
                checks.add(new Check("gatlingCompleted", Check.Kind.THRESHOLD, Check.State.BREACHED,
                        (double) r.gatlingStatus(), 0, ">", "status", "Gatling's exit status"));
            }
            VerdictTable verdict = new VerdictTable(checks).declare(notApplicable);
            RunChart.write(stepDir.resolve("chart.png"), label, r.measurements().rows());
            RunReport.write(stepDir, "max-rate", r.measurements().measureStart(), plan.measuredSeconds(),
                    RunReport.metrics(f, null), verdict, StandardScenario.details(r, env, sw, injector.maxBlock()));
            return new Step(n, rate, r, verdict, hold, drained);
        }
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
}
