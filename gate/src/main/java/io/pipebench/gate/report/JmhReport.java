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
                .collect(Collectors.groupingBy(m -> m.benchmarkClass() + "@" + m.mode() + "@" + m.unit(),
                        LinkedHashMap::new, Collectors.toList()));
        List<Path> written = new ArrayList<>();
        StringBuilder md = new StringBuilder("# JMH results: ").append(jmhFile.getFileName()).append("\n\n");
        Path envFile = Comparison.jmhEnvironmentFile(jmhFile);
        EnvironmentInfo env = envFile == null ? run.embeddedEnvironment() : EnvironmentInfo.read(envFile);
        md.append(environmentLine(env)).append("\n\n");
        md.append("Scores are JMH's mean ± the half-width of its 99.9% confidence interval. Rank 1 is best: highest "
                + "for throughput, lowest for time per operation.\n");
        for (List<JmhMetric> group : groups.values()) {
            JmhMetric first = group.get(0);
            Better better = first.better().orElse(Better.HIGHER);
            List<JmhMetric> ranked = new ArrayList<>(group);
            Comparator<JmhMetric> byScore = Comparator.comparingDouble(JmhMetric::score);
            ranked.sort(better == Better.HIGHER ? byScore.reversed() : byScore);
            String className = first.benchmarkClass().substring(first.benchmarkClass().lastIndexOf('.') + 1);
            String title = className + " (" + first.mode() + ", " + first.unit() + ")";
            Path chart = folder.resolve(stem + "-" + slug(className + "-" + first.mode() + "-" + first.unit()) + "."
                    + chartExtension);
            Charts.scoreBars(title, first.unit(), ranked.stream().map(JmhReport::label).toList(),
                    ranked.stream().map(JmhMetric::score).toList(), ranked.stream().map(JmhMetric::error).toList(),
                    chart);
            written.add(chart);
            boolean hasAllocation = ranked.stream().anyMatch(m -> allocation.containsKey(primaryId(m)));
            md.append("\n## ").append(title).append("\n\n![").append(title).append("](")
                    .append(chart.getFileName()).append(")\n\n");
            md.append("| Rank | Benchmark | Params | Score ± error (99.9% CI) | vs best |")
                    .append(hasAllocation ? " Allocation |" : "").append("\n|--:|---|---|--:|--:|")
                    .append(hasAllocation ? "--:|" : "").append('\n');
            double best = ranked.get(0).score();
            for (int i = 0; i < ranked.size(); i++) {
                JmhMetric m = ranked.get(i);
                md.append("| ").append(i + 1).append(" | ").append(m.method()).append(" | ")
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
            parts.add("commit " + env.gitCommit());
        }
        if (env.capturedAt() != null) {
            parts.add("captured " + env.capturedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        return parts.isEmpty() ? "Environment: unknown (no environment.json beside the result)"
                : "Environment: " + String.join(", ", parts);
    }

    private static String label(JmhMetric m) {
        return m.params().isEmpty() ? m.method() : m.method() + " " + params(m);
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
