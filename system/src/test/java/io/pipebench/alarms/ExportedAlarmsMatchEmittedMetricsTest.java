package io.pipebench.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.metrics.GroupLag;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.metrics.LagStatus;
import io.pipebench.metrics.PipelineMeters;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CloudWatch alarms only fire on metrics they match exactly (namespace, name, full dimension set). This registers the
 * system's meters as the system does (PipelineMeters, and the lag monitor's gauges as its snapshots' samples carry
 * them) and checks that every exported alarm of the built-in file matches at least one of them.
 */
class ExportedAlarmsMatchEmittedMetricsTest {

    private static final String NAMESPACE = "pipebench";
    // SELECT FN("metric") FROM SCHEMA("ns", "d1", ...) [WHERE "k" = 'v' AND ...], as CloudWatchExport writes it.
    private static final Pattern QUERY = Pattern.compile(
            "SELECT (MAX|MIN|SUM|AVG|COUNT)\\(\"([^\"]+)\"\\) FROM SCHEMA\\(\"([^\"]+)\"((?:, \"[^\"]+\")*)\\)"
                    + "(?: WHERE (.+))?");
    private static final Pattern CONDITION = Pattern.compile("\"([^\"]+)\" = '([^']*)'");

    /** One emitted series: metric name and its exact dimensions. */
    record Series(String metric, Map<String, String> dimensions) {
    }

    @Test
    void everyExportedAlarmMatchesAMetricTheSystemEmits() {
        Set<Series> emitted = emitted();
        Map<String, ObjectNode> alarms = new CloudWatchExport(AlarmCatalog.standard(), NAMESPACE, Optional.empty())
                .cliInputJson();
        assertThat(alarms).containsOnlyKeys("high-producer-latency", "high-consumer-lag",
                "message-processing-failures", "dead-letter-queue-growth", "dead-letters-dropped");
        alarms.forEach((name, alarm) -> assertThat(matches(alarm, emitted)).as(name + ": " + alarm).isTrue());
        // The lag, failure and dropped-letter alarms aggregate over series, the other two name their series exactly.
        assertThat(alarms.get("high-consumer-lag").at("/Metrics/0/Expression").asText()).isEqualTo(
                "SELECT MAX(\"kafka.consumer.lag\") FROM SCHEMA(\"pipebench\", \"group\", \"statistic\") "
                        + "WHERE \"statistic\" = 'sum'");
        assertThat(alarms.get("message-processing-failures").at("/Metrics/0/Expression").asText()).isEqualTo(
                "SELECT SUM(\"kafka.consumer.process.failure\") FROM SCHEMA(\"pipebench\", \"event_type\", \"topic\")");
        assertThat(alarms.get("dead-letters-dropped").at("/Metrics/0/Expression").asText()).isEqualTo(
                "SELECT SUM(\"pipebench.deadletter.dropped\") FROM SCHEMA(\"pipebench\", \"group\")");
        assertThat(alarms.get("dead-letter-queue-growth").get("MetricName").asText())
                .isEqualTo("kafka.messages.produced");
    }

    @Test
    void theOldExportOfTheLagAlarmMatchedNothing() {
        // What the export wrote before: a plain alarm on kafka.consumer.lag with only statistic=sum. On AWS it would
        // have stayed INSUFFICIENT_DATA forever; the check must say so.
        ObjectNode old = JsonNodeFactory.instance.objectNode();
        old.put("Namespace", NAMESPACE).put("MetricName", "kafka.consumer.lag").put("Statistic", "Maximum");
        ObjectNode dim = old.putArray("Dimensions").addObject();
        dim.put("Name", "statistic").put("Value", "sum");
        assertThat(matches(old, emitted())).isFalse();
        // Nor an aggregate query over a dimension set the metric is not published with.
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        query.putArray("Metrics").addObject().put("Expression",
                "SELECT MAX(\"kafka.consumer.lag\") FROM SCHEMA(\"pipebench\", \"statistic\") WHERE \"statistic\" = 'sum'");
        assertThat(matches(query, emitted())).isFalse();
    }

