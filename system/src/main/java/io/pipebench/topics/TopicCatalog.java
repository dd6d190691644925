package io.pipebench.topics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pipebench.gate.Yaml;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.storage.internals.log.LogConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The topics the system needs, read from a YAML data file ({@code catalog/topics.yaml} on the class path by default).
 * Everything that can be checked without a cluster is checked on load; the replication factor against the broker
 * count is checked by {@link #validateFor(int)} once the cluster is known.
 */
public final class TopicCatalog {

    public static final String DEFAULT_RESOURCE = "/catalog/topics.yaml";

    private final List<TopicSpec> topics;
    private final String source;

    private TopicCatalog(List<TopicSpec> topics, String source) {
        this.topics = List.copyOf(topics);
        this.source = source;
    }

    /** The built-in catalog: the design document's five topics. */
    public static TopicCatalog standard() {
        try (InputStream in = TopicCatalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The built-in topic catalog " + DEFAULT_RESOURCE + " is missing from the jar");
            }
            return parse(in, "built-in " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new InvalidCatalogException("Cannot read the built-in topic catalog: " + e.getMessage(), e);
        }
    }

    public static TopicCatalog load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new InvalidCatalogException("Cannot read the topic catalog " + file + ": " + e.getMessage(), e);
        }
    }

    /** The given file, or the built-in catalog when none is given. */
    public static TopicCatalog loadOrStandard(Optional<Path> file) {
        return file.map(TopicCatalog::load).orElseGet(TopicCatalog::standard);
    }

    static TopicCatalog parse(InputStream in, String source) {
        File file = Yaml.read(in, File.class, source, InvalidCatalogException::new);
        if (file == null || file.topics == null || file.topics.isEmpty()) {
            throw new InvalidCatalogException(source + ": no topics; add a 'topics:' list");
        }
        Defaults defaults = file.defaults != null ? file.defaults : new Defaults();
        List<TopicSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < file.topics.size(); i++) {
            Entry e = file.topics.get(i);
            String where = source + ": topic #" + (i + 1);
            if (e == null) {
                throw new InvalidCatalogException(where + ": the entry is empty; give name, partitions and "
                        + "replicationFactor");
            }
            if (e.name == null || e.name.isBlank()) {
                throw new InvalidCatalogException(where + ": field 'name' is missing");
            }
            where = source + ": topic '" + e.name + "'";
            try {
                Topic.validate(e.name);
            } catch (RuntimeException ex) {
                throw new InvalidCatalogException(where + ": field 'name' is not a legal topic name: " + ex.getMessage());
            }
            if (!names.add(e.name)) {
                throw new InvalidCatalogException(where + ": listed twice; keep one entry per topic");
            }
            if (e.partitions == null) {
                throw new InvalidCatalogException(where + ": field 'partitions' is missing; give a whole number >= 1");
            }
            if (e.partitions < 1) {
                throw new InvalidCatalogException(where + ": field 'partitions' is " + e.partitions + "; it must be >= 1");
            }
            Integer rf = e.replicationFactor != null ? e.replicationFactor : defaults.replicationFactor;
            if (rf == null) {
                throw new InvalidCatalogException(where + ": field 'replicationFactor' is missing (and no default is set)");
            }
            if (rf < 1) {
                throw new InvalidCatalogException(where + ": field 'replicationFactor' is " + rf + "; it must be >= 1");
            }
            Map<String, String> configs = new LinkedHashMap<>();
            if (defaults.configs != null) {
                configs.putAll(defaults.configs);
            }
            if (e.configs != null) {
                configs.putAll(e.configs);
            }
            validateConfigs(where, configs);
            specs.add(new TopicSpec(e.name, e.partitions, rf, configs));
        }
        return new TopicCatalog(specs, source);
    }

    private static void validateConfigs(String where, Map<String, String> configs) {
        Set<String> known = LogConfig.configNames();
        for (Map.Entry<String, String> c : configs.entrySet()) {
            if (!known.contains(c.getKey())) {
                throw new InvalidCatalogException(where + ": field 'configs." + c.getKey() + "' is not a Kafka topic "
                        + "config (see https://kafka.apache.org/documentation/#topicconfigs)");
            }
            if (c.getValue() == null) {
                throw new InvalidCatalogException(where + ": field 'configs." + c.getKey() + "' has no value");
            }
            try {
                LogConfig.configDefCopy().parse(Map.of(c.getKey(), c.getValue()));
            } catch (ConfigException ex) {
                throw new InvalidCatalogException(where + ": field 'configs." + c.getKey() + "' = '" + c.getValue()
                        + "' is invalid: " + ex.getMessage());
            }
        }
        String minIsr = configs.get("min.insync.replicas");
        if (minIsr != null && Integer.parseInt(minIsr) < 1) {
            throw new InvalidCatalogException(where + ": field 'configs.min.insync.replicas' must be >= 1");
        }
    }

    /** Checks what needs the cluster: replication factor and min ISR against the number of brokers. */
    public void validateFor(int brokerCount) {
        for (TopicSpec t : topics) {
            String where = source + ": topic '" + t.name() + "'";
            if (t.replicationFactor() > brokerCount) {
                throw new InvalidCatalogException(where + ": field 'replicationFactor' is " + t.replicationFactor()
                        + " but the cluster has " + brokerCount + " broker(s); lower it or use a bigger cluster "
                        + "(the embedded one takes --brokers)");
            }
            String minIsr = t.configs().get("min.insync.replicas");
            if (minIsr != null && Integer.parseInt(minIsr) > t.replicationFactor()) {
                throw new InvalidCatalogException(where + ": field 'configs.min.insync.replicas' is " + minIsr
                        + " but the replication factor is " + t.replicationFactor() + "; acks=all writes would always fail");
            }
        }
    }

    public List<TopicSpec> topics() {
        return topics;
    }

    public Optional<TopicSpec> topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public String source() {
        return source;
    }

    // The YAML shape; boxed types so that a missing field is told apart from zero.
    private static final class File {
        @JsonProperty
        Defaults defaults;
        @JsonProperty
        List<Entry> topics;
    }

    private static final class Defaults {
        @JsonProperty
        Integer replicationFactor;
        @JsonProperty
        Map<String, String> configs;
    }

    private static final class Entry {
        @JsonProperty
        String name;
        @JsonProperty
        Integer partitions;
        @JsonProperty
        Integer replicationFactor;
        @JsonProperty
        Map<String, String> configs;
    }
}
