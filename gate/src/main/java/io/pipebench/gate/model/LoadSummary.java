package io.pipebench.gate.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipebench.gate.GateInputException;
import io.pipebench.gate.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The summary.json a load-test run writes into its run folder (results/load/&lt;scenario&gt;/&lt;timestamp&gt;/):
 * the figures the gate compares, the alarms' verdicts, and where the run's HdrHistogram logs are.
 *
 * @param scenario        the load scenario, e.g. "steady"
 * @param startedAt       when the measured phase started
 * @param durationSeconds how long the measured phase ran
 * @param environment     where it ran
 * @param metrics         figures by name, in the order written
 * @param alarms          alarm verdicts at the end of the run
 * @param histograms      HdrHistogram log files (values in microseconds) by name, relative to the run folder
 */
public record LoadSummary(String scenario, Instant startedAt, double durationSeconds, EnvironmentInfo environment,
                          Map<String, LoadMetric> metrics, List<AlarmResult> alarms, Map<String, String> histograms) {

    /** The file name inside a run folder. */
    public static final String FILE_NAME = "summary.json";

    public LoadSummary {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(startedAt, "startedAt");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics == null ? Map.of() : metrics));
        alarms = List.copyOf(alarms == null ? List.of() : alarms);
        histograms = Collections.unmodifiableMap(new LinkedHashMap<>(histograms == null ? Map.of() : histograms));
    }

    /**
     * Reads a summary.json, or the summary.json inside a run folder. Every problem is reported with the file and
     * the field, e.g. {@code summary.json: metrics."publish.p95".better must be "higher" or "lower"}.
     */
    public static LoadSummary read(Path fileOrRunFolder) {
        Path file = file(fileOrRunFolder);
        if (!Files.isRegularFile(file)) {
            throw new GateInputException(file + ": not found (a load-test run folder holds a " + FILE_NAME + ")");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new GateInputException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        return fromJson(root, file.toString());
    }

    /** The summary.json of a run folder, or the file itself. */
    public static Path file(Path fileOrRunFolder) {
        return Files.isDirectory(fileOrRunFolder) ? fileOrRunFolder.resolve(FILE_NAME) : fileOrRunFolder;
    }

    /**
     * The HdrHistogram logs this summary names, resolved against its run folder (absolute). Refuses a path that
     * leaves the run folder or is not a file, naming the summary and the entry.
     */
    public List<Path> histogramFiles(Path fileOrRunFolder) {
        Path file = file(fileOrRunFolder).toAbsolutePath().normalize();
        Path folder = file.getParent();
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> h : histograms.entrySet()) {
            Path log = folder.resolve(h.getValue()).normalize();
            if (!log.startsWith(folder) || !Files.isRegularFile(log)) {
                throw new GateInputException(file + ": histograms.\"" + h.getKey() + "\" = \"" + h.getValue()
                        + "\" is not a file inside the run folder");
            }
            files.add(log);
        }
        return files;
    }

    /** Writes this summary as indented JSON, creating parent folders. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Json.mapper().writeValue(file.toFile(), this);
    }

    static LoadSummary fromJson(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new GateInputException(source + ": expected a JSON object");
        }
        String scenario = text(root, "scenario", source, true);
        Instant startedAt = instant(root, "startedAt", source);
        double duration = number(root, "durationSeconds", source);
        EnvironmentInfo environment = null;
        if (root.hasNonNull("environment")) {
            try {
                environment = Json.mapper().treeToValue(root.get("environment"), EnvironmentInfo.class);
            } catch (IOException e) {
                throw new GateInputException(source + ": field 'environment' is malformed: " + e.getMessage(), e);
            }
        }
        Map<String, LoadMetric> metrics = new LinkedHashMap<>();
        JsonNode metricsNode = root.path("metrics");
        if (!metricsNode.isMissingNode() && !metricsNode.isObject()) {
            throw new GateInputException(source + ": field 'metrics' must be an object of name -> {value, unit, better}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = metricsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = "metrics.\"" + entry.getKey() + "\"";
            JsonNode node = entry.getValue();
            double value = figure(node, source + ": " + where);
            String unit = text(node, "unit", source + ": " + where, true);
            String betterText = text(node, "better", source + ": " + where, true);
            Better better;
            try {
                better = Better.parse(betterText);
            } catch (IllegalArgumentException e) {
                throw new GateInputException(source + ": " + where + ".better must be \"higher\" or \"lower\", not \""
                        + betterText + "\"");
            }
            metrics.put(entry.getKey(), new LoadMetric(value, unit, better));
        }
        List<AlarmResult> alarms = new ArrayList<>();
        JsonNode alarmsNode = root.path("alarms");
        if (!alarmsNode.isMissingNode() && !alarmsNode.isArray()) {
            throw new GateInputException(source + ": field 'alarms' must be an array of {name, state, observed, "
                    + "threshold}");
        }
        for (int i = 0; i < alarmsNode.size(); i++) {
            JsonNode node = alarmsNode.get(i);
            String where = source + ": alarms[" + i + "]";
            String name = text(node, "name", where, true);
            String stateText = text(node, "state", where, true);
            AlarmState state;
            try {
                state = AlarmState.valueOf(stateText.trim());
            } catch (IllegalArgumentException e) {
                throw new GateInputException(where + ".state must be OK, ALARM, INSUFFICIENT_DATA or "
                        + "NOT_APPLICABLE, not \"" + stateText + "\"");
            }
            alarms.add(new AlarmResult(name, state, optionalNumber(node, "observed", where),
                    optionalNumber(node, "threshold", where)));
        }
        Map<String, String> histograms = new LinkedHashMap<>();
        JsonNode histogramsNode = root.path("histograms");
        for (Iterator<Map.Entry<String, JsonNode>> it = histogramsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new GateInputException(source + ": histograms.\"" + entry.getKey()
                        + "\" must be the relative path of an HdrHistogram log file");
            }
            histograms.put(entry.getKey(), entry.getValue().asText());
        }
        if (metrics.isEmpty()) {
            throw new GateInputException(source + ": 'metrics' is empty: a run summary holds the figures of its run; "
                    + "was the run cut short before it wrote them?");
        }
        return new LoadSummary(scenario, startedAt, duration, environment, metrics, alarms, histograms);
    }

    private static String text(JsonNode node, String field, String where, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new GateInputException(where + ": field '" + field + "' is missing");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new GateInputException(where + ": field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static double number(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new GateInputException(where + ": field '" + field + "' is missing");
        }
        if (!value.isNumber()) {
            throw new GateInputException(where + ": field '" + field + "' must be a number, not " + value);
        }
        return value.asDouble();
    }

    // Every figure the harness writes (rates, counts, latencies, CPU time) is finite and >= 0; NaN means it was not
    // measured, and Jackson writes NaN as the string "NaN".
    private static double figure(JsonNode node, String where) {
        JsonNode value = node.get("value");
        double v = value != null && value.isTextual() && value.asText().matches("[+-]?(NaN|Infinity)")
                ? Double.parseDouble(value.asText()) : number(node, "value", where);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new GateInputException(where + ".value is " + v + ": the run did not measure this figure; fix the "
                    + "run (or its writer) and re-run, the gate cannot compare it");
        }
        if (v < 0) {
            throw new GateInputException(where + ".value is negative (" + v + "): rates, counts, latencies and costs "
                    + "cannot be; the writer of this summary is wrong");
        }
        return v;
    }

    private static Double optionalNumber(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : number(node, field, where);
    }

    private static Instant instant(JsonNode node, String field, String where) {
        String text = text(node, field, where, true);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new GateInputException(where + ": field '" + field + "' must be an ISO-8601 instant such as "
                    + "2025-01-31T12:00:00Z, not \"" + text + "\"");
        }
    }
}
