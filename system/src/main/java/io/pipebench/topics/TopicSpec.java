package io.pipebench.topics;

import java.util.Map;

/** One topic as the catalog wants it: name, partition count, replication factor and topic configs. */
public record TopicSpec(String name, int partitions, int replicationFactor, Map<String, String> configs) {
    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
