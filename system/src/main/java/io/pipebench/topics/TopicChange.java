package io.pipebench.topics;

import java.util.Map;

/** One difference between the catalog and a cluster, and what {@code topics apply} does about it. */
public sealed interface TopicChange {

    String topic();

    /** Whether {@code apply} acts on it (refusals and notes are only reported). */
    default boolean actionable() {
        return true;
    }

    /** A line for a person: symbol, action, topic, detail. */
    String render();

    record CreateTopic(TopicSpec spec) implements TopicChange {
        public String topic() {
            return spec.name();
        }

        public String render() {
            return String.format("+ create   %-20s partitions %d, replication %d, %s", spec.name(), spec.partitions(),
                    spec.replicationFactor(), formatConfigs(spec.configs()));
        }
    }

    record AddPartitions(String topic, int current, int wanted) implements TopicChange {
        public String render() {
            return String.format("~ grow     %-20s partitions %d -> %d (keys move to new partitions: one aggregate's "
                    + "records before and after the change may be consumed out of order)", topic, current, wanted);
        }
    }

    record AlterConfig(String topic, String key, String current, String wanted) implements TopicChange {
        public String render() {
            return String.format("~ config   %-20s %s %s -> %s", topic, key, current == null ? "(unset)" : current, wanted);
        }
    }

    /** A difference apply will not touch, with the reason and what to do instead. */
    record Refused(String topic, String field, String current, String wanted, String why) implements TopicChange {
        public boolean actionable() {
            return false;
        }

        public String render() {
            return String.format("! refuse   %-20s %s %s -> %s: %s", topic, field, current, wanted, why);
        }
    }

    /** A topic-level override the catalog does not mention; reported, left alone. */
    record Unmanaged(String topic, String key, String value) implements TopicChange {
        public boolean actionable() {
            return false;
        }

        public String render() {
            return String.format("? extra    %-20s %s=%s is set on the cluster but not in the catalog (left alone)",
                    topic, key, value);
        }
    }

    private static String formatConfigs(Map<String, String> configs) {
        StringBuilder sb = new StringBuilder();
        configs.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }
}
