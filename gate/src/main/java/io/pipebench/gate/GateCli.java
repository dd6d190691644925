package io.pipebench.gate;

import io.pipebench.gate.cli.CompareCommand;
import io.pipebench.gate.cli.EnvCommand;
import io.pipebench.gate.cli.JoinForksCommand;
import io.pipebench.gate.cli.MergeCommand;
import io.pipebench.gate.cli.PromoteCommand;
import io.pipebench.gate.cli.ReportCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The performance gate's command line: compare, merge, join-forks, promote, report, env. */
@Command(name = "gate", mixinStandardHelpOptions = true, version = "pipebench gate 0.1.0",
        description = {
                "Performance gates for CI and result reports for pipebench.",
                "",
                "A change that makes the pipeline slower must fail CI; one that makes it",
                "faster must not. 'gate compare' checks a new run (the candidate) against a",
                "committed baseline:",
                "  * JMH scores: Welch's t-test on the fork means (at least 3 forks a side)",
                "    AND a minimum effect, symmetric in log space, in each mode's direction",
                "    (thrpt: higher is better; avgt, sample, ss and allocation B/op: lower);",
                "  * load-test figures (summary.json): a relative tolerance in the bad",
                "    direction; and every alarm that is not OK;",
                "  * environments (CPU count and model, JVM major, Kafka version): a",
                "    mismatch is flagged, and fails with --strict-environment.",
                "Thresholds: results/gate.yaml. Baselines: results/baselines/{jmh,load}/NAME/.",
                "",
                "It fails closed: a metric missing from the candidate, or one that cannot be",
                "evaluated (too few forks), fails unless an --allow-... option is given.",
                "",
                "Exit codes: 0 pass, 1 regression (the gate failed), 2 bad input or usage.",
                ""},
        footer = {
                "",
                "Typical CI flow:",
                "  gate env --kafka-version 4.4.0 --out results/jmh/environment.json",
                "  gate compare jmh --baseline results/baselines/jmh/codec \\",
                "      --candidate results/jmh/codec.json --markdown gate.md",
                "  gate compare load --baseline results/baselines/load/steady \\",
                "      --candidate results/load/steady/2025-01-31T12-00-00Z",
                "After a deliberate change of performance, make the run the baseline:",
                "  gate promote jmh --name codec results/jmh/codec.json",
                "",
                "Run it from the project root as bin/gate <command>.",
                "'gate help <command>' explains each command."},
        subcommands = {
                CompareCommand.class,
                MergeCommand.class,
                JoinForksCommand.class,
                PromoteCommand.class,
                ReportCommand.class,
                EnvCommand.class,
                CommandLine.HelpCommand.class
        })
public final class GateCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (0 pass, 1 regression, 2 bad input). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** Runs a command line with its output and errors sent to the given writers (for tests and embedding). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    private static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GateCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof GateInputException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("gate: " + oneLine(e.getMessage()));
                return 2;
            }
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                commandLine.getErr().println("gate: I/O error: " + oneLine(e.getMessage()));
                return 2;
            }
            throw e;
        });
        return cli;
    }

    // Bad input is reported on one line (a CI log greps it); Jackson's parse errors span several.
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
