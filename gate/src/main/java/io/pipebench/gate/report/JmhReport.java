package io.pipebench.gate.report;

import io.pipebench.gate.compare.Comparison;
import io.pipebench.gate.compare.Figures;
import io.pipebench.gate.jmh.JmhMetric;
import io.pipebench.gate.jmh.JmhResultFile;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.EnvironmentInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A readable summary of one JMH result file: per benchmark class and mode, a ranking of methods and param sets by
 * score (best first, by the mode's direction) with JMH's 99.9% confidence interval, allocation per operation where
 * measured, and a bar chart with error bars written beside the Markdown.
 */
public final class JmhReport {

    private JmhReport() {
    }

    /**
     * Writes the Markdown summary and one chart per group.
     *
     * @param chartExtension "png" or "svg"
     * @return the files written, Markdown first
     */
    public static List<Path> write(Path jmhFile, Path outMarkdown, String chartExtension) throws IOException {
        return write(jmhFile, outMarkdown, chartExtension, METHOD);
    }

    /** Rank benchmark methods against each other (store strategies are methods). */
    public static final String METHOD = "method";

    /**
     * As {@link #write(Path, Path, String)}, ranking the candidates named by {@code rankBy}: {@link #METHOD} (the
     * default) ranks the benchmark methods of each parameter combination; a parameter name (e.g. {@code codec})
     * ranks that parameter's values within each method and combination of the other parameters.
     */
    public static List<Path> write(Path jmhFile, Path outMarkdown, String chartExtension, String rankBy)
            throws IOException {
        JmhResultFile run = JmhResultFile.read(jmhFile);
        Path folder = outMarkdown.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        String stem = stem(outMarkdown);
        Map<String, JmhMetric> allocation = new LinkedHashMap<>();
        for (JmhMetric m : run.metrics()) {
            if ("gc.alloc.rate.norm".equals(m.secondary())) {
                allocation.put(primaryId(m), m);
            }
        }
        Map<String, List<JmhMetric>> groups = run.metrics().stream().filter(m -> m.secondary() == null)
                .collect(Collectors.groupingBy(m -> groupTitle(m, rankBy), LinkedHashMap::new, Collectors.toList()));
        List<Path> written = new ArrayList<>();
        StringBuilder md = new StringBuilder("# JMH results: ").append(jmhFile.getFileName()).append("\n\n");
        Path envFile = Comparison.jmhEnvironmentFile(jmhFile);
        EnvironmentInfo env = envFile == null ? run.embeddedEnvironment() : EnvironmentInfo.read(envFile);
        md.append(environmentLine(env)).append("\n\n");
        md.append("Scores are JMH's mean ± the half-width of its 99.9% confidence interval. Rank 1 is best: highest "
                + "for throughput, lowest for time per operation.\n");
        for (Map.Entry<String, List<JmhMetric>> entry : groups.entrySet()) {
            List<JmhMetric> group = entry.getValue();
            JmhMetric first = group.get(0);
            Better better = first.better().orElse(Better.HIGHER);
            List<JmhMetric> ranked = new ArrayList<>(group);
            Comparator<JmhMetric> byScore = Comparator.comparingDouble(JmhMetric::score);
            ranked.sort(better == Better.HIGHER ? byScore.reversed() : byScore);
            String title = entry.getKey();
            Path chart = folder.resolve(stem + "-" + slug(title) + "." + chartExtension);
            Charts.scoreBars(title, first.unit(), ranked.stream().map(m -> candidate(m, rankBy)).toList(),
                    ranked.stream().map(JmhMetric::score).toList(), ranked.stream().map(JmhMetric::error).toList(),
                    chart);
            written.add(chart);
            boolean hasAllocation = ranked.stream().anyMatch(m -> allocation.containsKey(primaryId(m)));
            md.append("\n## ").append(title).append("\n\n![").append(title).append("](")
                    .append(chart.getFileName()).append(")\n\n");
            md.append("| Rank | ").append(METHOD.equals(rankBy) ? "Benchmark" : rankBy)
                    .append(" | Params | Score ± error (99.9% CI) | vs best |")
                    .append(hasAllocation ? " Allocation |" : "").append("\n|--:|---|---|--:|--:|")
                    .append(hasAllocation ? "--:|" : "").append('\n');
            double best = ranked.get(0).score();
            for (int i = 0; i < ranked.size(); i++) {
                JmhMetric m = ranked.get(i);
                md.append("| ").append(i + 1).append(" | ").append(candidate(m, rankBy)).append(" | ")
                        .append(params(m)).append(" | ").append(Figures.withError(m.score(), m.error(), m.unit()))
                        .append(" | ").append(i == 0 ? "best" : Figures.percent((m.score() - best) / best))
                        .append(" |");
                if (hasAllocation) {
                    JmhMetric alloc = allocation.get(primaryId(m));
                    md.append(' ').append(alloc == null ? "" : Figures.number(alloc.score()) + " " + alloc.unit())
                            .append(" |");
                }
                md.append('\n');
            }
        }
        if (groups.isEmpty()) {
            md.append("\n(no benchmarks in this file)\n");
        }
        Files.writeString(outMarkdown, md.toString());
        written.add(0, outMarkdown);
        return written;
    }

    static String environmentLine(EnvironmentInfo env) {
        List<String> parts = new ArrayList<>();
        if (env.cpuCount() != null) {
            parts.add(env.cpuCount() + " CPUs");
        }
        if (env.cpuModel() != null) {
            parts.add(env.cpuModel());
        }
        if (env.osName() != null) {
            parts.add(env.osName() + (env.osVersion() == null ? "" : " " + env.osVersion()));
        }
        if (env.jvmVersion() != null) {
            parts.add("JVM " + (env.jvmVendor() == null ? "" : env.jvmVendor() + " ") + env.jvmVersion());
        }
        if (env.kafkaVersion() != null) {
            parts.add("Kafka " + env.kafkaVersion());
        }
        if (env.gitCommit() != null) {
            parts.add("commit " + env.commitLabel(64));
        }
        if (env.capturedAt() != null) {
            parts.add("captured " + env.capturedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        return parts.isEmpty() ? "Environment: unknown (no environment.json beside the result)"
                : "Environment: " + String.join(", ", parts);
    }

    /** The group a metric is ranked in: class, mode and unit, plus every parameter except the ranked one. */
    private static String groupTitle(JmhMetric m, String rankBy) {
        String className = m.benchmarkClass().substring(m.benchmarkClass().lastIndexOf('.') + 1);
        StringBuilder sb = new StringBuilder(className);
        if (!METHOD.equals(rankBy)) {
            sb.append('.').append(m.method());
        }
        String others = m.params().entrySet().stream().filter(e -> !e.getKey().equals(rankBy))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        sb.append(" (").append(m.mode()).append(", ").append(m.unit());
        if (!others.isEmpty()) {
            sb.append("; ").append(others);
        }
        return sb.append(')').toString();
    }

    /** What is being ranked: the method, or the value of the ranked parameter. */
    private static String candidate(JmhMetric m, String rankBy) {
        return METHOD.equals(rankBy) ? m.method() : m.params().getOrDefault(rankBy, m.method());
    }

    private static String params(JmhMetric m) {
        return m.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String primaryId(JmhMetric m) {
        return JmhMetric.identity(m.benchmark(), m.params(), m.mode(), null);
    }

    static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
