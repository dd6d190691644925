package io.pipebench.gate.cli;

import io.pipebench.gate.jmh.JmhForkJoin;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gate join-forks}: JMH results run a fork at a time, joined into one result file. */
@Command(name = "join-forks", mixinStandardHelpOptions = true,
        description = {
                "Join JMH result files (-rf json) of the same benchmarks, each run with fewer forks, into the one "
                        + "file JMH would have written for all the forks: iterations concatenated per fork, score, "
                        + "error and percentiles computed from all of them as JMH computes them.",
                "For gates that run a baseline and a candidate one fork at a time, alternately (scripts/jmh-gated.sh)."},
        footer = {"", "Example:", "  gate join-forks --out before/store.json before/forks/store-1.json \\",
                "      before/forks/store-2.json before/forks/store-3.json"})
public final class JoinForksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JMH result files, one per fork or group of forks.")
    List<Path> files;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the joined result.")
    Path out;

    @Override
    public Integer call() {
        JmhForkJoin.join(files, out);
        spec.commandLine().getOut().println("joined " + files.size() + " file(s) into " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
