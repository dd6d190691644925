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

    public int size() {
        return ids.get(BoundedContext.ORDER).length;
    }

    public Distribution distribution() {
        return distribution;
    }
}
