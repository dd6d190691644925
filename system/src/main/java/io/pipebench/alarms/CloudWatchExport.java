package io.pipebench.alarms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the enabled rules of an {@link AlarmCatalog} into CloudWatch alarms: one {@code put-metric-alarm
 * --cli-input-json} document per alarm, or one CloudFormation template of {@code AWS::CloudWatch::Alarm} resources.
 * Thresholds, periods, comparisons, evaluation periods, datapoints to alarm and missing-data policies are copied
 * from the rules unchanged; a percentile statistic goes into {@code ExtendedStatistic}, the others into
 * {@code Statistic}. The metric namespace and the SNS topic are parameters (rules in an {@code AWS/} namespace keep
 * theirs).
 *
 * <p><b>Matching what the system emits.</b> CloudWatch matches a metric alarm to a metric only when namespace, name
 * and the <em>full</em> dimension set are equal ("you must include all of the dimensions for the custom metric",
 * user guide, Using Amazon CloudWatch alarms). A rule naming every dimension its metric is published with
 * ({@link AlarmCatalog#SYSTEM_DIMENSIONS}) becomes a plain metric alarm. A rule naming fewer, such as
 * {@code high-consumer-lag} (the system publishes {@code kafka.consumer.lag} per {@code group} and {@code statistic})
 * or {@code message-processing-failures} (per {@code topic} and {@code event_type}), becomes an alarm on a Metrics
 * Insights query ("Alarms on CloudWatch Metrics Insights queries"): {@code SELECT MAX("kafka.consumer.lag") FROM
 * SCHEMA("ns", "group", "statistic") WHERE "statistic" = 'sum'}. Why this and not one alarm per group or a metric-math
 * alarm over the listed series: the query follows groups, topics and event types as they appear without a re-export,
 * it stays one alarm per rule (so the evaluator's verdict and the deployed alarm are one-to-one), its aggregate is
 * exactly the evaluator's (samples of every matching series pooled per period: the sum of Sums, the largest Maximum),
 * and SEARCH() is not allowed in alarms while metric math is capped at 10 metrics. SCHEMA(...) keeps the exact
 * dimension set, as a plain alarm would.
 */
public final class CloudWatchExport {

    /** Output formats, by their command-line names. */
    public enum Format {
        CLI_JSON("cli-json"), CLOUDFORMATION("cloudformation");

        private final String cliName;

        Format(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Format fromCliName(String name) {
            for (Format f : values()) {
                if (f.cliName.equals(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("--format '" + name + "' is not one of cli-json, cloudformation");
        }
    }

    public static final String DEFAULT_NAMESPACE = "pipebench";
    /** Metrics Insights queries read only the most recent three hours of data. */
    static final int INSIGHTS_HOURS = 3;
    public static final String TEMPLATE_FILE = "pipebench-alarms.cfn.json";

    private static final Pattern SNS_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,256}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AlarmCatalog catalog;
    private final String namespace;
    private final Optional<String> snsTopicArn;

    /**
     * @param namespace the CloudWatch namespace the system publishes its metrics to
     * @param snsTopicArn where ALARM notifications go; empty: alarms without actions
     */
    public CloudWatchExport(AlarmCatalog catalog, String namespace, Optional<String> snsTopicArn) {
        if (namespace == null || namespace.isBlank() || namespace.length() > 255 || namespace.startsWith(":")) {
            throw new IllegalArgumentException("--namespace '" + namespace + "' is not a CloudWatch namespace "
                    + "(1 to 255 characters, not starting with ':')");
        }
        if (namespace.startsWith("AWS/")) {
            throw new IllegalArgumentException("--namespace '" + namespace + "' starts with 'AWS/', which is reserved "
                    + "for AWS services; custom metrics need another namespace, e.g. " + DEFAULT_NAMESPACE);
        }
        snsTopicArn.ifPresent(arn -> {
            if (!SNS_ARN.matcher(arn).matches()) {
                throw new IllegalArgumentException("--sns-topic '" + arn + "' is not an SNS topic ARN such as "
                        + "arn:aws:sns:eu-west-1:123456789012:engineering-alarms");
            }
        });
        this.catalog = catalog;
        this.namespace = namespace;
        this.snsTopicArn = snsTopicArn;
    }

    /** One put-metric-alarm input per enabled rule, by alarm name, in catalog order. */
    public Map<String, ObjectNode> cliInputJson() {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (AlarmRule rule : catalog.enabled()) {
            ObjectNode alarm = NODES.objectNode();
            alarm.put("AlarmName", rule.name());
            alarm.put("AlarmDescription", description(rule));
            alarm.put("ActionsEnabled", true);
            snsTopicArn.ifPresent(arn -> alarm.putArray("AlarmActions").add(arn));
            metricAndEvaluation(rule, alarm);
            if (namesEveryDimension(rule)) {
                alarm.put("Namespace", rule.namespace().orElse(namespace));
            } else {
                insightsMetric(rule, alarm).put("Expression", insightsQuery(rule, namespace));
            }
            out.put(rule.name(), alarm);
        }
        return out;
    }

    /** A CloudFormation template with one {@code AWS::CloudWatch::Alarm} per enabled rule. */
    public ObjectNode cloudFormation() {
        ObjectNode t = NODES.objectNode();
        t.put("AWSTemplateFormatVersion", "2010-09-09");
        t.put("Description", "pipebench alarms from " + catalog.source() + " (generated by pipebench alarms export)");
        ObjectNode params = t.putObject("Parameters");
        ObjectNode ns = params.putObject("Namespace");
        ns.put("Type", "String");
        ns.put("Default", namespace);
        ns.put("Description", "CloudWatch namespace the system publishes its metrics to");
        ObjectNode topic = params.putObject("SnsTopicArn");
        topic.put("Type", "String");
        topic.put("Default", snsTopicArn.orElse(""));
        topic.put("Description", "SNS topic for ALARM notifications; empty for alarms without actions");
        ArrayNode notEmpty = t.putObject("Conditions").putObject("HasSnsTopic").putArray("Fn::Not")
                .addObject().putArray("Fn::Equals");
        notEmpty.addObject().put("Ref", "SnsTopicArn");
        notEmpty.add("");

        ObjectNode resources = t.putObject("Resources");
        for (AlarmRule rule : catalog.enabled()) {
            ObjectNode resource = resources.putObject(logicalId(rule.name()));
            resource.put("Type", "AWS::CloudWatch::Alarm");
            ObjectNode p = resource.putObject("Properties");
            p.put("AlarmName", rule.name());
            p.put("AlarmDescription", description(rule));
            p.put("ActionsEnabled", true);
            ArrayNode ifTopic = p.putObject("AlarmActions").putArray("Fn::If");
            ifTopic.add("HasSnsTopic");
            ifTopic.addArray().addObject().put("Ref", "SnsTopicArn");
            ifTopic.addObject().put("Ref", "AWS::NoValue");
            metricAndEvaluation(rule, p);
            if (!namesEveryDimension(rule)) {
                insightsMetric(rule, p).putObject("Expression").put("Fn::Sub", insightsQuery(rule, "${Namespace}"));
            } else if (rule.namespace().isPresent()) {
                p.put("Namespace", rule.namespace().get());
            } else {
                p.putObject("Namespace").put("Ref", "Namespace");
            }
        }
        return t;
    }

    /** True when the rule names every dimension its metric is published with: a plain metric alarm matches it. */
    public static boolean namesEveryDimension(AlarmRule rule) {
        return rule.namespace().isPresent()
                || rule.dimensions().keySet().equals(AlarmCatalog.SYSTEM_DIMENSIONS.get(rule.metric()));
    }

    /**
     * The Metrics Insights query of a rule that names only some of its metric's dimensions: the rule's statistic over
     * every series with exactly the published dimension set whose dimensions include the rule's.
     */
    public static String insightsQuery(AlarmRule rule, String namespace) {
        String function = switch (rule.statistic().name()) {
            case "Maximum" -> "MAX";
            case "Minimum" -> "MIN";
            case "Sum" -> "SUM";
            case "Average" -> "AVG";
            case "SampleCount" -> "COUNT";
            default -> throw new IllegalArgumentException("rule '" + rule.name() + "': statistic " + rule.statistic()
                    + " has no Metrics Insights function; name every dimension of " + rule.metric());
        };
        if ((long) rule.periodSeconds() * rule.evaluationPeriods() > INSIGHTS_HOURS * 3600) {
            throw new IllegalArgumentException("rule '" + rule.name() + "': periodSeconds times evaluationPeriods "
                    + "exceeds " + INSIGHTS_HOURS + " h, the most a Metrics Insights query reads; shorten them or name "
                    + "every dimension of " + rule.metric());
        }
        StringBuilder q = new StringBuilder("SELECT ").append(function).append('(').append(quoted(rule, rule.metric()))
                .append(") FROM SCHEMA(").append(quoted(rule, namespace));
        AlarmCatalog.SYSTEM_DIMENSIONS.get(rule.metric()).stream().sorted()
                .forEach(d -> q.append(", ").append(quoted(rule, d)));
        q.append(')');
        String where = rule.dimensions().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(d -> quoted(rule, d.getKey()) + " = '" + literal(rule, d.getValue()) + "'")
                .collect(java.util.stream.Collectors.joining(" AND "));
        return where.isEmpty() ? q.toString() : q.append(" WHERE ").append(where).toString();
    }

    // Identifiers in double quotes: metric names with dots and the keyword-like "group" need them.
    private static String quoted(AlarmRule rule, String identifier) {
        if (identifier.contains("\"")) {
            throw new IllegalArgumentException("rule '" + rule.name() + "': '" + identifier + "' contains a double "
                    + "quote, which a Metrics Insights identifier cannot hold");
        }
        return '"' + identifier + '"';
    }

    private static String literal(AlarmRule rule, String value) {
        if (value.contains("'")) {
            throw new IllegalArgumentException("rule '" + rule.name() + "': dimension value '" + value + "' contains "
                    + "a single quote, which a Metrics Insights string cannot hold");
        }
        return value;
    }

    /** The one query of a Metrics Insights alarm, without its expression (the caller sets it, as text or Fn::Sub). */
    private static ObjectNode insightsMetric(AlarmRule rule, ObjectNode alarm) {
        ObjectNode q = alarm.putArray("Metrics").addObject();
        q.put("Id", "q1");
        q.put("Period", rule.periodSeconds());
        q.put("ReturnData", true);
        return q;
    }

    // The fields put-metric-alarm and AWS::CloudWatch::Alarm share, under the same names. An alarm on a Metrics
    // Insights query takes no metric, statistic, period or unit of its own: those are in its query.
    private static void metricAndEvaluation(AlarmRule rule, ObjectNode o) {
        if (namesEveryDimension(rule)) {
            o.put("MetricName", rule.metric());
            if (!rule.dimensions().isEmpty()) {
                ArrayNode dims = o.putArray("Dimensions");
                rule.dimensions().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(d -> {
                    ObjectNode dim = dims.addObject();
                    dim.put("Name", d.getKey());
                    dim.put("Value", d.getValue());
                });
            }
            o.put(rule.statistic().isPercentile() ? "ExtendedStatistic" : "Statistic", rule.statistic().name());
            o.put("Period", rule.periodSeconds());
            o.put("Unit", rule.unit());
        }
        o.put("EvaluationPeriods", rule.evaluationPeriods());
        o.put("DatapointsToAlarm", rule.datapointsToAlarm());
        o.put("Threshold", rule.threshold());
        o.put("ComparisonOperator", rule.comparison().name());
        o.put("TreatMissingData", rule.treatMissingData().cloudWatchName());
    }

    private static String description(AlarmRule rule) {
        String d = (rule.description().isBlank() ? "" : rule.description() + " ") + "Action: " + rule.action();
        return d.length() <= 1024 ? d : d.substring(0, 1021) + "...";
    }

    /** The text for standard output: one compact JSON object per line (cli-json), or the template. */
    public String render(Format format) {
        try {
            if (format == Format.CLOUDFORMATION) {
                return JSON.writeValueAsString(cloudFormation()) + "\n";
            }
            StringBuilder sb = new StringBuilder();
            for (ObjectNode alarm : cliInputJson().values()) {
                sb.append(alarm.toString()).append('\n');
            }
            return sb.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the files into {@code dir} (created if needed): {@code <alarm-name>.json} per alarm for cli-json, or
     * {@value #TEMPLATE_FILE}. Returns the files written.
     */
    public List<Path> write(Format format, Path dir) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            if (format == Format.CLOUDFORMATION) {
                Path file = dir.resolve(TEMPLATE_FILE);
                JSON.writeValue(file.toFile(), cloudFormation());
                written.add(file);
            } else {
                for (Map.Entry<String, ObjectNode> e : cliInputJson().entrySet()) {
                    Path file = dir.resolve(e.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
                    JSON.writeValue(file.toFile(), e.getValue());
                    written.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the export to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** A CloudFormation logical id from an alarm name: its alphanumeric words, capitalised, plus "Alarm". */
    public static String logicalId(String alarmName) {
        StringBuilder sb = new StringBuilder();
        for (String word : alarmName.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return sb.append("Alarm").toString();
    }
}
