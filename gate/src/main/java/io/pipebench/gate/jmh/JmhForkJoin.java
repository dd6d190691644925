package io.pipebench.gate.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipebench.gate.GateInputException;
import io.pipebench.gate.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Joins JMH result files of the same benchmarks, each run with fewer forks, into the one file JMH would have written
 * had it run all the forks itself. The bracketed gate runs the baseline and the candidate one fork at a time,
 * alternately, so the machine's drift over minutes falls on both alike (results/gate-sensitivity/jmh/); JMH runs
 * a benchmark's forks back to back and has no option to interleave two builds, hence this.
 * <p>
 * The forks' iterations are concatenated ({@code rawData}); the score, its error and its percentiles are computed
 * from all of them as JMH computes them (the mean of every measured iteration; the half-width of the 99.9%
 * Student-t interval; commons-math's {@link Percentile}, which JMH uses too). A secondary metric whose score JMH
 * sums over iterations (the GC profiler's counts) keeps being summed; any other secondary metric is averaged (a
 * metric JMH aggregates by its maximum would be wrong here: none of the gated benchmarks has one). Sample mode is
 * refused: its histograms' score cannot be rebuilt from this file alone.
 */
public final class JmhForkJoin {

    private static final double CONFIDENCE = 0.999;
    private static final String[] PERCENTILES = {"0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99", "99.999",
            "99.9999", "100.0"};

    /**
     * The GC profiler's counters, which JMH sums over iterations: named because a file of one fork with one
     * iteration (or none) cannot show by its score whether it was summed or averaged.
     */
    private static final Set<String> SUMMED = Set.of("\u00b7gc.count", "\u00b7gc.time",
            "gc.count", "gc.time");

    private JmhForkJoin() {
    }

    /** Reads {@code files} (each a JMH {@code -rf json} result) and returns their join. */
    public static ArrayNode join(List<Path> files) {
        if (files.isEmpty()) {
            throw new GateInputException("no JMH result files to join");
        }
        Map<String, List<ObjectNode>> runs = new LinkedHashMap<>(); // benchmark identity -> one entry per file
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            ArrayNode root = JmhResultFile.results(file);
            Map<String, ObjectNode> here = new LinkedHashMap<>();
            for (JsonNode run : root) {
                String key = key(run, file);
                if (here.put(key, (ObjectNode) run) != null) {
                    throw new GateInputException(file + ": holds " + key + " twice; give each fork's file once");
                }
            }
            if (f == 0) {
                here.forEach((k, v) -> runs.put(k, new ArrayList<>(List.of(v))));
            } else {
                for (String key : runs.keySet()) {
                    if (!here.containsKey(key)) {
                        throw new GateInputException(file + ": has no result for " + key + ", which "
                                + files.get(0) + " has: the files to join must hold the same benchmarks (did a fork"
                                + " fail? see its log)");
                    }
                }
                for (String key : here.keySet()) {
                    if (!runs.containsKey(key)) {
                        throw new GateInputException(file + ": has a result for " + key + ", which " + files.get(0)
                                + " has not: the files to join must hold the same benchmarks");
                    }
                    runs.get(key).add(here.get(key));
                }
            }
        }
        ArrayNode joined = Json.mapper().createArrayNode();
        for (Map.Entry<String, List<ObjectNode>> e : runs.entrySet()) {
            joined.add(joinRun(e.getKey(), e.getValue(), files));
        }
        return joined;
    }

    /** Joins {@code files} into {@code out}. */
    public static void join(List<Path> files, Path out) {
        ArrayNode joined = join(files);
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Json.mapper().writeValue(out.toFile(), joined);
        } catch (IOException e) {
            throw new GateInputException(out + ": cannot be written: " + e.getMessage(), e);
        }
    }

    private static ObjectNode joinRun(String key, List<ObjectNode> parts, List<Path> files) {
        ObjectNode first = parts.get(0).deepCopy();
        int forks = 0;
        for (ObjectNode part : parts) {
            forks += part.path("forks").asInt(0);
        }
        first.put("forks", forks);
        first.set("primaryMetric", joinMetric(key + " primaryMetric", false, parts, p -> p.get("primaryMetric"),
                files, true));
        // Every secondary metric any file has: JMH's GC profiler writes gc.time only for iterations with a GC, so a
        // fork without one has no such key; JMH's own file would still hold the metric over the forks that had it.
        Set<String> names = new LinkedHashSet<>();
        parts.forEach(p -> p.path("secondaryMetrics").fieldNames().forEachRemaining(names::add));
        ObjectNode secondaries = Json.mapper().createObjectNode();
        for (String name : names) {
            secondaries.set(name, joinMetric(key + " secondary metric " + name, SUMMED.contains(name), parts,
                    p -> p.path("secondaryMetrics").get(name), files, false));
        }
        first.set("secondaryMetrics", secondaries);
        return first;
    }

    private static ObjectNode joinMetric(String what, boolean knownSum, List<ObjectNode> parts,
                                         Function<ObjectNode, JsonNode> metricOf,
                                         List<Path> files, boolean required) {
        ArrayNode rawData = Json.mapper().createArrayNode();
        List<Double> values = new ArrayList<>();
        boolean summed = knownSum;
        boolean averaged = false;
        ObjectNode template = null;
        for (int i = 0; i < parts.size(); i++) {
            JsonNode metric = metricOf.apply(parts.get(i));
            if ((metric == null || !metric.isObject()) && !required) {
                continue; // none of this file's iterations had it (see joinRun)
            }
            if (metric == null || !metric.isObject()) {
                throw new GateInputException(files.get(i) + ": has no " + what);
            }
            if (template != null && !template.path("scoreUnit").equals(metric.path("scoreUnit"))) {
                throw new GateInputException(files.get(i) + ": " + what + " is in " + metric.path("scoreUnit")
                        + ", another file's in " + template.path("scoreUnit") + ": not forks of one benchmark");
            }
            if (metric.has("rawDataHistogram") || !metric.has("rawData")) {
                throw new GateInputException(files.get(i) + ": " + what + " has no rawData (sample mode keeps "
                        + "histograms): only throughput, average-time and single-shot results can be joined");
            }
            template = template == null ? ((ObjectNode) metric).deepCopy() : template;
            List<Double> own = new ArrayList<>();
            for (JsonNode fork : metric.get("rawData")) {
                rawData.add(fork);
                fork.forEach(v -> own.add(JmhResultFile.number(v)));
            }
            values.addAll(own);
            // How JMH aggregated this metric over iterations, read back from its own score.
            double score = JmhResultFile.number(metric.get("score"));
            double sum = own.stream().mapToDouble(Double::doubleValue).sum();
            double mean = own.isEmpty() ? Double.NaN : sum / own.size();
            summed |= own.size() > 1 && close(score, sum) && !close(score, mean);
            averaged |= own.size() > 1 && close(score, mean) && !close(score, sum);
        }
        if (summed && averaged) {
            throw new GateInputException(what + ": its score is a sum of its iterations in one file and their mean "
                    + "in another: these are not forks of one benchmark");
        }
        // NaN iterations are kept, as JMH keeps them: its score is then NaN too, which the gate refuses to judge.
        double[] all = values.stream().mapToDouble(Double::doubleValue).toArray();
        ObjectNode joined = template;
        joined.set("rawData", rawData);
        if (all.length == 0) {
            throw new GateInputException(what + ": no measured iteration in any file: nothing to join");
        }
        double mean = Arrays.stream(all).average().orElseThrow();
        double score = summed ? Arrays.stream(all).sum() : mean;
        // JMH: no error below three iterations; a sum's interval is the sum itself.
        double error = summed || all.length <= 2 ? Double.NaN : meanError(all, mean);
        joined.put("score", score);
        joined.put("scoreError", error);
        ArrayNode confidence = Json.mapper().createArrayNode();
        confidence.add(summed ? score : Double.isNaN(error) ? Double.NaN : score - error);
        confidence.add(summed ? score : Double.isNaN(error) ? Double.NaN : score + error);
        joined.set("scoreConfidence", confidence);
        ObjectNode percentiles = Json.mapper().createObjectNode();
        Percentile percentile = new Percentile();
        percentile.setData(all);
        for (String p : PERCENTILES) {
            double rank = Double.parseDouble(p);
            percentiles.put(p, rank == 0 ? Arrays.stream(all).min().orElseThrow()
                    : percentile.evaluate(rank));
        }
        joined.set("scorePercentiles", percentiles);
        return joined;
    }

    /** Half-width of the 99.9% Student-t interval of the mean: JMH's scoreError. */
    private static double meanError(double[] values, double mean) {
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(squares / (values.length - 1));
        double t = new TDistribution(values.length - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        return t * sd / Math.sqrt(values.length);
    }

    private static String key(JsonNode run, Path file) {
        String benchmark = run.path("benchmark").asText("");
        if (benchmark.isBlank()) {
            throw new GateInputException(file + ": a result without its field 'benchmark'");
        }
        return benchmark + " " + run.path("mode").asText("") + " " + run.path("params");
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }
}
