package io.pipebench.load.scenario;

import io.pipebench.load.report.MachineLoad;
import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.alarms.AlarmRule;
import io.pipebench.load.driver.FaultControls;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.LoadMetric;
import io.pipebench.load.distributed.InjectorRun;
import io.pipebench.load.harness.Injector;
import io.pipebench.load.harness.LoadEnvironment;
import io.pipebench.load.harness.LoadOptions;
import io.pipebench.load.harness.LoadRun;
import io.pipebench.load.harness.SetupException;
import io.pipebench.load.harness.Settle;
import io.pipebench.load.measure.HeapWatch;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.measure.StopRule;
import io.pipebench.load.measure.TimelineRow;
import io.pipebench.load.measure.TimedAction;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.report.RunChart;
import io.pipebench.load.report.RunReport;
import io.pipebench.load.verdict.Check;
import io.pipebench.load.verdict.Hold;
import io.pipebench.load.verdict.VerdictTable;
import io.pipebench.load.verdict.Verdicts;
import io.pipebench.workload.Workload;

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
import java.util.function.BiFunction;

/**
 * steady, smoke, soak, peak and broker-failure: one measured run of the workload on one environment, then the verdict.
 * <ul>
 *   <li>broker-failure stops broker 2 at a third of the measured window and restarts it at two thirds;</li>
 *   <li>peak ramps towards the source system's 10,000 events/s, stops injecting once the system no longer keeps up,
 *       and reports the rate it held ({@link Hold}: a whole alarm period, lag not growing, every alarm OK) as a
 *       fraction of the 10,000/s normal and 100,000/s peak targets; the alarms and thresholds are judged over the
 *       whole run, and a run in which nothing was held fails.</li>
 * </ul>
 */
public final class StandardScenario {

    public static final double NORMAL_TARGET = 10_000;
    public static final double PEAK_TARGET = 100_000;
    static final int BROKER_TO_STOP = 2;

    private StandardScenario() {
    }

    /**
     * What a run takes of the configuration, and no more; the wiring builds it
     * ({@code harness.LoadConfig#standardScenario}).
     *
     * @param scenario      which of steady, smoke, soak, peak and broker-failure
     * @param settle        how long the system may take to settle before the run
     * @param results       where the run's folder goes
     * @param hold          peak: how long a rate must last to count as held; empty: the alarms' period
     * @param notApplicable the checks declared not applicable in the verdict, with the reason
     */
    public record Settings(LoadOptions.Scenario scenario, Injector injector, Duration settle, Path results,
                           Optional<Duration> hold, Map<String, String> notApplicable) {

        public Settings {
            notApplicable = Map.copyOf(notApplicable);
        }
    }

