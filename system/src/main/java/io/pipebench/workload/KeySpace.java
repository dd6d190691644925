package io.pipebench.workload;

import io.pipebench.events.BoundedContext;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The aggregates a workload writes to: N ids per context, picked uniformly or by a Zipf law (a few hot aggregates,
 * as real order streams have). Ids are derived from a seed so two runs of a workload touch the same aggregates.
 * The Zipf sampler is a cumulative table and a binary search: O(log N) per pick, exact, and N is at most a million.
 */
public final class KeySpace {

    public enum Distribution { uniform, zipfian }

    private final Map<BoundedContext, String[]> ids = new EnumMap<>(BoundedContext.class);
    private final Distribution distribution;
    private final double[] cumulative;

    private KeySpace(Map<BoundedContext, String[]> ids, Distribution distribution, double[] cumulative) {
        this.ids.putAll(ids);
        this.distribution = distribution;
        this.cumulative = cumulative;
    }

    public KeySpace(int aggregatesPerContext, Distribution distribution, double zipfExponent, long seed) {
        if (aggregatesPerContext < 1 || aggregatesPerContext > 1_000_000) {
            throw new IllegalArgumentException("aggregatesPerContext must be between 1 and 1000000, was "
                    + aggregatesPerContext);
        }
        this.distribution = distribution;
        SplittableRandom random = new SplittableRandom(seed);
        for (BoundedContext c : BoundedContext.values()) {
            String[] contextIds = new String[aggregatesPerContext];
            for (int i = 0; i < aggregatesPerContext; i++) {
                contextIds[i] = new UUID(random.nextLong(), random.nextLong()).toString();
            }
            ids.put(c, contextIds);
        }
        if (distribution == Distribution.zipfian) {
            cumulative = new double[aggregatesPerContext];
            double sum = 0;
            for (int k = 1; k <= aggregatesPerContext; k++) {
                sum += 1.0 / Math.pow(k, zipfExponent);
                cumulative[k - 1] = sum;
            }
            for (int k = 0; k < aggregatesPerContext; k++) {
                cumulative[k] /= sum;
            }
        } else {
            cumulative = null;
        }
    }

    /** An aggregate id of the context, drawn with the given random source. */
    public String pick(BoundedContext context, SplittableRandom random) {
        String[] contextIds = ids.get(context);
        if (cumulative == null) {
            return contextIds[random.nextInt(contextIds.length)];
        }
        double u = random.nextDouble();
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return contextIds[lo];
    }

    /**
     * Injector {@code index} of {@code count}'s share (scale-out): the aggregates whose rank is {@code index} modulo
     * {@code count}, drawn with the same law restricted to them. No two slices share an aggregate, so each
     * aggregate's events come from one producer and keep their order. Round-robin over the ranks spreads a Zipf
     * law's hot aggregates over the slices instead of giving them all to one.
     */
    public KeySpace slice(int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a key-space slice needs 0 <= index < count, was index " + index
                    + " of " + count);
        }
        if (count > size()) {
            throw new IllegalArgumentException(count + " injectors need at least " + count + " aggregates per "
                    + "context so that each owns one; the workload has " + size() + " (raise aggregatesPerContext)");
        }
        int n = (size() - index + count - 1) / count;
        Map<BoundedContext, String[]> own = new EnumMap<>(BoundedContext.class);
        ids.forEach((c, all) -> {
            String[] mine = new String[n];
            for (int k = 0; k < n; k++) {
                mine[k] = all[index + k * count];
            }
            own.put(c, mine);
        });
        double[] cumulativeOwn = null;
        if (cumulative != null) {
            cumulativeOwn = new double[n];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                int rank = index + k * count;
                sum += cumulative[rank] - (rank == 0 ? 0 : cumulative[rank - 1]);
                cumulativeOwn[k] = sum;
            }
            for (int k = 0; k < n; k++) {
                cumulativeOwn[k] /= sum;
            }
        }
        return new KeySpace(own, distribution, cumulativeOwn);
    }

    /** Every aggregate id of a context, by rank. */
    public java.util.List<String> ids(BoundedContext context) {
        return java.util.List.of(ids.get(context));
    }

    public int size() {
        return ids.get(BoundedContext.ORDER).length;
    }

    public Distribution distribution() {
        return distribution;
    }
}
