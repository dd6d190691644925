package io.pipebench.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipebench.gate.Yaml;
import io.pipebench.metrics.PipelineMeters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The alarms, read from a YAML file ({@code catalog/alarms.yaml} on the class path by default) and checked field by
 * field against what CloudWatch's PutMetricAlarm accepts, before anything is evaluated or exported. Every refusal is an
 * {@link InvalidAlarmRuleException} naming the rule and the field.
 */
public final class AlarmCatalog {

    public static final String DEFAULT_RESOURCE = "/catalog/alarms.yaml";

    /**
     * The metrics the system records (publisher, consumers, lag monitor), each with the exact set of dimensions (tags)
     * it is published with: CloudWatch matches an alarm to a metric only on namespace, name and the full dimension set,
     * so the export needs them. An alarm on anything else is a typo. {@code ExportedAlarmsMatchEmittedMetricsTest}
     * checks this table against the meters the system registers.
     */
    public static final Map<String, Set<String>> SYSTEM_DIMENSIONS = Map.ofEntries(
            Map.entry(PipelineMeters.PRODUCER_LATENCY, Set.of()),
            Map.entry(PipelineMeters.PRODUCER_SEND_TIME, Set.of("topic", "success")),
            Map.entry(PipelineMeters.PRODUCER_SEND_SUCCESS, Set.of("topic")),
            Map.entry(PipelineMeters.PRODUCER_SEND_FAILURE, Set.of("topic")),
            Map.entry(PipelineMeters.CONSUMER_PROCESS_TIME, Set.of("topic", "event_type", "success")),
            Map.entry(PipelineMeters.CONSUMER_PROCESS_SUCCESS, Set.of("topic", "event_type")),
            Map.entry(PipelineMeters.CONSUMER_PROCESS_FAILURE, Set.of("topic", "event_type")),
            Map.entry(PipelineMeters.MESSAGES_PRODUCED, Set.of("topic")),
            Map.entry(PipelineMeters.MESSAGES_CONSUMED, Set.of("topic")),
            Map.entry(PipelineMeters.CONSUMER_LAG, Set.of("group", "statistic")),
            Map.entry(PipelineMeters.CONSUMER_TIME_LAG, Set.of("group", "statistic")),
            Map.entry(PipelineMeters.CONSUMER_PARTITION_LAG, Set.of("group", "topic", "partition")),
            Map.entry(PipelineMeters.DEAD_LETTERS_DROPPED, Set.of("group")));

    /** The metrics the system records. */
    public static final Set<String> SYSTEM_METRICS = SYSTEM_DIMENSIONS.keySet();

    /** Broker-side metrics MSK publishes to the {@code AWS/Kafka} namespace that the optional rules use. */
    public static final Set<String> MSK_METRICS = Set.of(
            "OfflinePartitionsCount",
            "UnderReplicatedPartitions",
            "ActiveControllerCount",
            "EstimatedMaxTimeLag",
            "MaxOffsetLag",
            "SumOffsetLag");

