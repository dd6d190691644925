package io.pipebench.consume;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerSettingsTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(ConsumerSettings.PROPERTY);
    }

    @Test
    void seedIsTheDocumentsConsumerConfigurationValueForValue() {
        ConsumerSettings.Profile seed = ConsumerSettings.seed();
        assertThat(seed.properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "auto.offset.reset", "earliest", "enable.auto.commit", false, "fetch.min.bytes", 1024,
                "fetch.max.wait.ms", 500, "max.poll.records", 100, "max.poll.interval.ms", 300000,
                "session.timeout.ms", 30000, "heartbeat.interval.ms", 10000));
        assertThat(seed.membersPerGroup()).as("factory.setConcurrency(3)").isEqualTo(3);
        assertThat(seed.commitInterval()).as("MANUAL_IMMEDIATE: a commit after each poll").isZero();
    }

    @Test
    void tunedKeepsTheSemanticsAndGivesAReasonForEveryChange() {
        ConsumerSettings.Profile tuned = ConsumerSettings.tuned();
        assertThat(tuned.properties()).containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "earliest");
        assertThat(tuned.commitInterval()).as("committed lag must stay under the 1000-event alarm at 5,000/s")
                .isLessThanOrEqualTo(Duration.ofMillis(200));
        Map<String, String> reasons = ConsumerSettings.tunedReasons();
        ConsumerSettings.seed().properties().forEach((k, v) -> {
            if (!v.equals(tuned.properties().get(k))) {
                assertThat(reasons).as("reason for " + k).containsKey(k);
            }
        });
        tuned.properties().keySet().stream().filter(k -> !ConsumerSettings.seed().properties().containsKey(k))
                .forEach(k -> assertThat(reasons).as("reason for " + k).containsKey(k));
        assertThat(reasons).containsKeys("members per group", "commits");
        assertThat(tuned.properties().get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).as("bounded wait, e2e P95 < 100 ms")
                .isInstanceOf(Integer.class).satisfies(v -> assertThat((Integer) v).isLessThanOrEqualTo(50));
    }

    @Test
    void membersPerGroupCanDifferByGroupAndBadCountsAreRefusedWithTheFix() {
        ConsumerSettings.Profile twoAudit = new ConsumerSettings.Profile("x", ConsumerSettings.document(), 1,
                Duration.ZERO, Map.of(GroupNames.AUDIT, 2));
        assertThat(twoAudit.membersByGroup()).containsExactly(Map.entry("notification", 1),
                Map.entry("analytics", 1), Map.entry("audit", 2), Map.entry("reporting", 1));
        assertThat(twoAudit.with(Map.of("client.rack", "a")).membersOf(GroupNames.AUDIT)).as("kept by with()")
                .isEqualTo(2);
        assertThat(ConsumerSettings.seed().membersByGroup()).containsOnly(Map.entry("notification", 3),
                Map.entry("analytics", 3), Map.entry("audit", 3), Map.entry("reporting", 3));
        assertThat(ConsumerSettings.tuned().membersByGroup()).containsOnly(Map.entry("notification", 1),
                Map.entry("analytics", 1), Map.entry("audit", 1), Map.entry("reporting", 1));
        assertThatThrownBy(() -> new ConsumerSettings.Profile("x", ConsumerSettings.document(), 1, Duration.ZERO,
                Map.of("auditing", 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'auditing'").hasMessageContaining("[notification, analytics, audit, reporting]");
        assertThatThrownBy(() -> new ConsumerSettings.Profile("x", ConsumerSettings.document(), 1, Duration.ZERO,
                Map.of(GroupNames.AUDIT, 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("members of group audit must be >= 1, was 0");
    }

    @Test
    void kafkaAcceptsEveryProfile() {
        for (String name : ConsumerSettings.NAMES) {
            Map<String, Object> config = new HashMap<>(ConsumerSettings.named(name).properties());
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"); // never reached: nothing is polled
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "settings-test");
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                assertThat(c.subscription()).isEmpty();
            }
        }
    }

    @Test
    void unknownNamesAreRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> ConsumerSettings.named("fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fast'").hasMessageContaining("[seed, tuned]");
        System.setProperty(ConsumerSettings.PROPERTY, "fastest");
        assertThatThrownBy(ConsumerSettings::defaultName).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-DconsumerProfile=fastest").hasMessageContaining("[seed, tuned]");
    }

    @Test
    void theSystemPropertyNamesTheDefaultProfile() {
        assertThat(ConsumerSettings.defaultName()).isEqualTo("seed");
        System.setProperty(ConsumerSettings.PROPERTY, " tuned ");
        assertThat(ConsumerSettings.defaultName()).isEqualTo("tuned");
        System.setProperty(ConsumerSettings.PROPERTY, "");
        assertThat(ConsumerSettings.defaultName()).isEqualTo("seed");
    }
}
