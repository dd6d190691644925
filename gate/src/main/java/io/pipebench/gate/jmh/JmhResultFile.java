package io.pipebench.gate.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pipebench.gate.GateInputException;
import io.pipebench.gate.Json;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.EnvironmentInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A JMH result file as written by {@code -rf json}: every benchmark's primary metric and secondary metrics, flattened
 * into {@link JmhMetric}s with a known direction where one exists.
 *
 * @param source      the file read
 * @param metrics     primary and secondary metrics, in file order
 * @param jdkVersion  the "jdkVersion" JMH recorded, or null
 * @param vmName      the "vmName" JMH recorded, or null
 */
public record JmhResultFile(Path source, List<JmhMetric> metrics, String jdkVersion, String vmName) {

    public JmhResultFile {
        metrics = List.copyOf(metrics);
    }

    /** Reads a JMH JSON result file; malformed input is a {@link GateInputException} naming file and field. */
    public static JmhResultFile read(Path file) {
        ArrayNode root = results(file);
        List<JmhMetric> metrics = new ArrayList<>();
        String jdk = null;
        String vm = null;
        for (int i = 0; i < root.size(); i++) {
            JsonNode run = root.get(i);
            String where = file + ": [" + i + "]";
            String benchmark = requiredText(run, "benchmark", where);
            String mode = requiredText(run, "mode", where);
            TreeMap<String, String> params = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = run.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                params.put(p.getKey(), p.getValue().asText());
            }
            jdk = jdk != null ? jdk : textOrNull(run, "jdkVersion");
            vm = vm != null ? vm : textOrNull(run, "vmName");
            JsonNode primary = run.get("primaryMetric");
            if (primary == null || !primary.isObject()) {
                throw new GateInputException(where + " (" + benchmark + "): field 'primaryMetric' is missing");
            }
            String named = where + " (" + benchmark + ")";
            metrics.add(metric(benchmark, mode, params, null, primary, named + ".primaryMetric",
                    primaryDirection(mode)));
            for (Iterator<Map.Entry<String, JsonNode>> it = run.path("secondaryMetrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> s = it.next();
                String name = s.getKey().startsWith("\u00b7") ? s.getKey().substring(1) : s.getKey();
                String unit = s.getValue().path("scoreUnit").asText("");
                metrics.add(metric(benchmark, mode, params, name, s.getValue(),
                        named + ".secondaryMetrics.\"" + s.getKey() + "\"", secondaryDirection(name, unit)));
            }
        }
        return new JmhResultFile(file, metrics, jdk, vm);
    }

    /**
     * The file's array of benchmark results: refused, naming the file, when it is missing, not JSON, empty, not an
     * array or an empty array (also what {@link JmhForkJoin} reads).
     */
    static ArrayNode results(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GateInputException(file + ": JMH result file not found (run JMH with -rf json -rff " + file
                    + ")");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new GateInputException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new GateInputException(file + ": is empty; a JMH result is what 'java -jar benchmarks.jar -rf json "
                    + "-rff FILE' writes when the run completes");
        }
        if (!root.isArray()) {
            throw new GateInputException(file + ": a JMH JSON result is an array of benchmarks; is this a JMH "
                    + "'-rf json' file?");
        }
        if (root.isEmpty()) {
            throw new GateInputException(file + ": holds no benchmarks ([]): nothing to compare; re-run JMH and check "
                    + "its output for the benchmarks that failed");
        }
        return (ArrayNode) root;
    }

    /** What this file itself says about the environment (the JVM only), for runs with no environment.json. */
    public EnvironmentInfo embeddedEnvironment() {
        return new EnvironmentInfo(null, null, null, null, vmName, jdkVersion, null, null, null, null);
    }

    /** Throughput improves upwards; average time, sample time and single-shot time downwards. */
    static Optional<Better> primaryDirection(String mode) {
        return switch (mode) {
            case "thrpt" -> Optional.of(Better.HIGHER);
            case "avgt", "sample", "ss" -> Optional.of(Better.LOWER);
            default -> Optional.empty();
        };
    }

    /**
     * Allocation per operation and time per operation improve downwards, rates (aux counters in ops/time) upwards.
     * GC counts, GC time and the allocation rate in MB/sec have no direction on their own: they rise with
     * throughput, so they are reported but not gated unless gate.yaml gives them one.
     */
    static Optional<Better> secondaryDirection(String name, String unit) {
        if (name.equals("gc.alloc.rate.norm") || name.matches("p\\d+(\\.\\d+)?") || JmhUnits.isTimePerOp(unit)) {
            return Optional.of(Better.LOWER);
        }
        if (JmhUnits.isThroughput(unit)) {
            return Optional.of(Better.HIGHER);
        }
        return Optional.empty();
    }

    private static JmhMetric metric(String benchmark, String mode, TreeMap<String, String> params, String secondary,
                                    JsonNode node, String where, Optional<Better> better) {
        JsonNode score = node.get("score");
        if (score == null || score.isNull()) {
            throw new GateInputException(where + ": field 'score' is missing");
        }
        String unit = requiredText(node, "scoreUnit", where);
        List<List<Double>> forks = new ArrayList<>();
        if (node.has("rawData")) {
            for (JsonNode fork : node.get("rawData")) {
                List<Double> iterations = new ArrayList<>();
                for (JsonNode iteration : fork) {
                    iterations.add(number(iteration));
                }
                forks.add(iterations);
            }
        } else if (node.has("rawDataHistogram")) {
            // Sample mode keeps, per fork and iteration, [value, count] pairs; one observation per iteration is
            // that iteration's mean, the same unit of independence as the other modes.
            for (JsonNode fork : node.get("rawDataHistogram")) {
                List<Double> iterations = new ArrayList<>();
                for (JsonNode iteration : fork) {
                    double sum = 0;
                    double count = 0;
                    for (JsonNode pair : iteration) {
                        sum += number(pair.get(0)) * number(pair.get(1));
                        count += number(pair.get(1));
                    }
                    if (count > 0) {
                        iterations.add(sum / count);
                    }
                }
                forks.add(iterations);
            }
        }
        // The per-fork means feed the test, so a NaN or negative iteration is as fatal as a bad score: dropping
        // it silently would gate on fewer iterations than the file claims.
        for (int f = 0; f < forks.size(); f++) {
            List<Double> fork = forks.get(f);
            for (int i = 0; i < fork.size(); i++) {
                double v = fork.get(i);
                if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
                    throw new GateInputException(where + ": fork " + (f + 1) + " iteration " + (i + 1) + " is "
                            + v + "; a JMH measurement is a finite figure >= 0: re-run the benchmark");
                }
            }
        }
        forks.removeIf(List::isEmpty);
        double value = number(score);
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
            throw new GateInputException(where + ": 'score' is " + score.asText() + "; a JMH score is a finite "
                    + "figure >= 0, so this run did not measure the benchmark: re-run it");
        }
        return new JmhMetric(JmhMetric.identity(benchmark, params, mode, secondary), benchmark, mode, params,
                secondary, value, number(node.get("scoreError")), unit, forks, better);
    }

    /** A JMH number: JMH writes NaN as the string "NaN"; absent or unreadable is NaN too. */
    static double number(JsonNode node) {
        if (node == null || node.isNull()) {
            return Double.NaN;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        try {
            return Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new GateInputException(where + ": field '" + field + "' is missing");
        }
        return value.asText();
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
