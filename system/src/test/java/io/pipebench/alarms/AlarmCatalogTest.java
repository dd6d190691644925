package io.pipebench.alarms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlarmCatalogTest {

    @Test
    void builtInCatalogHasTheDocumentsFourAlarmsEnabledAndTwoOptionalOnesOff() {
        AlarmCatalog c = AlarmCatalog.standard();
        assertThat(c.enabled()).extracting(AlarmRule::name).containsExactly("high-producer-latency",
                "high-consumer-lag", "message-processing-failures", "dead-letter-queue-growth", "dead-letters-dropped");
        assertThat(c.rules()).filteredOn(r -> !r.enabled()).extracting(AlarmRule::name)
                .containsExactly("msk-offline-partitions", "high-consumer-time-lag");

        AlarmRule latency = c.rule("high-producer-latency").orElseThrow();
        assertThat(latency.metric()).isEqualTo("kafka.producer.latency");
        assertThat(latency.statistic().name()).isEqualTo("p95");
        assertThat(latency.statistic().isPercentile()).isTrue();
        assertThat(latency.comparison()).isEqualTo(ComparisonOperator.GreaterThanThreshold);
        assertThat(latency.threshold()).isEqualTo(1000.0);
        assertThat(latency.unit()).isEqualTo("Milliseconds");
        assertThat(latency.periodSeconds()).isEqualTo(300);

        AlarmRule lag = c.rule("high-consumer-lag").orElseThrow();
        assertThat(lag.metric()).isEqualTo("kafka.consumer.lag");
        assertThat(lag.statistic().name()).isEqualTo("Maximum");
        assertThat(lag.threshold()).isEqualTo(1000.0);
        assertThat(lag.periodSeconds()).isEqualTo(300);
        assertThat(lag.treatMissingData()).isEqualTo(TreatMissingData.IGNORE);

        AlarmRule failures = c.rule("message-processing-failures").orElseThrow();
        assertThat(failures.metric()).isEqualTo("kafka.consumer.process.failure");
        assertThat(failures.statistic().name()).isEqualTo("Sum");
        assertThat(failures.threshold()).isEqualTo(10.0);
        assertThat(failures.periodSeconds()).isEqualTo(300);

        AlarmRule dlq = c.rule("dead-letter-queue-growth").orElseThrow();
        assertThat(dlq.metric()).isEqualTo("kafka.messages.produced");
        assertThat(dlq.dimensions()).containsExactly(Map.entry("topic", "dead-letter-queue"));
        assertThat(dlq.statistic().name()).isEqualTo("Sum");
        assertThat(dlq.threshold()).isEqualTo(5.0);
        assertThat(dlq.periodSeconds()).isEqualTo(600);

        AlarmRule dropped = c.rule("dead-letters-dropped").orElseThrow();
        assertThat(dropped.metric()).isEqualTo("pipebench.deadletter.dropped");
        assertThat(dropped.dimensions()).isEmpty();
        assertThat(dropped.statistic().name()).isEqualTo("Sum");
        assertThat(dropped.threshold()).isEqualTo(0.0);
        assertThat(dropped.periodSeconds()).isEqualTo(60);
        assertThat(dropped.treatMissingData()).isEqualTo(TreatMissingData.NOT_BREACHING);

        AlarmRule offline = c.rule("msk-offline-partitions").orElseThrow();
        assertThat(offline.namespace()).contains("AWS/Kafka");
        AlarmRule timeLag = c.rule("high-consumer-time-lag").orElseThrow();
        assertThat(timeLag.metric()).isEqualTo("kafka.consumer.lag.seconds");
        assertThat(timeLag.threshold()).isEqualTo(300.0);
        for (AlarmRule r : c.rules()) {
            assertThat(r.evaluationPeriods()).as(r.name()).isGreaterThanOrEqualTo(r.datapointsToAlarm());
            assertThat(r.action()).as(r.name()).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 120, 300, 600, 3600})
    void periodsThatAreMultiplesOfSixtyAreAccepted(int period) {
        AlarmRule r = AlarmCatalog.parse(yaml(Map.of("periodSeconds", String.valueOf(period))), "test").rules().get(0);
        assertThat(r.periodSeconds()).isEqualTo(period);
    }

    @Test
    void datapointsToAlarmDefaultsToEvaluationPeriodsAsInCloudWatch() {
        Map<String, String> fields = base();
        fields.remove("datapointsToAlarm");
        fields.put("evaluationPeriods", "3");
        AlarmRule r = AlarmCatalog.parse(render(fields), "test").rules().get(0);
        assertThat(r.datapointsToAlarm()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "metric             | kafka.consumer.lagg | is not a metric the system records",
            "threshold          | '\"1000ms\"'        | is not a number",
            "threshold          | '\"lots\"'          | is not a number",
            "periodSeconds      | 0                   | multiple of 60",
            "periodSeconds      | -300                | multiple of 60",
            "periodSeconds      | 90                  | multiple of 60",
            "periodSeconds      | 30                  | high-resolution",
            "periodSeconds      | '\"5m\"'            | is not a whole number",
            "evaluationPeriods  | 0                   | must be >= 1",
            "datapointsToAlarm  | 3                   | between 1 and evaluationPeriods (2)",
            "datapointsToAlarm  | 0                   | between 1 and evaluationPeriods (2)",
            "statistic          | Max                 | is not a CloudWatch statistic",
            "statistic          | p101                | is not a CloudWatch statistic",
            "comparisonOperator | '\">\"'             | is not a static-threshold comparison",
            "comparisonOperator | GreaterThan         | is not a static-threshold comparison",
            "treatMissingData   | notbreaching        | is not one of missing, notBreaching, breaching, ignore",
            "treatMissingData   | zero                | is not one of missing, notBreaching, breaching, ignore",
            "unit               | ms                  | is not a CloudWatch unit",
            "enabled            | maybe               | must be true or false",
            // null and empty values (issue 14, item 8): named, never a NullPointerException
            "metric             | '~'                 | metric",
            "threshold          | '~'                 | threshold",
            "threshold          | '\"\"'            | threshold",
            "periodSeconds      | '~'                 | periodSeconds",
            "periodSeconds      | 99999999999999      | periodSeconds",
            "evaluationPeriods  | '~'                 | evaluationPeriods",
            "statistic          | '~'                 | statistic",
            "statistic          | '\"\"'            | statistic",
            "comparisonOperator | '~'                 | comparisonOperator",
            "treatMissingData   | '~'                 | treatMissingData",
            "unit               | '~'                 | unit",
            "enabled            | '~'                 | enabled",
    })
    void invalidFieldsAreRefusedNamingRuleAndField(String field, String value, String problem) {
        assertThatThrownBy(() -> AlarmCatalog.parse(yaml(Map.of(field, value)), "alarms.yaml"))
                .isInstanceOf(InvalidAlarmRuleException.class)
                .hasMessageContaining("alarms.yaml: rule 'broken-rule': field '" + field + "'")
                .hasMessageContaining(problem);
    }

    @Test
    void aNullRuleOrANullListIsRefusedNamingIt() {
        assertThatThrownBy(() -> AlarmCatalog.parse("alarms: [~]", "f")).isInstanceOf(InvalidAlarmRuleException.class)
                .hasMessageContaining("f");
        assertThatThrownBy(() -> AlarmCatalog.parse("alarms: ~", "f")).isInstanceOf(InvalidAlarmRuleException.class)
                .hasMessageContaining("alarms");
        assertThatThrownBy(() -> AlarmCatalog.parse("alarms: [{name: ~}]", "f"))
                .isInstanceOf(InvalidAlarmRuleException.class).hasMessageContaining("name");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        Map<String, String> fields = base();
        fields.remove("treatMissingData");
        assertThatThrownBy(() -> AlarmCatalog.parse(render(fields), "f"))
                .hasMessageContaining("rule 'broken-rule': field 'treatMissingData' is missing");
        Map<String, String> noThreshold = base();
        noThreshold.remove("threshold");
        assertThatThrownBy(() -> AlarmCatalog.parse(render(noThreshold), "f"))
                .hasMessageContaining("rule 'broken-rule': field 'threshold' is missing");
    }

    @Test
    void unknownFieldIsRefusedSoATypoDoesNotSilentlyDropASetting() {
        assertThatThrownBy(() -> AlarmCatalog.parse(yaml(Map.of("datapointToAlarm", "1")), "f"))
                .hasMessageContaining("rule 'broken-rule': field 'datapointToAlarm' is not a rule field");
    }

    @Test
    void evaluationLongerThanCloudWatchAllowsIsRefused() {
        // Periods under an hour: at most one day in total.
        assertThatThrownBy(() -> AlarmCatalog.parse(yaml(Map.of("periodSeconds", "600", "evaluationPeriods", "145",
                "datapointsToAlarm", "1")), "f"))
                .hasMessageContaining("rule 'broken-rule': field 'evaluationPeriods'")
                .hasMessageContaining("86400");
    }

    @Test
    void duplicateNamesAndNamelessRulesAreRefused() {
        String one = render(base());
        String twice = one + one.substring(one.indexOf("  - name"));
        assertThatThrownBy(() -> AlarmCatalog.parse(twice, "f"))
                .hasMessageContaining("rule 'broken-rule': field 'name' is used twice");
        Map<String, String> nameless = base();
        nameless.remove("name");
        assertThatThrownBy(() -> AlarmCatalog.parse(render(nameless), "f"))
                .hasMessageContaining("rule #1: field 'name' is missing");
        assertThatThrownBy(() -> AlarmCatalog.parse(yaml(Map.of("name", "off")), "f"))
                .hasMessageContaining("rule #1: field 'name' is false, not a string; quote it");
    }

    @Test
    void awsNamespaceMetricsAreCheckedAgainstTheMskList() {
        AlarmRule ok = AlarmCatalog.parse(yaml(Map.of("namespace", "AWS/Kafka", "metric", "OfflinePartitionsCount")),
                "f").rules().get(0);
        assertThat(ok.namespace()).isEqualTo(Optional.of("AWS/Kafka"));
        assertThatThrownBy(() -> AlarmCatalog.parse(yaml(Map.of("namespace", "AWS/Kafka", "metric",
                "kafka.consumer.lag")), "f"))
                .hasMessageContaining("rule 'broken-rule': field 'metric'");
    }

    @Test
    void notYamlOrNoAlarmsListIsRefused() {
        assertThatThrownBy(() -> AlarmCatalog.parse("alarms: [", "f")).hasMessageContaining("f: not valid YAML");
        assertThatThrownBy(() -> AlarmCatalog.parse("rules: []", "f")).hasMessageContaining("no 'alarms:' list");
    }

    @Test
    void aDimensionTheMetricIsNotPublishedWithIsRefused() {
        // "statistics" for "statistic": on AWS the alarm would match no metric and sit in INSUFFICIENT_DATA.
        assertThatThrownBy(() -> AlarmCatalog.parse(yaml(Map.of("dimensions", "{statistics: sum}")), "f"))
                .hasMessageContaining("rule 'broken-rule': field 'dimensions.statistics' is not a dimension of "
                        + "kafka.consumer.lag, which the system publishes with [group, statistic]");
    }

    @Test
    void aPercentileOverSeveralSeriesIsRefusedBecauseItCannotBeExported() {
        assertThatThrownBy(() -> AlarmCatalog.parse(yaml(Map.of("statistic", "p95")), "f"))
                .hasMessageContaining("field 'statistic' 'p95' over several series of kafka.consumer.lag cannot be "
                        + "exported");
        assertThat(AlarmCatalog.parse(yaml(Map.of("statistic", "p95", "dimensions",
                "{group: orders, statistic: sum}")), "f").rules()).hasSize(1);
    }

    // A valid rule, with fields replaced; values are YAML scalars.
    static Map<String, String> base() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", "broken-rule");
        f.put("metric", "kafka.consumer.lag");
        f.put("statistic", "Maximum");
        f.put("comparisonOperator", "GreaterThanThreshold");
        f.put("threshold", "1000");
        f.put("unit", "Count");
        f.put("periodSeconds", "300");
        f.put("evaluationPeriods", "2");
        f.put("datapointsToAlarm", "1");
        f.put("treatMissingData", "ignore");
        f.put("action", "tell someone");
        return f;
    }

    static String yaml(Map<String, String> overrides) {
        Map<String, String> f = base();
        f.putAll(overrides);
        return render(f);
    }

    static String render(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder("alarms:\n");
        String prefix = "  - ";
        for (Map.Entry<String, String> e : fields.entrySet()) {
            sb.append(prefix).append(e.getKey()).append(": ").append(e.getValue()).append('\n');
            prefix = "    ";
        }
        return sb.toString();
    }
}
