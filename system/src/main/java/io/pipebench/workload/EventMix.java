package io.pipebench.workload;

import io.pipebench.events.BoundedContext;
import io.pipebench.events.EventType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which event comes next: contexts weighted by their share of the load (the source system: 100 orders/s to 50
 * payments/s), and event types weighted within their context. Picking is one uniform draw and a linear scan over
 * 24 cumulative weights.
 */
public final class EventMix {

    private final List<EventType> types;
    private final double[] cumulative;
    private final Map<BoundedContext, Double> contextShares;

    EventMix(List<EventType> types, double[] weights, Map<BoundedContext, Double> contextShares) {
        this.types = List.copyOf(types);
        this.cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
        this.contextShares = Map.copyOf(contextShares);
    }

    public EventType pick(SplittableRandom random) {
        double u = random.nextDouble();
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return types.get(i);
            }
        }
        return types.get(types.size() - 1);
    }

    /** The fraction of events each context gets (sums to 1). */
    public Map<BoundedContext, Double> contextShares() {
        return contextShares;
    }

    /** Each type's probability, in registry order. */
    public List<Map.Entry<EventType, Double>> probabilities() {
        List<Map.Entry<EventType, Double>> out = new ArrayList<>();
        double previous = 0;
        for (int i = 0; i < types.size(); i++) {
            out.add(Map.entry(types.get(i), cumulative[i] - previous));
            previous = cumulative[i];
        }
        return out;
    }
}
