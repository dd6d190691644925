package io.pipebench.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudWatchExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:sns:eu-west-1:123456789012:engineering-alarms";

    @Test
    void cliJsonCarriesTheRulesValuesUnchanged(@TempDir Path dir) throws IOException {
        AlarmCatalog catalog = AlarmCatalog.standard();
        List<Path> files = new CloudWatchExport(catalog, "genai-demo", Optional.of(ARN))
                .write(CloudWatchExport.Format.CLI_JSON, dir);
        assertThat(files).hasSize(catalog.enabled().size());
        for (AlarmRule rule : catalog.enabled()) {
            Path file = dir.resolve(rule.name() + ".json");
            assertThat(files).contains(file);
            JsonNode alarm = JSON.readTree(Files.readString(file)); // parse the output as the AWS CLI would
            assertAlarmMatches(rule, alarm);
            assertThat(alarm.has("Namespace")).isEqualTo(CloudWatchExport.namesEveryDimension(rule));
            assertThat(alarm.toString()).contains("genai-demo");
            assertThat(alarm.get("AlarmActions")).hasSize(1);
            assertThat(alarm.get("AlarmActions").get(0).asText()).isEqualTo(ARN);
            assertThat(alarm.get("AlarmDescription").asText()).contains(rule.action());
        }
    }

    @Test
    void cloudFormationTemplateHasOneAlarmPerRuleWithTheSameValues(@TempDir Path dir) throws IOException {
        AlarmCatalog catalog = AlarmCatalog.standard();
        Path file = new CloudWatchExport(catalog, "genai-demo", Optional.empty())
                .write(CloudWatchExport.Format.CLOUDFORMATION, dir).get(0);
        JsonNode template = JSON.readTree(Files.readString(file));
        assertThat(template.get("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
        assertThat(template.at("/Parameters/Namespace/Default").asText()).isEqualTo("genai-demo");
        assertThat(template.at("/Parameters/SnsTopicArn/Default").asText()).isEmpty();
        JsonNode resources = template.get("Resources");
        assertThat(resources.size()).isEqualTo(catalog.enabled().size());

        Map<String, JsonNode> byAlarmName = new HashMap<>();
        resources.fields().forEachRemaining(e -> {
            assertThat(e.getKey()).matches("[A-Za-z0-9]+");
            assertThat(e.getValue().get("Type").asText()).isEqualTo("AWS::CloudWatch::Alarm");
            byAlarmName.put(e.getValue().at("/Properties/AlarmName").asText(), e.getValue().get("Properties"));
        });
        for (AlarmRule rule : catalog.enabled()) {
            JsonNode p = byAlarmName.get(rule.name());
            assertThat(p).as(rule.name()).isNotNull();
            assertAlarmMatches(rule, p);
            if (CloudWatchExport.namesEveryDimension(rule)) {
                assertThat(p.at("/Namespace/Ref").asText()).isEqualTo("Namespace");
            } else {
                assertThat(p.at("/Metrics/0/Expression/Fn::Sub").asText()).contains("SCHEMA(\"${Namespace}\"");
            }
            assertThat(p.at("/AlarmActions/Fn::If/0").asText()).isEqualTo("HasSnsTopic");
            assertThat(p.at("/AlarmActions/Fn::If/1/0/Ref").asText()).isEqualTo("SnsTopicArn");
        }
        assertThat(template.at("/Conditions/HasSnsTopic")).isNotNull();
    }

    @Test
    void awsNamespaceRulesKeepTheirNamespaceAndPercentilesUseExtendedStatistic() {
        String yaml = """
                alarms:
                  - name: offline
                    namespace: AWS/Kafka
                    metric: OfflinePartitionsCount
                    dimensions: {Cluster Name: genai-demo-kafka}
                    statistic: Maximum
                    comparisonOperator: GreaterThanThreshold
                    threshold: 0
                    unit: Count
                    periodSeconds: 60
                    evaluationPeriods: 3
                    datapointsToAlarm: 2
                    treatMissingData: missing
                    action: page
                  - name: slow
                    metric: kafka.producer.latency
                    statistic: p99.9
                    comparisonOperator: GreaterThanOrEqualToThreshold
                    threshold: 250.5
                    unit: Milliseconds
                    periodSeconds: 120
                    evaluationPeriods: 5
                    datapointsToAlarm: 3
                    treatMissingData: breaching
                    action: look
                  - name: parked
                    enabled: false
                    metric: kafka.consumer.lag
                    statistic: Sum
                    comparisonOperator: LessThanThreshold
                    threshold: 1
                    unit: Count
                    periodSeconds: 60
                    evaluationPeriods: 1
                    treatMissingData: ignore
                    action: none
                """;
        AlarmCatalog catalog = AlarmCatalog.parse(yaml, "test");
        CloudWatchExport export = new CloudWatchExport(catalog, "pipebench", Optional.of(ARN));
        Map<String, com.fasterxml.jackson.databind.node.ObjectNode> cli = export.cliInputJson();
        assertThat(cli).containsOnlyKeys("offline", "slow");
        assertAlarmMatches(catalog.rule("offline").orElseThrow(), cli.get("offline"));
        assertAlarmMatches(catalog.rule("slow").orElseThrow(), cli.get("slow"));
        assertThat(cli.get("offline").get("Namespace").asText()).isEqualTo("AWS/Kafka");
        assertThat(cli.get("slow").get("ExtendedStatistic").asText()).isEqualTo("p99.9");
        assertThat(cli.get("slow").has("Statistic")).isFalse();

        JsonNode cfn = export.cloudFormation();
        assertThat(cfn.at("/Resources/OfflineAlarm/Properties/Namespace").asText()).isEqualTo("AWS/Kafka");
        assertAlarmMatches(catalog.rule("slow").orElseThrow(), cfn.at("/Resources/SlowAlarm/Properties"));
        assertThat(cfn.at("/Resources/ParkedAlarm").isMissingNode()).isTrue();

        // Standard output: one put-metric-alarm document per line.
        String[] lines = export.render(CloudWatchExport.Format.CLI_JSON).split("\n");
        assertThat(lines).hasSize(2);
    }

    @Test
    void badNamespaceOrTopicIsRefused() {
        AlarmCatalog c = AlarmCatalog.standard();
        assertThatThrownBy(() -> new CloudWatchExport(c, "AWS/Kafka", Optional.empty()))
                .hasMessageContaining("--namespace").hasMessageContaining("reserved");
        assertThatThrownBy(() -> new CloudWatchExport(c, "pipebench", Optional.of("engineering-team")))
                .hasMessageContaining("--sns-topic 'engineering-team' is not an SNS topic ARN");
    }

    /** Same thresholds, periods, comparisons, evaluation periods, datapoints, missing-data policy as the file. */
    private static void assertAlarmMatches(AlarmRule rule, JsonNode alarm) {
        assertThat(alarm.get("AlarmName").asText()).isEqualTo(rule.name());
        assertThat(alarm.get("Threshold").asDouble()).isEqualTo(rule.threshold());
        assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo(rule.comparison().name());
        assertThat(alarm.get("EvaluationPeriods").asInt()).isEqualTo(rule.evaluationPeriods());
        assertThat(alarm.get("DatapointsToAlarm").asInt()).isEqualTo(rule.datapointsToAlarm());
        assertThat(alarm.get("TreatMissingData").asText()).isEqualTo(rule.treatMissingData().cloudWatchName());
        if (!CloudWatchExport.namesEveryDimension(rule)) {
            // A Metrics Insights alarm: metric, statistic and dimensions live in its one query.
            assertThat(alarm.has("MetricName")).isFalse();
            assertThat(alarm.at("/Metrics/0/Period").asInt()).isEqualTo(rule.periodSeconds());
            assertThat(alarm.at("/Metrics/0/ReturnData").asBoolean()).isTrue();
            JsonNode expression = alarm.at("/Metrics/0/Expression");
            String query = expression.isTextual() ? expression.asText() : expression.get("Fn::Sub").asText();
            assertThat(query).contains("(\"" + rule.metric() + "\")");
            rule.dimensions().forEach((k, v) -> assertThat(query).contains("\"" + k + "\" = '" + v + "'"));
            return;
        }
        assertThat(alarm.get("MetricName").asText()).isEqualTo(rule.metric());
        assertThat(alarm.get("Period").asInt()).isEqualTo(rule.periodSeconds());
        assertThat(alarm.get("Unit").asText()).isEqualTo(rule.unit());
        String statField = rule.statistic().isPercentile() ? "ExtendedStatistic" : "Statistic";
        assertThat(alarm.get(statField).asText()).isEqualTo(rule.statistic().name());
        Map<String, String> dims = new HashMap<>();
        alarm.path("Dimensions").forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
        assertThat(dims).isEqualTo(rule.dimensions());
    }
}
