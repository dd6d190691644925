package io.pipebench.gate.cli;

import io.pipebench.gate.baseline.BaselinePromoter;
import io.pipebench.gate.baseline.Promotion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gate promote jmh|load}: makes a run the new baseline. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {
                "Make a run the new baseline: copy it with its environment into "
                        + "results/baselines/<kind>/<name>/, replacing (and reporting) the previous baseline.",
                "Do this after a deliberate performance change, and commit the result."},
        subcommands = {PromoteCommand.Jmh.class, PromoteCommand.Load.class})
public final class PromoteCommand {

    /** {@code gate promote jmh}. */
    @Command(name = "jmh", mixinStandardHelpOptions = true,
            description = "Promote a JMH JSON result file and its environment.json (<name>.environment.json or "
                    + "environment.json beside it) to results/baselines/jmh/<name>/.")
    static final class Jmh implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The JMH '-rf json' result file.")
        Path file;

        @Option(names = "--name", required = true, description = "Baseline name, e.g. codec.")
        String name;

        @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
                description = "The results folder (default: ${DEFAULT-VALUE}).")
        Path results;

        @Override
        public Integer call() throws IOException {
            Promotion promotion = new BaselinePromoter(results).promoteJmh(file, name);
            spec.commandLine().getOut().println(promotion.describe());
            return 0;
        }
    }

    /** {@code gate promote load}. */
    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Promote a load-test run folder (summary.json, the .hlog files it names, environment) to "
                    + "results/baselines/load/<name>/.")
    static final class Load implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The run folder, e.g. results/load/steady/<timestamp>.")
        Path folder;

        @Option(names = "--name", description = "Baseline name (default: the run's scenario).")
        String name;

        @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
                description = "The results folder (default: ${DEFAULT-VALUE}).")
        Path results;

        @Override
        public Integer call() throws IOException {
            Promotion promotion = new BaselinePromoter(results).promoteLoad(folder, name);
            spec.commandLine().getOut().println(promotion.describe());
            return 0;
        }
    }
}
