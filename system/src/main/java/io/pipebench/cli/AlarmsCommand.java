package io.pipebench.cli;

import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.alarms.AlarmEvaluator;
import io.pipebench.alarms.AlarmHistory;
import io.pipebench.alarms.AlarmRule;
import io.pipebench.alarms.CloudWatchExport;
import io.pipebench.alarms.MetricTimeline;
import io.pipebench.alarms.Transition;
import io.pipebench.alarms.Verdict;
import io.pipebench.metrics.LagTimelineReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The design document's alarms: check the rules, export them to CloudWatch, evaluate them on a recorded run. */
@Command(name = "alarms", mixinStandardHelpOptions = true,
        description = "Alarm rules in CloudWatch's terms (catalog/alarms.yaml unless --file): check, export, evaluate.",
        subcommands = {AlarmsCommand.Check.class, AlarmsCommand.Export.class, AlarmsCommand.Evaluate.class})
final class AlarmsCommand {

    static class FileOption {
        @Option(names = "--file", paramLabel = "FILE",
                description = "Alarm rules YAML (default: the built-in one, the design document's four alarms).")
        Path file;

        AlarmCatalog load() {
            return AlarmCatalog.loadOrStandard(Optional.ofNullable(file));
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate the rules as CloudWatch would accept them and list them.",
                    "Exit code: 0 valid, 2 invalid (the message names the rule and the field)."})
    static final class Check implements Callable<Integer> {
        @Mixin
        FileOption file;

        @Override
        public Integer call() {
            AlarmCatalog catalog = file.load();
            PrintStream out = System.out;
            out.printf("%-28s %-8s %s%n", "ALARM", "ENABLED", "RULE");
            for (AlarmRule r : catalog.rules()) {
                out.printf("%-28s %-8s %s%n", r.name(), r.enabled() ? "yes" : "no", r.summary());
            }
            out.printf("%s: %d rule(s), %d enabled, all valid.%n", catalog.source(), catalog.rules().size(),
                    catalog.enabled().size());
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the enabled rules as CloudWatch alarms: put-metric-alarm --cli-input-json documents "
                    + "(one per alarm) or a CloudFormation template.",
                    "Without --out: cli-json prints one JSON object per line, cloudformation prints the template."})
    static final class Export implements Callable<Integer> {
        @Mixin
        FileOption file;

        @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "cli-json or cloudformation.")
        String format;

        @Option(names = "--namespace", defaultValue = CloudWatchExport.DEFAULT_NAMESPACE, paramLabel = "NAMESPACE",
                description = "CloudWatch namespace the system publishes to (default ${DEFAULT-VALUE}).")
        String namespace;

        @Option(names = "--sns-topic", paramLabel = "ARN", description = "SNS topic for ALARM notifications.")
        String snsTopic;

        @Option(names = "--out", paramLabel = "DIR", description = "Directory to write the files into.")
        Path out;

        @Override
        public Integer call() {
            CloudWatchExport.Format f = CloudWatchExport.Format.fromCliName(format);
            CloudWatchExport export = new CloudWatchExport(file.load(), namespace, Optional.ofNullable(snsTopic));
            if (out == null) {
                System.out.print(export.render(f));
            } else {
                for (Path p : export.write(f, out)) {
                    System.out.println("Wrote " + p);
                }
            }
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = {"Replay a recorded timeline through the enabled rules, as CloudWatch would evaluate them, "
                    + "and print a verdict per alarm and every state change.",
                    "The timeline is JSON lines: metric samples {time, metric, dimensions, value}, or a lag timeline "
                            + "from 'pipebench lag --watch --timeline'.",
                    "Exit code: 0 every alarm was evaluated and none went to ALARM; 1 at least one went to ALARM or "
                            + "ended without data (INSUFFICIENT_DATA: fail closed, --allow-no-data accepts it); "
                            + "2 error."})
    static final class Evaluate implements Callable<Integer> {
        @Mixin
        FileOption file;

        @Option(names = "--timeline", required = true, paramLabel = "FILE", description = "The recorded timeline.")
        Path timeline;

        @Option(names = "--allow-no-data", description = "Accept an alarm that ends in INSUFFICIENT_DATA (printed).")
        boolean allowNoData;

        @Override
        public Integer call() throws IOException {
            AlarmCatalog catalog = file.load();
            MetricTimeline t = readTimeline(timeline);
            List<AlarmHistory> histories = AlarmEvaluator.evaluate(catalog, t);
            PrintStream out = System.out;
            out.printf("Timeline %s: %d sample(s) from %s to %s%n", timeline, t.samples().size(), t.start(), t.end());
            out.printf("%-28s %-18s %-8s %16s %-4s %12s %-12s %s%n", "ALARM", "STATE", "PASSED", "WORST", "", "THRESHOLD",
                    "UNIT", "STATISTIC");
            for (AlarmHistory h : histories) {
                Verdict v = h.verdict();
                // No data is not a pass: the alarm could not be evaluated (fail closed unless --allow-no-data).
                String passed = !v.passed() ? "NO" : v.state() == io.pipebench.alarms.AlarmState.INSUFFICIENT_DATA
                        ? (allowNoData ? "no data" : "NO DATA") : "yes";
                out.printf("%-28s %-18s %-8s %16s %-4s %12s %-12s %s%n", v.rule(), v.state(), passed,
                        v.observed().isPresent() ? String.valueOf(v.observed().getAsDouble()) : "-",
                        v.comparison().symbol(), v.threshold(), v.unit(), v.statistic());
            }
            long seconds = Duration.between(t.start(), t.end()).toSeconds();
            for (AlarmHistory h : histories) {
                if (seconds < h.rule().periodSeconds()) {
                    // Never a silent pass on too little data: say what the verdict rests on, as the load verdict does.
                    out.printf("%s: the %d s timeline is shorter than the %d s period: judged on a partial period "
                                    + "(%d s of data), as CloudWatch would after %d s%n", h.rule().name(), seconds,
                            h.rule().periodSeconds(), seconds, seconds);
                }
            }
            for (AlarmHistory h : histories) {
                out.println();
                out.println(h.rule().name() + " (" + h.rule().summary() + "):");
                for (Transition tr : h.transitions()) {
                    out.println("  " + tr);
                }
            }
            boolean noData = histories.stream()
                    .anyMatch(h -> h.verdict().state() == io.pipebench.alarms.AlarmState.INSUFFICIENT_DATA);
            if (noData && !allowNoData) {
                out.println("An alarm ended without data (INSUFFICIENT_DATA): it could not be evaluated, which fails "
                        + "closed; --allow-no-data accepts it.");
            }
            return histories.stream().anyMatch(AlarmHistory::alarmed) || noData && !allowNoData ? 1 : 0;
        }

        static MetricTimeline readTimeline(Path file) throws IOException {
            String first = null;
            try (BufferedReader in = Files.newBufferedReader(file)) {
                String line;
                while ((line = in.readLine()) != null && first == null) {
                    if (!line.isBlank()) {
                        first = line;
                    }
                }
            }
            if (first == null) {
                throw new IllegalArgumentException("--timeline " + file + " is empty");
            }
            return LagTimelineReader.isLagLine(first)
                    ? LagTimelineReader.toMetricTimeline(LagTimelineReader.read(file))
                    : MetricTimeline.read(file);
        }
    }
}
