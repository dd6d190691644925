package io.pipebench.gate.compare;

import io.pipebench.gate.GateInputException;
import io.pipebench.gate.hdr.HistogramMerger;
import io.pipebench.gate.jmh.JmhResultFile;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.EnvironmentInfo;
import io.pipebench.gate.model.LoadSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gate's entry point: reads a baseline and a candidate, checks their environments, compares every metric and
 * returns the report. JMH runs are a result file (or a baseline folder holding {@value #JMH_RESULT}); load runs are a
 * run folder (or its summary.json).
 */
public final class Comparison {

    /** The JMH result file's name inside a baseline folder. */
    public static final String JMH_RESULT = "result.json";

    /**
     * How strict the gate is. By default it fails closed: a metric the candidate no longer has, or a JMH benchmark
     * with too few forks for a test, fails the gate.
     *
     * @param strictEnvironment an environment mismatch fails the gate
     * @param allowMissing      a metric the candidate no longer has is reported but does not fail the gate
     * @param allowFewForks     a JMH benchmark with fewer than {@value JmhComparator#MINIMUM_FORKS} forks is judged
     *                          on pooled iterations (or JMH's interval) instead of failing as not evaluated
     */
    public record Options(boolean strictEnvironment, boolean allowMissing, boolean allowFewForks) {
        /** The default: fail closed on missing metrics and too few forks; an environment mismatch is reported. */
        public static Options standard() {
            return new Options(false, false, false);
        }
    }

    private Comparison() {
    }

    /** Compares two JMH runs. */
    public static ComparisonReport jmh(Path baseline, Path candidate, Thresholds thresholds, Options options) {
        return jmh(List.of(baseline), candidate, thresholds, options);
    }

    /**
     * Compares a candidate JMH run with one or more baseline runs; with several (bracketed: the baseline's own code
     * benchmarked just before and just after the candidate in one job, as .ci/run does) a benchmark regresses only
     * if it regressed against every baseline, as {@link #load(List, Path, Thresholds, Options)} judges figures.
     */
    public static ComparisonReport jmh(List<Path> baselines, Path candidate, Thresholds thresholds,
            Options options) {
        if (baselines.isEmpty()) {
            throw new GateInputException("no baseline run given; name at least one with --baseline");
        }
        Path candFile = jmhFile(candidate);
        JmhResultFile cand = JmhResultFile.read(candFile);
        List<String> notes = new ArrayList<>();
        JmhComparator comparator = new JmhComparator(thresholds, options.allowFewForks());
        List<MetricRows> each = new ArrayList<>();
        List<String> baseFiles = new ArrayList<>();
        EnvironmentInfo baseEnv = null;
        java.util.Set<EnvironmentCheck.Difference> differences = new java.util.LinkedHashSet<>();
        EnvironmentInfo candEnv = jmhEnvironment(cand, notes, "candidate");
        for (Path baseline : baselines) {
            Path baseFile = jmhFile(baseline);
            JmhResultFile base = JmhResultFile.read(baseFile); // first: a missing file gets the reader's clear error
            if (sameFile(baseFile, candFile)) {
                throw new GateInputException(candFile + ": the candidate is the baseline " + baseFile
                        + " itself; compare a different run");
            }
            EnvironmentInfo env = jmhEnvironment(base, notes, "baseline");
            baseEnv = baseEnv == null ? env : baseEnv;
            differences.addAll(EnvironmentCheck.differences(env, candEnv));
            each.add(comparator.compare(base.metrics(), cand.metrics(), baseFile.toString(), candFile.toString()));
            baseFiles.add(baseFile.toString());
        }
        Map<String, Optional<Better>> direction = new java.util.HashMap<>();
        cand.metrics().forEach(m -> direction.put(m.id(), thresholds.better(m.id()).or(m::better)));
        MetricRows rows = each.size() == 1 ? each.get(0)
                : BracketedRows.combine(each, id -> direction.getOrDefault(id, Optional.empty()));
        notes.addAll(rows.notes());
        if (each.size() > 1) {
            notes.add(each.size() + " baselines (bracketed): a benchmark regressed or improved only if it did so "
                    + "against every baseline; the change shown is against the kindest one.");
        }
        allowedMissing(rows, options, notes);
        return new ComparisonReport("JMH", String.join(", ", baseFiles), candFile.toString(), baseEnv, candEnv,
                List.copyOf(differences), rows.rows(), notes, thresholds.toString(), options.strictEnvironment(),
                options.allowMissing());
    }

    /** Compares two load-test runs of one scenario. */
    public static ComparisonReport load(Path baseline, Path candidate, Thresholds thresholds, Options options) {
        return load(List.of(baseline), candidate, thresholds, options);
    }

    /**
     * Compares a candidate with one or more baseline runs of its scenario; with several (bracketed: run just before
     * and just after the candidate in one job) a figure regresses only if it regressed against every baseline.
     */
    public static ComparisonReport load(List<Path> baselines, Path candidate, Thresholds thresholds,
            Options options) {
        if (baselines.isEmpty()) {
            throw new GateInputException("no baseline run given; name at least one with --baseline");
        }
        LoadSummary cand = comparableRun(candidate);
        List<LoadSummary> bases = new ArrayList<>();
        for (Path baseline : baselines) {
            LoadSummary base = comparableRun(baseline);
            // A run compared with itself passes whatever it holds.
            if (sameFile(LoadSummary.file(baseline), LoadSummary.file(candidate))) {
                throw new GateInputException(LoadSummary.file(candidate) + ": the candidate is the baseline "
                        + LoadSummary.file(baseline) + " itself (the same run folder); compare a different run");
            }
            if (!base.scenario().equals(cand.scenario())) {
                throw new GateInputException(LoadSummary.file(candidate) + ": scenario '" + cand.scenario()
                        + "' but the baseline " + LoadSummary.file(baseline) + " is '" + base.scenario()
                        + "'; compare runs of the same scenario");
            }
            // The latency figures are read from these logs: a candidate that lost one lost what it measured.
            for (String name : base.histograms().keySet()) {
                if (!cand.histograms().containsKey(name)) {
                    throw new GateInputException(LoadSummary.file(candidate) + ": 'histograms' has no \"" + name
                            + "\" but the baseline " + LoadSummary.file(baseline) + " has; the candidate run lost a "
                            + "latency log (re-run it with the same harness)");
                }
            }
            bases.add(base);
        }
        MetricRows rows = new LoadComparator(thresholds).compare(bases, cand,
                baselines.stream().map(b -> LoadSummary.file(b).toString()).toList(),
                LoadSummary.file(candidate).toString());
        List<String> notes = new ArrayList<>(rows.notes());
        if (bases.size() > 1) {
            notes.add(bases.size() + " baselines (bracketed): a figure regressed or improved only if it did so "
                    + "against every baseline; the change shown is against the kindest one.");
        }
        allowedMissing(rows, options, notes);
        LoadSummary first = bases.get(0);
        // Every baseline's environment against the candidate's, each difference once.
        java.util.Set<EnvironmentCheck.Difference> differences = new java.util.LinkedHashSet<>();
        bases.forEach(b -> differences.addAll(EnvironmentCheck.differences(b.environment(), cand.environment())));
        return new ComparisonReport("load: " + cand.scenario(),
                String.join(", ", baselines.stream().map(Path::toString).toList()), candidate.toString(),
                first.environment(), cand.environment(), List.copyOf(differences), rows.rows(), notes,
                thresholds.toString(), options.strictEnvironment(), options.allowMissing());
    }

    /**
     * Reads a run and checks what the gate needs beyond a well-formed summary: the HdrHistogram logs it names
     * exist inside the run folder and hold at least one interval each.
     */
    private static LoadSummary comparableRun(Path fileOrRunFolder) {
        LoadSummary summary = LoadSummary.read(fileOrRunFolder);
        if (summary.histograms().isEmpty()) {
            throw new GateInputException(LoadSummary.file(fileOrRunFolder) + ": 'histograms' names no HdrHistogram "
                    + "log; a run the gate compares keeps its latency histograms (re-run the scenario, or promote a "
                    + "complete run)");
        }
        for (Path log : summary.histogramFiles(fileOrRunFolder)) {
            HistogramMerger.merge(List.of(log));
        }
        return summary;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void allowedMissing(MetricRows rows, Options options, List<String> notes) {
        long missing = rows.rows().stream().filter(r -> r.verdict() == Verdict.MISSING).count();
        if (options.allowMissing() && missing > 0) {
            notes.add(missing + " metric(s) missing from the candidate did not fail the gate: --allow-missing.");
        }
    }

    /** A JMH result file itself, or the {@value #JMH_RESULT} inside a baseline folder. */
    public static Path jmhFile(Path fileOrFolder) {
        if (Files.isDirectory(fileOrFolder)) {
            Path inside = fileOrFolder.resolve(JMH_RESULT);
            if (!Files.isRegularFile(inside)) {
                throw new GateInputException(fileOrFolder + ": a JMH baseline folder holds " + JMH_RESULT
                        + " (make one with 'gate promote jmh')");
            }
            return inside;
        }
        return fileOrFolder;
    }

    /**
     * The environment.json that belongs to a JMH result file: {@code <name>.environment.json} beside it, else
     * {@code environment.json} in its folder; null when there is neither.
     */
    public static Path jmhEnvironmentFile(Path jmhFile) {
        Path folder = jmhFile.toAbsolutePath().getParent();
        String name = jmhFile.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        Path own = folder.resolve(stem + ".environment.json");
        if (Files.isRegularFile(own)) {
            return own;
        }
        Path shared = folder.resolve(EnvironmentInfo.FILE_NAME);
        return Files.isRegularFile(shared) ? shared : null;
    }

    private static EnvironmentInfo jmhEnvironment(JmhResultFile run, List<String> notes, String side) {
        Path file = jmhEnvironmentFile(run.source());
        if (file != null) {
            return EnvironmentInfo.read(file);
        }
        notes.add("The " + side + " has no environment.json beside " + run.source().getFileName()
                + ": only the JVM recorded by JMH is known (write one with 'gate env').");
        return run.embeddedEnvironment();
    }
}
