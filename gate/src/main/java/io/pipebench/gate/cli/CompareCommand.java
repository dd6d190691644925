package io.pipebench.gate.cli;

import io.pipebench.gate.compare.Comparison;
import io.pipebench.gate.compare.ComparisonRenderer;
import io.pipebench.gate.compare.ComparisonReport;
import io.pipebench.gate.compare.JmhComparator;
import io.pipebench.gate.compare.Thresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gate compare jmh|load}: the CI gate. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {
                "Compare a candidate run with a baseline and fail (exit 1) on a regression.",
                "Prints a table to stdout: metric, baseline, new, change %%, statistic (p-value, CI or tolerance), "
                        + "verdict (improved / unchanged / regressed / new / missing / not evaluated).",
                "Fails closed: a metric missing from the candidate, or one that cannot be evaluated, fails the gate "
                        + "unless an --allow-... option says otherwise; bad input exits 2."},
        subcommands = {CompareCommand.Jmh.class, CompareCommand.Load.class})
public final class CompareCommand {

    /** Options shared by both comparisons (a picocli mixin). */
    static final class GateOptions {
        @Option(names = "--thresholds", paramLabel = "FILE",
                description = "Thresholds file (alpha, minimum effect, tolerances, overrides, ignore). "
                        + "Default: results/gate.yaml if it exists, else built-in defaults.")
        Path thresholds;

        @Option(names = "--markdown", paramLabel = "FILE",
                description = "Also write the report as Markdown, e.g. for a pull-request comment.")
        Path markdown;

        @Option(names = "--strict-environment",
                description = "Fail when the environments differ (CPU count/model, JVM major, Kafka version). "
                        + "Without it a mismatch is flagged but does not fail.")
        boolean strictEnvironment;

        @Option(names = "--allow-missing",
                description = "Report a baseline metric (or alarm) missing from the candidate without failing. "
                        + "Without it a missing metric fails the gate: the candidate stopped measuring it.")
        boolean allowMissing;

        Thresholds loadThresholds(CommandSpec spec) {
            if (thresholds != null) {
                return Thresholds.read(thresholds);
            }
            Path standard = Path.of("results", "gate.yaml");
            if (Files.isRegularFile(standard)) {
                return Thresholds.read(standard);
            }
            spec.commandLine().getErr().println("gate: no --thresholds and no results/gate.yaml here: using the "
                    + "built-in defaults");
            return Thresholds.defaults();
        }

        int finish(CommandSpec spec, ComparisonReport report) throws IOException {
            spec.commandLine().getOut().print(ComparisonRenderer.text(report));
            spec.commandLine().getOut().flush();
            if (markdown != null) {
                Path parent = markdown.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.writeString(markdown, ComparisonRenderer.markdown(report));
            }
            return report.exitCode();
        }

        Comparison.Options options(boolean allowFewForks) {
            return new Comparison.Options(strictEnvironment, allowMissing, allowFewForks);
        }
    }

    /** {@code gate compare jmh}. */
    @Command(name = "jmh", mixinStandardHelpOptions = true,
            description = {
                    "Compare two JMH '-rf json' result files.",
                    "A metric regresses when Welch's t-test on the fork means gives p < alpha AND it moved by at "
                            + "least the minimum effect in its bad direction, measured in log space: "
                            + "|ln(new/baseline)| >= ln(1 + minimum effect) (default 10%%), so halving a throughput "
                            + "and doubling a time are the same size.",
                    "A benchmark needs at least " + JmhComparator.MINIMUM_FORKS + " forks on each side (-f "
                            + JmhComparator.MINIMUM_FORKS + "); with fewer it is 'not evaluated' and fails, unless "
                            + "--allow-few-forks.",
                    "With --baseline given more than once (the baseline's code benchmarked just before and just "
                            + "after the candidate in the same job, as .ci/run does) a benchmark regresses only if it "
                            + "regressed against every baseline: drift of the machine during the job moves them all.",
                    "Each file's environment is read from <name>.environment.json or environment.json beside it."})
    static final class Jmh implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--baseline", required = true, paramLabel = "FILE|DIR",
                description = "Baseline JMH JSON, or a baseline folder such as results/baselines/jmh/codec; "
                        + "repeat it for bracketing baseline runs.")
        List<Path> baseline;

        @Option(names = "--candidate", required = true, paramLabel = "FILE",
                description = "The new JMH JSON result file.")
        Path candidate;

        @Option(names = "--allow-few-forks",
                description = "Judge a benchmark with fewer than " + JmhComparator.MINIMUM_FORKS + " forks (or no "
                        + "per-fork raw data) on pooled iterations, else JMH's 99.9%% interval, as older gates did; "
                        + "such rows say 'few forks'. Without it they fail as not evaluated.")
        boolean allowFewForks;

        @Mixin
        GateOptions options;

        @Override
        public Integer call() throws IOException {
            return options.finish(spec, Comparison.jmh(baseline, candidate, options.loadThresholds(spec),
                    options.options(allowFewForks)));
        }
    }

    /** {@code gate compare load}. */
    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {
                    "Compare two load-test runs of one scenario (folders holding summary.json).",
                    "A figure regresses when it moves in its bad direction by more than its tolerance (default 25%% "
                            + "for lower-is-better such as latency, 15%% for higher-is-better such as throughput). "
                            + "Any alarm not OK in the candidate is a regression. Every figure a summary carries is "
                            + "compared, in the direction its 'better' field gives.",
                    "With --baseline given more than once (baseline runs taken just before and just after the "
                            + "candidate in the same job, as .ci/run does) a figure regresses only if it regressed "
                            + "against every baseline: drift of the machine during the job moves them all.",
                    "Bad input exits 2: a run without its HdrHistogram logs, a NaN or negative figure, two different "
                            + "scenarios, a summary with no figures."})
    static final class Load implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--baseline", required = true, paramLabel = "DIR|FILE",
                description = "Baseline run folder (e.g. results/baselines/load/steady) or its summary.json; "
                        + "repeat it for bracketing baseline runs.")
        List<Path> baseline;

        @Option(names = "--candidate", required = true, paramLabel = "DIR|FILE",
                description = "The new run folder (e.g. results/load/steady/<timestamp>) or its summary.json.")
        Path candidate;

        @Mixin
        GateOptions options;

        @Override
        public Integer call() throws IOException {
            return options.finish(spec, Comparison.load(baseline, candidate, options.loadThresholds(spec),
                    options.options(false)));
        }
    }
}
