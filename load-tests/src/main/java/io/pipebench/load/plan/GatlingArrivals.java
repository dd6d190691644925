package io.pipebench.load.plan;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * When Gatling's open injection starts its users, reproduced so that every record has an exact intended send time.
 * Gatling 3.15 (io.gatling.core.controller.inject.open) decides per whole second how many users start in it, then
 * spreads that second's users over its 1000 milliseconds ({@code Shard.shards(users, 1000)}): bucket {@code b} ends
 * with {@code ceil(users / 1000.0 * (b + 1))} users started. Per-second counts:
 * <ul>
 *   <li>{@code constantUsersPerSec(r).during(S)}: {@code round(S * r)} users sharded over the S seconds, second
 *       {@code s} ending with {@code ceil(total / S * (s + 1))} users;</li>
 *   <li>{@code rampUsersPerSec(r0).to(r1).during(S)}: {@code a * (2s + 1) + r0} users in second {@code s} with
 *       {@code a = (r1 - r0) / 2S}, the fraction carried to the next second (BigDecimal, DECIMAL128).</li>
 * </ul>
 * Written by hand because Gatling exposes neither its schedule nor a user's intended start to an action; it mirrors
 * the same arithmetic, doubles where Gatling uses doubles, so counts match to the user.
 */
final class GatlingArrivals {

    private GatlingArrivals() {
    }

    /** Users started in each second of a segment. */
    static long[] perSecond(Segment s) {
        int seconds = (int) s.seconds();
        long[] out = new long[seconds];
        if (!s.ramp()) {
            long total = Math.round(seconds * s.fromRate());
            for (int i = 0; i < seconds; i++) {
                out[i] = sumFromZero(total, seconds, i) - sumFromZero(total, seconds, i - 1);
            }
            return out;
        }
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal start = BigDecimal.valueOf(s.fromRate());
        BigDecimal a = BigDecimal.valueOf(s.toRate()).subtract(start, mc).divide(BigDecimal.valueOf(2L * seconds), mc);
        BigDecimal pending = BigDecimal.ZERO;
        for (int i = 0; i < seconds; i++) {
            BigDecimal v = a.multiply(BigDecimal.valueOf(2L * i + 1), mc).add(start, mc).add(pending, mc);
            int users = v.setScale(10, RoundingMode.HALF_UP).intValue();
            pending = v.subtract(BigDecimal.valueOf(users), mc);
            out[i] = users;
        }
        return out;
    }

    /** The millisecond (0-999) of its second at which the k-th user (from 0) of {@code users} starts. */
    static int millisecondOf(long k, long users) {
        int lo = 0;
        int hi = 999;
        while (lo < hi) { // the first bucket whose running total exceeds k
            int mid = (lo + hi) >>> 1;
            if (sumFromZero(users, 1000, mid) > k) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    // Gatling's Shard.sumFromZero: users started by the end of bucket b (0 before the first).
    static long sumFromZero(long total, int buckets, int bucket) {
        if (bucket < 0) {
            return 0;
        }
        if (bucket == buckets - 1) {
            return total;
        }
        return (long) Math.ceil((double) total / buckets * (bucket + 1));
    }
}
