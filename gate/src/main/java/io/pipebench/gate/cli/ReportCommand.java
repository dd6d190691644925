package io.pipebench.gate.cli;

import io.pipebench.gate.report.JmhReport;
import io.pipebench.gate.report.TrendReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gate report jmh|trend}: Markdown pages with charts. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write Markdown reports with charts (PNG by default) for people to read.",
        subcommands = {ReportCommand.Jmh.class, ReportCommand.Trend.class})
public final class ReportCommand {

    /** {@code gate report jmh}. */
    @Command(name = "jmh", mixinStandardHelpOptions = true,
            description = "Rank one JMH result file's benchmarks per class and mode, with score ± 99.9%% CI, "
                    + "allocation per op, and a bar chart with error bars beside the Markdown.")
    static final class Jmh implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--input", required = true, paramLabel = "FILE", description = "JMH '-rf json' file.")
        Path input;

        @Option(names = "--out", required = true, paramLabel = "FILE",
                description = "Markdown to write, e.g. results/jmh/summary.md.")
        Path out;

        @Option(names = "--chart-format", defaultValue = "png", description = "png or svg (default: ${DEFAULT-VALUE}).")
        String chartFormat;

        @Option(names = "--rank-by", defaultValue = JmhReport.METHOD, paramLabel = "method|PARAM",
                description = "What competes: 'method' (default; the benchmark methods of each parameter combination, "
                        + "e.g. write strategies) or a parameter (e.g. codec: its values within each method and "
                        + "combination of the other parameters).")
        String rankBy;

        @Override
        public Integer call() throws IOException {
            return print(spec, JmhReport.write(input, out, ChartFormat.check(chartFormat), rankBy));
        }
    }

    /** {@code gate report trend}. */
    @Command(name = "trend", mixinStandardHelpOptions = true,
            description = "Index the committed results (history and baselines) and chart the trend of every key "
                    + "figure over time.")
    static final class Trend implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--results", defaultValue = "results", paramLabel = "DIR",
                description = "The results folder (default: ${DEFAULT-VALUE}).")
        Path results;

        @Option(names = "--out", defaultValue = "results/TRENDS.md", paramLabel = "FILE",
                description = "Page to write; charts go to charts/ beside it (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--chart-format", defaultValue = "png", description = "png or svg (default: ${DEFAULT-VALUE}).")
        String chartFormat;

        @Override
        public Integer call() throws IOException {
            return print(spec, TrendReport.write(results, out, ChartFormat.check(chartFormat)));
        }
    }

    private static int print(CommandSpec spec, List<Path> written) {
        written.forEach(p -> spec.commandLine().getOut().println("wrote " + p));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static final class ChartFormat {
        static String check(String format) {
            if (!format.equals("svg") && !format.equals("png")) {
                throw new IllegalArgumentException("--chart-format must be svg or png, not " + format);
            }
            return format;
        }
    }
}