    @Test
    void theCatalogsDimensionTableIsWhatTheMetersCarry() {
        Map<String, Set<String>> seen = new TreeMap<>();
        for (Series s : emitted()) {
            seen.computeIfAbsent(s.metric(), k -> new HashSet<>()).addAll(s.dimensions().keySet());
        }
        seen.forEach((metric, keys) -> {
            if (AlarmCatalog.SYSTEM_DIMENSIONS.containsKey(metric)) {
                assertThat(AlarmCatalog.SYSTEM_DIMENSIONS.get(metric)).as(metric).isEqualTo(keys);
            }
        });
        assertThat(seen.keySet()).containsAll(List.of("kafka.producer.latency", "kafka.consumer.lag",
                "kafka.consumer.process.failure", "kafka.messages.produced", "kafka.producer.send.time",
                "kafka.consumer.process.time", "kafka.messages.consumed", "kafka.consumer.lag.seconds",
                "pipebench.deadletter.dropped"));
    }

    /** True when the alarm's metric, or the series its Metrics Insights query reads, is among the emitted ones. */
    static boolean matches(JsonNode alarm, Set<Series> emitted) {
        if (alarm.has("MetricName")) {
            Map<String, String> dims = new TreeMap<>();
            alarm.path("Dimensions").forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
            return alarm.get("Namespace").asText().equals(NAMESPACE)
                    && emitted.contains(new Series(alarm.get("MetricName").asText(), dims));
        }
        Matcher m = QUERY.matcher(alarm.at("/Metrics/0/Expression").asText());
        if (!m.matches() || !m.group(3).equals(NAMESPACE)) {
            return false;
        }
        Set<String> schema = Pattern.compile("\"([^\"]+)\"").matcher(m.group(4)).results().map(r -> r.group(1))
                .collect(Collectors.toSet());
        Map<String, String> where = new LinkedHashMap<>();
        if (m.group(5) != null) {
            for (String c : m.group(5).split(" AND ")) {
                Matcher cm = CONDITION.matcher(c);
                if (!cm.matches()) {
                    return false;
                }
                where.put(cm.group(1), cm.group(2));
            }
        }
        return emitted.stream().anyMatch(s -> s.metric().equals(m.group(2))
                && s.dimensions().keySet().equals(schema)
                && where.entrySet().stream().allMatch(w -> w.getValue().equals(s.dimensions().get(w.getKey()))));
    }

    /** The series a short run registers: a send per topic, a dead letter, processing outcomes, two groups' lag. */
    static Set<Series> emitted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PipelineMeters meters = new PipelineMeters(registry);
        meters.recordSend("order-events", true, 2_000_000);
        meters.recordSend("order-events", false, 9_000_000);
        meters.messageProduced("dead-letter-queue");
        meters.messageConsumed("order-events");
        meters.recordProcessing("order-events", "OrderCreated", true, 1_000_000);
        meters.recordProcessing("order-events", "OrderCreated", false, 1_000_000);
        meters.deadLetterDropped("audit");
        Set<Series> out = new HashSet<>();
        for (Meter meter : registry.getMeters()) {
            out.add(new Series(meter.getId().getName(), meter.getId().getTags().stream()
                    .collect(Collectors.toMap(Tag::getKey, Tag::getValue, (a, b) -> a, TreeMap::new))));
        }
        LagSnapshot snapshot = new LagSnapshot(Instant.parse("2025-01-01T00:00:00Z"), Duration.ofMillis(3), List.of(
                group("order-processing"), group("audit")));
        for (MetricSample s : snapshot.toMetricSamples()) {
            out.add(new Series(s.metric(), new TreeMap<>(s.dimensions())));
        }
        return out;
    }

    private static GroupLag group(String id) {
        return new GroupLag(id, "Stable", 1, LagStatus.OK, List.of(), OptionalLong.of(4),
                OptionalLong.of(12), OptionalLong.of(1500));
    }
}
