package io.pipebench.workload;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pipebench.consume.GroupNames;
import io.pipebench.events.BoundedContext;
import io.pipebench.events.EventIds;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.gate.Yaml;
import io.pipebench.publish.ProducerProfiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads workload files (YAML) and refuses a bad one with the field and the fix. Built-in workloads live under
 * {@code workloads/} on the class path and are found by name ({@code steady}, {@code peak}, ...).
 */
public final class WorkloadLoader {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private final EventTypeRegistry registry;

    public WorkloadLoader(EventTypeRegistry registry) {
        this.registry = registry;
    }

    /** A file path, or the name of a built-in workload. */
    public Workload load(String fileOrName) {
        Path path = Path.of(fileOrName);
        if (Files.isRegularFile(path)) {
            try (InputStream in = Files.newInputStream(path)) {
                return parse(in, path.toString());
            } catch (IOException e) {
                throw new InvalidWorkloadException("Cannot read workload file " + path + ": " + e.getMessage());
            }
        }
        String resource = "/workloads/" + fileOrName + ".yaml";
        try (InputStream in = WorkloadLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new InvalidWorkloadException("No workload file '" + fileOrName + "' and no built-in workload of that "
                        + "name; built-in ones are " + builtIns());
            }
            return parse(in, "built-in " + fileOrName);
        } catch (IOException e) {
            throw new InvalidWorkloadException("Cannot read built-in workload " + fileOrName + ": " + e.getMessage());
        }
    }

    public static List<String> builtIns() {
        return List.of("steady", "peak", "max-rate", "soak", "broker-failure", "smoke");
    }

    public Workload parse(InputStream in, String source) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidWorkloadException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidWorkloadException(source + ": the file is empty; start from a built-in workload "
                    + "such as " + builtIns().get(0));
        }
        File f = Yaml.read(new ByteArrayInputStream(bytes), File.class, source, InvalidWorkloadException::new);
        if (f == null) {
            throw new InvalidWorkloadException(source + ": the file is empty");
        }
        String where = source + (f.name != null ? " (workload '" + f.name + "')" : "");
        require(f.name != null && !f.name.isBlank(), where, "name", "is missing; give the workload a name");
        Duration warmup = duration(where, "warmup", f.warmup == null ? "0s" : f.warmup);
        Duration duration = duration(where, "duration", f.duration);
        require(!duration.isZero(), where, "duration", "must be longer than 0");
        require(f.rate != null, where, "rate", "is missing; e.g. rate: {shape: steady, eventsPerSecond: 500}");
        RateProfile rate = rate(where, f.rate);

        Keys keys = f.keys != null ? f.keys : new Keys();
        require(keys.aggregatesPerContext >= 1 && keys.aggregatesPerContext <= 1_000_000, where,
                "keys.aggregatesPerContext", "must be between 1 and 1000000, was " + keys.aggregatesPerContext);
        KeySpace.Distribution distribution;
        try {
            distribution = KeySpace.Distribution.valueOf(keys.distribution);
        } catch (IllegalArgumentException e) {
            throw new InvalidWorkloadException(where + ": field 'keys.distribution' is '" + keys.distribution
                    + "'; use uniform or zipfian");
        }
        require(keys.zipfExponent > 0, where, "keys.zipfExponent", "must be > 0");

        require(f.mix != null && f.mix.contexts != null && !f.mix.contexts.isEmpty(), where, "mix.contexts",
                "is missing; e.g. {order: 100, payment: 50, customer: 50, inventory: 100}");
        Map<BoundedContext, Double> contexts = new EnumMap<>(BoundedContext.class);
        f.mix.contexts.forEach((name, weight) -> {
            BoundedContext c;
            try {
                c = BoundedContext.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidWorkloadException(where + ": field 'mix.contexts." + name + "' is not a context; use "
                        + "customer, order, payment or inventory");
            }
            require(weight != null && weight >= 0, where, "mix.contexts." + name, "must be a weight >= 0");
            contexts.put(c, weight);
        });
        require(contexts.values().stream().mapToDouble(Double::doubleValue).sum() > 0, where, "mix.contexts",
                "all weights are 0; give at least one context a weight > 0");
        Map<String, Double> types = new LinkedHashMap<>();
        if (f.mix.types != null) {
            f.mix.types.forEach((contextName, byType) -> {
                BoundedContext c;
                try {
                    c = BoundedContext.valueOf(contextName.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new InvalidWorkloadException(where + ": field 'mix.types." + contextName + "' is not a context");
                }
                byType.forEach((typeName, weight) -> {
                    EventType t = registry.find(typeName).orElseThrow(() -> new InvalidWorkloadException(where
                            + ": field 'mix.types." + contextName + "." + typeName + "' is not an event type; the "
                            + c.name().toLowerCase(Locale.ROOT) + " context has " + registry.ofContext(c).stream()
                            .map(EventType::name).toList()));
                    require(t.context() == c, where, "mix.types." + contextName + "." + typeName,
                            "belongs to the " + t.context().name().toLowerCase(Locale.ROOT) + " context");
                    require(weight != null && weight >= 0, where, "mix.types." + contextName + "." + typeName,
                            "must be a weight >= 0");
                    types.put(typeName, weight);
                });
                // A context with load but every listed type at 0 would silently publish nothing of that context.
                double contextTypes = byType.values().stream().filter(w -> w != null).mapToDouble(Double::doubleValue)
                        .sum();
                require(byType.isEmpty() || contextTypes > 0 || contexts.getOrDefault(c, 0.0) == 0, where,
                        "mix.types." + contextName, "gives every type weight 0 while mix.contexts." + contextName
                                + " is " + contexts.get(c) + "; give a type a weight > 0 or the context weight 0");
            });
        }

        Producer producer = f.producer != null ? f.producer : new Producer();
        require(ProducerProfiles.NAMES.contains(producer.profile), where, "producer.profile",
                "is '" + producer.profile + "'; use one of " + ProducerProfiles.NAMES);
        try {
            ProducerProfiles.named(producer.profile, producer.overrides);
        } catch (IllegalArgumentException e) {
            throw new InvalidWorkloadException(where + ": field 'producer.overrides': " + e.getMessage());
        }

        List<String> groups = f.consumers != null ? f.consumers : GroupNames.ALL;
        for (String g : groups) {
            require(g != null && GroupNames.ALL.contains(g), where, "consumers",
                    "names '" + g + "'; known groups are " + GroupNames.ALL);
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        if (f.thresholds != null) {
            f.thresholds.forEach((k, v) -> {
                require(Workload.KNOWN_THRESHOLDS.contains(k), where, "thresholds." + k,
                        "is not a known threshold; use " + Workload.KNOWN_THRESHOLDS);
                require(v != null && v >= 0, where, "thresholds." + k, "must be a number >= 0");
                thresholds.put(k, v);
            });
        }
        EventIds eventIds = EventIds.named(f.eventIds).orElseThrow(() -> new InvalidWorkloadException(where
                + ": field 'eventIds' is '" + f.eventIds + "'; use " + String.join(" or ", EventIds.spellings())
                + " (random, the default, is the design document's)"));
        return new Workload(f.name, f.description == null ? "" : f.description.trim(), warmup, duration, rate,
                keys.aggregatesPerContext, distribution, keys.zipfExponent, contexts, types, producer.profile,
                producer.overrides, groups, f.seed, thresholds, source, eventIds);
    }

    private static RateProfile rate(String where, Rate r) {
        require(r.shape != null, where, "rate.shape", "is missing; use steady, ramp, step or spike");
        switch (r.shape) {
            case "steady" -> {
                positive(where, "rate.eventsPerSecond", r.eventsPerSecond);
                return new RateProfile.Steady(r.eventsPerSecond);
            }
            case "ramp" -> {
                positive(where, "rate.from", r.from);
                positive(where, "rate.to", r.to);
                Duration over = duration(where, "rate.over", r.over);
                require(!over.isZero(), where, "rate.over", "must be longer than 0 (a jump is a step profile)");
                return new RateProfile.Ramp(r.from, r.to, over);
            }
            case "step" -> {
                require(r.steps != null && !r.steps.isEmpty(), where, "rate.steps",
                        "is missing; e.g. steps: [{after: 0s, eventsPerSecond: 100}, {after: 60s, eventsPerSecond: 300}]");
                List<RateProfile.Level> levels = new ArrayList<>();
                Duration previous = Duration.ofMillis(-1);
                for (int i = 0; i < r.steps.size(); i++) {
                    StepEntry s = r.steps.get(i);
                    require(s != null, where, "rate.steps[" + (i + 1) + "]",
                            "is empty; e.g. {after: 60s, eventsPerSecond: 300}");
                    Duration after = duration(where, "rate.steps[" + (i + 1) + "].after", s.after);
                    require(after.compareTo(previous) > 0, where, "rate.steps[" + (i + 1) + "].after",
                            "must come after the previous step");
                    positive(where, "rate.steps[" + (i + 1) + "].eventsPerSecond", s.eventsPerSecond);
                    levels.add(new RateProfile.Level(after, s.eventsPerSecond));
                    previous = after;
                }
                require(levels.get(0).after().isZero(), where, "rate.steps[1].after", "must be 0s");
                return new RateProfile.Step(levels);
            }
            case "spike" -> {
                positive(where, "rate.base", r.base);
                positive(where, "rate.peak", r.peak);
                Duration length = duration(where, "rate.length", r.length);
                require(!length.isZero(), where, "rate.length", "must be longer than 0, e.g. 10s");
                return new RateProfile.Spike(r.base, r.peak, duration(where, "rate.at", r.at), length);
            }
            default -> throw new InvalidWorkloadException(where + ": field 'rate.shape' is '" + r.shape
                    + "'; use steady, ramp, step or spike");
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1.5h}, or ISO-8601 ({@code PT5M}). */
    static Duration duration(String where, String field, String text) {
        require(text != null && !text.isBlank(), where, field, "is missing; write e.g. 30s, 5m or 1h");
        Matcher m = DURATION.matcher(text.trim());
        if (m.matches()) {
            double value = Double.parseDouble(m.group(1));
            long millis = switch (m.group(2)) {
                case "ms" -> (long) value;
                case "s" -> (long) (value * 1_000);
                case "m" -> (long) (value * 60_000);
                default -> (long) (value * 3_600_000);
            };
            return Duration.ofMillis(millis);
        }
        Duration d;
        try {
            d = Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidWorkloadException(where + ": field '" + field + "' is '" + text
                    + "', not a duration; write e.g. 30s, 5m or 1h");
        }
        require(!d.isNegative(), where, field, "is '" + text + "', a negative duration; write e.g. 30s, 5m or 1h");
        return d;
    }

    /** The largest rate a workload may ask for (events per second). */
    static final double MAX_RATE = 10_000_000;

    private static void positive(String where, String field, Double value) {
        require(value != null, where, field, "is missing");
        require(value > 0, where, field, "must be > 0 events per second, was " + value);
        // Far above what any cluster here or on MSK takes from one workload; a typo (1e15) would otherwise become a
        // plan of 10^15 sends a second.
        require(value <= MAX_RATE, where, field, "must be at most " + (long) MAX_RATE + " events per second, was "
                + value);
    }

    private static void require(boolean ok, String where, String field, String problem) {
        if (!ok) {
            throw new InvalidWorkloadException(where + ": field '" + field + "' " + problem);
        }
    }

    // The YAML shape. Boxed types tell a missing field from zero.
    private static final class File {
        @JsonProperty String name;
        @JsonProperty String description;
        @JsonProperty String warmup;
        @JsonProperty String duration;
        @JsonProperty Rate rate;
        @JsonProperty Keys keys;
        @JsonProperty Mix mix;
        @JsonProperty Producer producer;
        @JsonProperty List<String> consumers;
        @JsonProperty long seed = 42;
        @JsonProperty Map<String, Double> thresholds;
        @JsonProperty String eventIds = EventIds.RANDOM.spelling();
    }

    private static final class Rate {
        @JsonProperty String shape;
        @JsonProperty Double eventsPerSecond;
        @JsonProperty Double from;
        @JsonProperty Double to;
        @JsonProperty String over;
        @JsonProperty List<StepEntry> steps;
        @JsonProperty Double base;
        @JsonProperty Double peak;
        @JsonProperty String at;
        @JsonProperty String length;
    }

    private static final class StepEntry {
        @JsonProperty String after;
        @JsonProperty Double eventsPerSecond;
    }

    private static final class Keys {
        @JsonProperty int aggregatesPerContext = 10_000;
        @JsonProperty String distribution = "uniform";
        @JsonProperty double zipfExponent = 1.1;
    }

    private static final class Mix {
        @JsonProperty Map<String, Double> contexts;
        @JsonProperty Map<String, Map<String, Double>> types;
    }

    private static final class Producer {
        @JsonProperty String profile = "seed";
        @JsonProperty Map<String, String> overrides = Map.of();
    }
}