    /** @param environment opens the reference system with its consumer groups (the wiring's, from the options) */
    public static int run(Settings c, LoadEnvironment.Opener environment, Workload w, AlarmCatalog catalog,
                          HeapWatch heap, PrintStream out) throws InterruptedException {
        LoadOptions.Scenario scenario = c.scenario();
        String label = scenario.label();
        InjectionPlan plan = InjectionPlan.of(w);
        try (LoadEnvironment env = environment.open(w, out)) {
            List<StopRule> stops = new ArrayList<>();
            HeldRate held = new HeldRate(); // only stops a lost ramp early; Hold judges what was held
            if (scenario == LoadOptions.Scenario.peak) {
                stops.add(held.stopRule());
            }
            List<TimedAction> actions = new ArrayList<>();
            if (scenario == LoadOptions.Scenario.broker_failure) {
                actions.addAll(brokerFailure(env, plan));
            }
            Settle.run(env, c.injector(), w, c.settle(), out);
            Path dir = RunReport.newFolder(c.results(), label, Instant.now());
            out.printf(Locale.ROOT, "[%s] workload '%s' (%s): %s%n", label, w.name(), w.source(), w.description());
            Optional<InjectorRun> part = InjectorRun.open(env.driver(), label, out); // scale-out: armed for the start
            LoadRun.Result r = LoadRun.execute(env, c.injector(), LoadRun.Settings.builder(label, w, plan).folder(dir)
                    .readBack().gatlingReport().stopRules(stops).actions(actions).drainLag()
                    .drainTimeout(Duration.ofSeconds(90)).build(), out);
            RunFigures f = r.figures();

            Map<String, LoadMetric> metrics = RunReport.metrics(f, heap);
            Map<String, Object> details = details(r, env, w, c.injector().maxBlock());
            if (part.isPresent()) { // scale-out: the consumer host reconciles the other injectors' records too
                Map<String, Object> peers = part.get().reconcilePeers();
                if (!peers.isEmpty()) {
                    details.put("deliveryByInjector", peers);
                }
            }
            VerdictTable verdicts = Verdicts.evaluate(catalog, r.measurements(), f,
                    thresholds(scenario, w.thresholds()), env.observer().limits());
            if (scenario == LoadOptions.Scenario.peak) {
                // The alarms and thresholds above are judged over the whole run; the held rate over its best window.
                Hold.Rules rules = holdRules(c.hold(), catalog);
                Hold.Result h = held(r.measurements().rows(), rules, (from, to) -> new VerdictTable(
                        Verdicts.alarms(catalog, r.measurements().alarmSamples(),
                                r.measurements().measureStart().plusSeconds(from),
                                r.measurements().measureStart().plusSeconds(to), f, env.observer().limits()))
                        .declare(c.notApplicable()).checks());
                putHeld(metrics, h);
                metrics.put("peak.normalTargetRatio", new LoadMetric(h.heldRate() / NORMAL_TARGET, "ratio",
                        Better.HIGHER));
                metrics.put("peak.peakTargetRatio", new LoadMetric(h.heldRate() / PEAK_TARGET, "ratio",
                        Better.HIGHER));
                List<Check> checks = new ArrayList<>(verdicts.checks());
                checks.add(heldCheck(h, rules));
                verdicts = new VerdictTable(checks);
                details.put("peak", Map.of("heldRate", h.heldRate(), "heldSeconds", h.heldSeconds(),
                        "why", h.reason(), "rule", rules.describe(), "normalTarget", NORMAL_TARGET,
                        "peakTarget", PEAK_TARGET));
                out.printf(Locale.ROOT, "%n[peak] %s. Held: %.0f events/s for %d s, %.1f%% of the 10,000/s normal "
                                + "target, %.2f%% of the 100,000/s peak target.%n[peak] rule: %s%n", h.reason(),
                        h.heldRate(), h.heldSeconds(), 100 * h.heldRate() / NORMAL_TARGET,
                        100 * h.heldRate() / PEAK_TARGET, rules.describe());
            }
            verdicts = verdicts.declare(c.notApplicable());
            RunChart.write(dir.resolve("chart.png"), label, r.measurements().rows());
            RunReport.write(dir, label, r.measurements().measureStart(), plan.measuredSeconds(), metrics, verdicts,
                    details);
            Console.figures(out, label, f, r, heap);
            out.println();
            out.println(verdicts.render());
            out.println("Results: " + dir.toAbsolutePath());
            if (part.isPresent()) {
                // scale-out: a part of the run; the merge judges it
                return part.get().finish(dir, verdicts, r.recorder().ledger());
            }
            if (!verdicts.passed()) {
                System.err.println(verdicts.failureMessage(label));
                return 1;
            }
            return 0;
        } catch (java.io.IOException e) {
            throw new SetupException("Cannot write the results: " + e.getMessage(), e);
        }
    }

    /**
     * The held-rate rule of a run: -Dhold, by default the period of the alarms a rate can breach, consumer lag and
     * producer latency (300 s in the document). The dead-letter alarm's 600 s period is not a rate's (it counts
     * letters): a held window judges it on the partial period it covers, as CloudWatch would after that long.
     */
    static Hold.Rules holdRules(Optional<Duration> holdOption, AlarmCatalog catalog) {
        long period = catalog.enabled().stream().filter(r -> r.name().equals("high-consumer-lag")
                        || r.name().equals("high-producer-latency")).mapToLong(AlarmRule::periodSeconds).max()
                .orElse(catalog.enabled().stream().mapToLong(AlarmRule::periodSeconds).max().orElse(300));
        long hold = holdOption.map(Duration::toSeconds).orElse(period);
        return new Hold.Rules(hold, period, MaxRateSearch.MIN_ACHIEVED_RATIO, 0.1 * lagThreshold(catalog));
    }

    /**
     * The workload's thresholds, with minAchievedRateRatio at MaxRateSearch's unless the workload sets its own: without
     * it a run in which a third of the sends were never acknowledged could pass (broker-failure judges only losses).
     */
    static Map<String, Double> thresholds(LoadOptions.Scenario scenario, Map<String, Double> declared) {
        Map<String, Double> t = new LinkedHashMap<>(declared);
        // Not peak's whole run: its held-rate rule requires >= 0.95 over the held window, and its stairs stop once it
        // falls behind.
        if (scenario != LoadOptions.Scenario.peak) {
            t.putIfAbsent("minAchievedRateRatio", MaxRateSearch.MIN_ACHIEVED_RATIO);
        }
        return t;
    }

    /** The held rate over the measured rows only, as MaxRateSearch judges a step: warm-up seconds are not claimed. */
    static Hold.Result held(List<TimelineRow> rows, Hold.Rules rules, BiFunction<Long, Long, List<Check>> alarmsOver) {
        return Hold.analyse(rows.stream().filter(TimelineRow::measured).toList(), rules, alarmsOver);
    }

