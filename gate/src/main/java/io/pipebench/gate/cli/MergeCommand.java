package io.pipebench.gate.cli;

import io.pipebench.gate.Json;
import io.pipebench.gate.hdr.HistogramMerger;
import io.pipebench.gate.hdr.MergedHistograms;
import io.pipebench.gate.hdr.Percentiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gate merge}: adds HdrHistogram logs from several injectors. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {
                "Merge HdrHistogram logs (HistogramLogWriter format, values in microseconds) written by several "
                        + "injector processes or machines, and print p50/p90/p95/p99/p99.9/max and count per tag.",
                "Percentiles of a distributed load test come from the merged histogram: averaging each injector's "
                        + "p99 does not give a p99."},
        footer = {"", "Example:", "  gate merge --out results/load/steady/<ts>/publish.hlog \\",
                "      injector-1.hlog injector-2.hlog"})
public final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "LOG", description = "HdrHistogram log files to add together.")
    List<Path> logs;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the merged histogram log here (one interval per tag covering the whole run).")
    Path out;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the percentiles (microseconds) as JSON.")
    Path json;

    @Override
    public Integer call() throws IOException {
        MergedHistograms merged = HistogramMerger.merge(logs);
        List<Percentiles> percentiles = merged.percentiles();
        PrintWriter printer = spec.commandLine().getOut();
        printer.println("Merged " + logs.size() + " log(s); values recorded in microseconds, shown in ms:");
        percentiles.forEach(p -> printer.println("  " + p.toMillisLine()));
        if (out != null) {
            merged.writeLog(out);
            printer.println("merged histogram log: " + out);
        }
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            java.nio.file.Files.createDirectories(parent);
            Json.mapper().writeValue(json.toFile(), percentiles);
            printer.println("percentiles: " + json);
        }
        printer.flush();
        return 0;
    }
}
