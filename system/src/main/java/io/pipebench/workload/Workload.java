package io.pipebench.workload;

import io.pipebench.events.BoundedContext;
import io.pipebench.events.EventIds;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A load test as data (OpenMessaging-Benchmark style): how long, how fast and in which shape, which events in which
 * proportions, over how many aggregates, with which producer profile, which consumer groups run beside it, and the
 * workload's own pass/fail thresholds on top of the alarm file's, and how event ids are made. Loaded and validated by
 * {@link WorkloadLoader}.
 */
public record Workload(String name, String description, Duration warmup, Duration duration, RateProfile rate,
                       int aggregatesPerContext, KeySpace.Distribution keyDistribution, double zipfExponent,
                       Map<BoundedContext, Double> contextWeights, Map<String, Double> typeWeights,
                       String producerProfile, Map<String, String> producerOverrides, List<String> consumerGroups,
                       long seed, Map<String, Double> thresholds, String source, EventIds eventIds) {

    /** Per-workload thresholds a workload file may set (all optional). */
    public static final List<String> KNOWN_THRESHOLDS = List.of("endToEndP95Ms", "endToEndP99Ms", "publishP95Ms",
            "lostRecords", "duplicatedRecords", "minAchievedRateRatio");

    public Workload {
        contextWeights = Map.copyOf(contextWeights);
        typeWeights = Map.copyOf(typeWeights);
        producerOverrides = Map.copyOf(producerOverrides);
        consumerGroups = List.copyOf(consumerGroups);
        thresholds = Map.copyOf(thresholds);
        eventIds = Objects.requireNonNull(eventIds, "eventIds");
    }

    /** A workload with the design document's random (version-4) event ids. */
    public Workload(String name, String description, Duration warmup, Duration duration, RateProfile rate,
                    int aggregatesPerContext, KeySpace.Distribution keyDistribution, double zipfExponent,
                    Map<BoundedContext, Double> contextWeights, Map<String, Double> typeWeights,
                    String producerProfile, Map<String, String> producerOverrides, List<String> consumerGroups,
                    long seed, Map<String, Double> thresholds, String source) {
        this(name, description, warmup, duration, rate, aggregatesPerContext, keyDistribution, zipfExponent,
                contextWeights, typeWeights, producerProfile, producerOverrides, consumerGroups, seed, thresholds,
                source, EventIds.RANDOM);
    }

    /**
     * The event mix: each context's weight split over its types by their weights; a context whose types have no
     * weights in the file splits evenly.
     */
    public EventMix eventMix(EventTypeRegistry registry) {
        List<EventType> types = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double contextTotal = contextWeights.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<BoundedContext, Double> shares = new EnumMap<>(BoundedContext.class);
        for (BoundedContext context : BoundedContext.values()) {
            double contextWeight = contextWeights.getOrDefault(context, 0.0);
            shares.put(context, contextWeight / contextTotal);
            if (contextWeight == 0) {
                continue;
            }
            List<EventType> ofContext = registry.ofContext(context);
            boolean weighted = ofContext.stream().anyMatch(t -> typeWeights.containsKey(t.name()));
            double typeTotal = 0;
            for (EventType t : ofContext) {
                typeTotal += weighted ? typeWeights.getOrDefault(t.name(), 0.0) : 1.0;
            }
            for (EventType t : ofContext) {
                double w = weighted ? typeWeights.getOrDefault(t.name(), 0.0) : 1.0;
                if (w > 0) {
                    types.add(t);
                    weights.add(contextWeight * w / typeTotal);
                }
            }
        }
        return new EventMix(types, weights.stream().mapToDouble(Double::doubleValue).toArray(), shares);
    }

    public KeySpace keySpace() {
        return new KeySpace(aggregatesPerContext, keyDistribution, zipfExponent, seed);
    }

    /** The same workload at other rates, duration and warm-up (used by the max-rate search and by overrides). */
    public Workload with(RateProfile newRate, Duration newWarmup, Duration newDuration) {
        return new Workload(name, description, newWarmup, newDuration, newRate, aggregatesPerContext, keyDistribution,
                zipfExponent, contextWeights, typeWeights, producerProfile, producerOverrides, consumerGroups, seed,
                thresholds, source, eventIds);
    }

    public Workload withProducer(String profile, Map<String, String> overrides) {
        return new Workload(name, description, warmup, duration, rate, aggregatesPerContext, keyDistribution,
                zipfExponent, contextWeights, typeWeights, profile, overrides, consumerGroups, seed, thresholds, source,
                eventIds);
    }

    /**
     * The same workload with another seed: other event ids and aggregates. Runs that share an event store or topics
     * need their own, or the second run's events arrive under the first run's ids with other payloads.
     */
    public Workload withSeed(long newSeed) {
        return new Workload(name, description, warmup, duration, rate, aggregatesPerContext, keyDistribution,
                zipfExponent, contextWeights, typeWeights, producerProfile, producerOverrides, consumerGroups, newSeed,
                thresholds, source, eventIds);
    }
}