    /** rate.held and rate.heldSeconds, the figures every capacity claim rests on. */
    static void putHeld(Map<String, LoadMetric> metrics, Hold.Result h) {
        metrics.put("rate.held", new LoadMetric(h.heldRate(), "events/s", Better.HIGHER));
        metrics.put("rate.heldSeconds", new LoadMetric(h.heldSeconds(), "s", Better.HIGHER));
    }

    /** Fails the run when no rate was held for a whole window. */
    static Check heldCheck(Hold.Result h, Hold.Rules rules) {
        return new Check("rate.held", Check.Kind.THRESHOLD, h.held() ? Check.State.OK : Check.State.BREACHED,
                h.heldRate(), 0, "<=", "events/s", h.reason() + "; " + rules.describe());
    }

    static double lagThreshold(AlarmCatalog catalog) {
        return catalog.rule("high-consumer-lag").map(AlarmRule::threshold).orElse(1000.0);
    }

    private static List<TimedAction> brokerFailure(LoadEnvironment env, InjectionPlan plan) {
        // Fault controls without brokers are a cluster not the harness's whose consumer groups run here.
        FaultControls brokers = env.driver().faults().filter(f -> !f.brokerIds().isEmpty())
                .orElseThrow(() -> new SetupException("broker-failure stops a broker of the embedded cluster; "
                        + env.driver().describe() + " cannot be controlled from here: run it with "
                        + LoadOptions.spelling("cluster", "embedded") + " (the default)"));
        int id = brokers.brokerIds().contains(BROKER_TO_STOP) ? BROKER_TO_STOP : brokers.brokerIds().get(0);
        double d = plan.measuredSeconds();
        return List.of(
                new TimedAction(d / 3, "stop broker " + id, () -> brokers.stopBroker(id)),
                new TimedAction(2 * d / 3, "restart broker " + id, () -> brokers.startBroker(id)));
    }

    static Map<String, Object> details(LoadRun.Result r, LoadEnvironment env, Workload w, Duration maxBlock) {
        Map<String, Object> d = new LinkedHashMap<>();
        RunFigures f = r.figures();
        d.put("runId", r.runId());
        d.put("workload", Map.of("name", w.name(), "source", w.source(), "description", w.description(),
                "warmupSeconds", r.settings().plan().warmupSeconds(),
                "measuredSeconds", r.settings().plan().measuredSeconds(),
                "segments", r.settings().plan().segments(), "producerProfile", w.producerProfile(),
                "producerOverrides", w.producerOverrides(), "consumerGroups", w.consumerGroups(),
                "thresholds", w.thresholds()));
        d.put("cluster", env.driver().describe());
        d.put("consumersInThisJvm", env.pipeline().consumersHere());
        if (env.pipeline().consumersHere()) {
            d.put("consumers", env.pipeline().consumerSetup());
        }
        d.put("monitoredGroups", env.groupIds());
        d.put("maxBlockMs", maxBlock.toMillis());
        d.put("measuredWindow", Map.of("start", r.measurements().measureStart(), "end", r.measurements().measureEnd()));
        Map<String, Object> records = new LinkedHashMap<>();
        records.put("intended", Math.round(f.intendedEvents()));
        records.put("sent", f.sent());
        records.put("acknowledged", f.acked());
        records.put("acknowledgedInWindow", f.ackedInWindow());
        records.put("failed", f.failed());
        records.put("failuresByKind", f.failuresByKind());
        records.put("readEndToEnd", f.e2eRead());
        records.put("lost", f.lost());
        records.put("lostSample", r.recorder().ledger().sampleLost(10));
        records.put("duplicated", f.duplicated());
        records.put("readButReportedFailed", f.readNotAcked());
        records.put("trackerCaughtUp", r.trackerCaughtUp());
        d.put("records", records);
        d.put("latencyMs", f.latency());
        if (!f.cpuUnreadable().isEmpty()) {
            d.put("cpuUnreadable", "CPU of " + f.cpuUnreadable() + " could not be read: their cpu.perEvent figures "
                    + "and the total are left out of summary.json (a JVM-only total would look cheaper)");
        }
        d.put("events", r.measurements().events());
        if (r.measurements().stopReason() != null) {
            d.put("stoppedEarly", r.measurements().stopReason());
        }
        d.put("gatlingStatus", r.gatlingStatus());
        d.put("observability", env.observer().limits().isEmpty() ? "processing failures and dead letters read from "
                + "the consumers' meters in this JVM" : env.observer().limits());
        d.put("deadLetterTopic", env.observer().deadLetterTopic()); // scale-out: RunMerge names injector 0's with it
        d.put("note", MachineLoad.note());
        return d;
    }
}
