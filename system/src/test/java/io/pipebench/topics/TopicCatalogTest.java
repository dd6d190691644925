package io.pipebench.topics;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A catalog with bad values is refused with a message naming the topic and the field. */
class TopicCatalogTest {

    private static TopicCatalog parse(String yaml) {
        return TopicCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    }

    @Test
    void theStandardCatalogIsTheDocumentsFiveTopics() {
        TopicCatalog catalog = TopicCatalog.standard();
        assertThat(catalog.topics()).extracting(TopicSpec::name, TopicSpec::partitions, TopicSpec::replicationFactor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("customer-events", 6, 3),
                        org.assertj.core.groups.Tuple.tuple("order-events", 12, 3),
                        org.assertj.core.groups.Tuple.tuple("payment-events", 6, 3),
                        org.assertj.core.groups.Tuple.tuple("inventory-events", 6, 3),
                        org.assertj.core.groups.Tuple.tuple("dead-letter-queue", 3, 3));
        assertThat(catalog.topics()).allSatisfy(t -> {
            assertThat(t.configs()).containsEntry("min.insync.replicas", "2").containsEntry("compression.type", "snappy");
        });
        assertThat(catalog.topic("customer-events").orElseThrow().configs()).containsEntry("retention.ms", "604800000");
        assertThat(catalog.topic("order-events").orElseThrow().configs()).containsEntry("retention.ms", "2592000000");
        assertThat(catalog.topic("payment-events").orElseThrow().configs()).containsEntry("retention.ms", "7776000000");
        assertThat(catalog.topic("inventory-events").orElseThrow().configs()).containsEntry("retention.ms", "604800000");
        assertThat(catalog.topic("dead-letter-queue").orElseThrow().configs()).containsEntry("retention.ms", "31536000000");
    }

    @Test
    void negativePartitionsAreRefused() {
        assertThatThrownBy(() -> parse("topics:\n  - name: a\n    partitions: -2\n    replicationFactor: 1\n"))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("topic 'a'").hasMessageContaining("'partitions'").hasMessageContaining(">= 1");
    }

    @Test
    void missingPartitionsAreRefused() {
        assertThatThrownBy(() -> parse("topics:\n  - name: a\n    replicationFactor: 1\n"))
                .hasMessageContaining("topic 'a'").hasMessageContaining("'partitions' is missing");
    }

    @Test
    void replicationAboveTheBrokerCountIsRefused() {
        TopicCatalog catalog = parse("topics:\n  - name: a\n    partitions: 1\n    replicationFactor: 3\n");
        assertThatThrownBy(() -> catalog.validateFor(1)).isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("topic 'a'").hasMessageContaining("'replicationFactor' is 3")
                .hasMessageContaining("1 broker");
    }

    @Test
    void minIsrAboveReplicationIsRefused() {
        TopicCatalog catalog = parse("topics:\n  - name: a\n    partitions: 1\n    replicationFactor: 1\n"
                + "    configs:\n      min.insync.replicas: \"2\"\n");
        assertThatThrownBy(() -> catalog.validateFor(3)).hasMessageContaining("topic 'a'")
                .hasMessageContaining("configs.min.insync.replicas");
    }

    @Test
    void anUnknownConfigKeyIsRefused() {
        assertThatThrownBy(() -> parse("topics:\n  - name: a\n    partitions: 1\n    replicationFactor: 1\n"
                + "    configs:\n      retention.mss: \"5\"\n"))
                .hasMessageContaining("topic 'a'").hasMessageContaining("configs.retention.mss")
                .hasMessageContaining("not a Kafka topic config");
    }

    @Test
    void anInvalidConfigValueIsRefused() {
        assertThatThrownBy(() -> parse("topics:\n  - name: a\n    partitions: 1\n    replicationFactor: 1\n"
                + "    configs:\n      compression.type: brotli\n"))
                .hasMessageContaining("topic 'a'").hasMessageContaining("configs.compression.type")
                .hasMessageContaining("brotli");
    }

    @Test
    void anUnknownFieldIsRefusedWithItsPath() {
        assertThatThrownBy(() -> parse("topics:\n  - name: a\n    partitons: 1\n"))
                .hasMessageContaining("unknown field 'partitons'").hasMessageContaining("topics[1]");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "topics: [~]                                                                    | topic #1",
            "topics: ~                                                                      | topics",
            "topics: [{name: ~, partitions: 1, replicationFactor: 1}]                       | name",
            "topics: [{name: '', partitions: 1, replicationFactor: 1}]                      | name",
            "topics: [{name: a, partitions: ~, replicationFactor: 1}]                       | partitions",
            "topics: [{name: a, partitions: 1, replicationFactor: ~}]                       | replicationFactor",
            "topics: [{name: a, partitions: 99999999999, replicationFactor: 1}]             | partitions",
            "topics: [{name: a, partitions: 1, replicationFactor: 1, configs: {retention.ms: ~}}]    | retention.ms",
            "topics: [{name: a, partitions: 1, replicationFactor: 1, configs: {retention.ms: -7}}]   | retention.ms",
            "topics: [{name: a, partitions: 1, replicationFactor: 1, configs: {retention.ms: 'a week'}}] | retention.ms",
    })
    void nullEmptyAndAbsurdEntriesAreRefusedNamingTheFileAndTheFieldNeverANullPointer(String yaml, String field) {
        // issue 14, item 8: a careless catalog gets a clear error naming the file and the field, not an NPE
        assertThatThrownBy(() -> parse(yaml)).isNotInstanceOf(NullPointerException.class)
                .isInstanceOf(InvalidCatalogException.class).hasMessageContaining("t.yaml").hasMessageContaining(field);
    }

    @Test
    void aDuplicateTopicAndAnIllegalNameAreRefused() {
        assertThatThrownBy(() -> parse("topics:\n  - {name: a, partitions: 1, replicationFactor: 1}\n"
                + "  - {name: a, partitions: 1, replicationFactor: 1}\n")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> parse("topics:\n  - {name: 'a b', partitions: 1, replicationFactor: 1}\n"))
                .hasMessageContaining("'name' is not a legal topic name");
    }
}