    /** CloudWatch's StandardUnit values. */
    public static final List<String> UNITS = List.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second",
            "None");

    private static final Set<String> FIELDS = Set.of("name", "description", "enabled", "namespace", "metric",
            "dimensions", "statistic", "comparisonOperator", "threshold", "unit", "periodSeconds", "evaluationPeriods",
            "datapointsToAlarm", "treatMissingData", "action");

    private final List<AlarmRule> rules;
    private final String source;

    private AlarmCatalog(List<AlarmRule> rules, String source) {
        this.rules = List.copyOf(rules);
        this.source = source;
    }

    /** The built-in alarms: the design document's four, plus optional ones that are off. */
    public static AlarmCatalog standard() {
        try (InputStream in = AlarmCatalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The built-in alarm file " + DEFAULT_RESOURCE + " is missing from the jar");
            }
            return parse(in, "built-in " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new InvalidAlarmRuleException("Cannot read the built-in alarm file: " + e.getMessage(), e);
        }
    }

    public static AlarmCatalog load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new InvalidAlarmRuleException("Cannot read the alarm file " + file + ": " + e.getMessage(), e);
        }
    }

    public static AlarmCatalog loadOrStandard(Optional<Path> file) {
        return file.map(AlarmCatalog::load).orElseGet(AlarmCatalog::standard);
    }

    /** Parses YAML text; {@code source} names it in error messages. */
    public static AlarmCatalog parse(String yaml, String source) {
        return parse(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), source);
    }

    static AlarmCatalog parse(InputStream in, String source) {
        JsonNode root = Yaml.tree(in, source, InvalidAlarmRuleException::new);
        if (root == null || !root.isObject() || !root.has("alarms")) {
            throw new InvalidAlarmRuleException(source + ": no 'alarms:' list at the top level");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("alarms")) {
                throw new InvalidAlarmRuleException(source + ": unknown top-level field '" + f + "'; only 'alarms' is read");
            }
        }
        JsonNode list = root.get("alarms");
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidAlarmRuleException(source + ": 'alarms' must be a non-empty list of rules");
        }
        List<AlarmRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> logicalIds = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            AlarmRule rule = parseRule(list.get(i), source, i + 1);
            if (!names.add(rule.name())) {
                throw new InvalidAlarmRuleException(source + ": rule '" + rule.name() + "': field 'name' is used twice; "
                        + "alarm names must be unique");
            }
            if (!logicalIds.add(CloudWatchExport.logicalId(rule.name()))) {
                throw new InvalidAlarmRuleException(source + ": rule '" + rule.name() + "': field 'name' differs from "
                        + "another rule's only in punctuation; CloudFormation logical ids would collide");
            }
            rules.add(rule);
        }
        return new AlarmCatalog(rules, source);
    }

    private static AlarmRule parseRule(JsonNode node, String source, int index) {
        if (!node.isObject()) {
            throw new InvalidAlarmRuleException(source + ": rule #" + index + " is not a mapping of fields");
        }
        JsonNode nameNode = node.get("name");
        if (nameNode == null || nameNode.isNull() || nameNode.asText().isBlank()) {
            throw new InvalidAlarmRuleException(source + ": rule #" + index + ": field 'name' is missing");
        }
        if (!nameNode.isTextual()) {
            throw new InvalidAlarmRuleException(source + ": rule #" + index + ": field 'name' is " + nameNode
                    + ", not a string; quote it (YAML reads words such as off, no and yes as booleans)");
        }
        String name = nameNode.asText();
        Field f = new Field(source + ": rule '" + name + "'", node);
        if (name.length() > 255 || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw f.fail("name", "must be 1 to 255 printable ASCII characters (a CloudWatch alarm name)");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!FIELDS.contains(key)) {
                throw f.fail(key, "is not a rule field; known fields are " + FIELDS.stream().sorted().toList());
            }
        }

        Optional<String> namespace = f.optionalText("namespace");
        String metric = f.text("metric");
        boolean awsNamespace = namespace.map(ns -> ns.startsWith("AWS/")).orElse(false);
        if (awsNamespace ? !MSK_METRICS.contains(metric) : !SYSTEM_METRICS.contains(metric)) {
            throw f.fail("metric", "'" + metric + "' is not a metric " + (awsNamespace ? "this catalog knows in "
                    + namespace.get() + "; known: " + sorted(MSK_METRICS) : "the system records; known: "
                    + sorted(SYSTEM_METRICS)));
        }
        if (namespace.isPresent() && (namespace.get().isBlank() || namespace.get().length() > 255
                || namespace.get().startsWith(":"))) {
            throw f.fail("namespace", "'" + namespace.get() + "' is not a CloudWatch namespace (1 to 255 characters, "
                    + "not starting with ':')");
        }

        Map<String, String> dimensions = f.dimensions();
        Set<String> published = awsNamespace ? Set.of() : SYSTEM_DIMENSIONS.get(metric);
        if (!awsNamespace) {
            for (String key : dimensions.keySet()) {
                if (!published.contains(key)) {
                    throw f.fail("dimensions." + key, "is not a dimension of " + metric + ", which the system "
                            + "publishes with " + sorted(published) + "; an alarm on it would match no metric");
                }
            }
        }

        String statName = f.text("statistic");
        Statistic statistic = Statistic.parse(statName).orElseThrow(() -> f.fail("statistic", "'" + statName
                + "' is not a CloudWatch statistic; use one of " + Statistic.STANDARD + " or a percentile p0 to p100 "
                + "such as p95 or p99.9"));
        if (statistic.isPercentile() && !awsNamespace && !dimensions.keySet().equals(published)) {
            throw f.fail("statistic", "'" + statName + "' over several series of " + metric + " cannot be exported: "
                    + "the alarm must then aggregate with a Metrics Insights query, which has no percentiles; name "
                    + "every dimension " + sorted(published) + " or use Maximum");
        }

        String cmp = f.text("comparisonOperator");
        ComparisonOperator comparison = ComparisonOperator.fromCloudWatchName(cmp).orElseThrow(() -> f.fail(
                "comparisonOperator", "'" + cmp + "' is not a static-threshold comparison; use one of "
                        + List.of(ComparisonOperator.values())));

        JsonNode thresholdNode = node.get("threshold");
        if (thresholdNode == null) {
            throw f.fail("threshold", "is missing; give a number");
        }
        if (!thresholdNode.isNumber() || !Double.isFinite(thresholdNode.asDouble())) {
            throw f.fail("threshold", "'" + thresholdNode.asText() + "' is not a number; write it without unit, "
                    + "e.g. 1000 (the unit goes in 'unit')");
        }
        double threshold = thresholdNode.asDouble();

        String unit = f.text("unit");
        if (!UNITS.contains(unit)) {
            throw f.fail("unit", "'" + unit + "' is not a CloudWatch unit; use one of " + UNITS);
        }

        int period = f.integer("periodSeconds");
        if (period == 10 || period == 20 || period == 30) {
            throw f.fail("periodSeconds", "is " + period + ": 10, 20 and 30 s are high-resolution alarm periods, "
                    + "only for metrics stored at 1-second resolution; the system's metrics are standard resolution, "
                    + "so use a multiple of 60");
        }
        if (period <= 0 || period % 60 != 0) {
            throw f.fail("periodSeconds", "is " + period + "; CloudWatch needs a multiple of 60 seconds for "
                    + "standard-resolution metrics (e.g. 300 for 5 minutes)");
        }
        int n = f.integer("evaluationPeriods");
        if (n < 1) {
            throw f.fail("evaluationPeriods", "is " + n + "; it must be >= 1");
        }
        long total = (long) period * n;
        long limit = period < 3600 ? 86_400 : 604_800;
        if (total > limit) {
            throw f.fail("evaluationPeriods", "times periodSeconds is " + total + " s; CloudWatch allows at most "
                    + limit + " s (one day for periods under an hour, seven days otherwise)");
        }
        int m = node.has("datapointsToAlarm") ? f.integer("datapointsToAlarm") : n;
        if (m < 1 || m > n) {
            throw f.fail("datapointsToAlarm", "is " + m + "; it must be between 1 and evaluationPeriods (" + n + ")");
        }

        String missing = f.text("treatMissingData");
        TreatMissingData treatMissingData = TreatMissingData.fromCloudWatchName(missing).orElseThrow(() -> f.fail(
                "treatMissingData", "'" + missing + "' is not one of missing, notBreaching, breaching, ignore"));

        String action = f.text("action");
        String description = f.optionalText("description").orElse("");
        boolean enabled = true;
        if (node.has("enabled")) {
            if (!node.get("enabled").isBoolean()) {
                throw f.fail("enabled", "must be true or false");
            }
            enabled = node.get("enabled").asBoolean();
        }
        return new AlarmRule(name, description, enabled, namespace, metric, dimensions, statistic, comparison,
                threshold, unit, period, n, m, treatMissingData, action);
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    /** Reads one rule's fields; every failure names the rule and the field. */
    private record Field(String where, JsonNode node) {

        InvalidAlarmRuleException fail(String field, String problem) {
            return new InvalidAlarmRuleException(where + ": field '" + field + "' " + problem);
        }

        String text(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw fail(field, "is missing");
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                throw fail(field, "must be a non-empty string");
            }
            return v.asText();
        }

        Optional<String> optionalText(String field) {
            return node.has(field) && !node.get(field).isNull() ? Optional.of(text(field)) : Optional.empty();
        }

        int integer(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw fail(field, "is missing; give a whole number");
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw fail(field, "'" + v.asText() + "' is not a whole number");
            }
            return v.asInt();
        }

        Map<String, String> dimensions() {
            JsonNode d = node.get("dimensions");
            Map<String, String> out = new LinkedHashMap<>();
            if (d == null || d.isNull()) {
                return out;
            }
            if (!d.isObject()) {
                throw fail("dimensions", "must be a mapping of dimension name to value, e.g. {topic: dead-letter-queue}");
            }
            if (d.size() > 30) {
                throw fail("dimensions", "has " + d.size() + " entries; CloudWatch allows at most 30");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (e.getKey().isBlank() || e.getKey().length() > 255) {
                    throw fail("dimensions", "has a name that is empty or longer than 255 characters");
                }
                if (v == null || !v.isValueNode() || v.isNull() || v.asText().isEmpty() || v.asText().length() > 255) {
                    throw fail("dimensions." + e.getKey(), "must be a value of 1 to 255 characters");
                }
                out.put(e.getKey(), v.asText());
            }
            return out;
        }
    }

    public List<AlarmRule> rules() {
        return rules;
    }

    /** The rules that are on; the optional extras in the built-in file are off. */
    public List<AlarmRule> enabled() {
        return rules.stream().filter(AlarmRule::enabled).toList();
    }

    public Optional<AlarmRule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source + ": " + rules.stream().map(AlarmRule::name).collect(Collectors.joining(", "));
    }
}
