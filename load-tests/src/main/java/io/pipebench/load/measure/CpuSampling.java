package io.pipebench.load.measure;

/**
 * Which sends have the sending thread's CPU clock read around them, for the publisher's CPU per record.
 * <p>
 * The clock is a system call ({@code io.pipebench.metrics.ThreadCpu}: 0.88-0.99 µs per read on the 2-core VM), two per
 * timed send: read for every send, the two were about a quarter of the injector's own work per record before Kafka
 * ({@code InjectorSendBenchmark.sendPath}, 2026-12-02). So a run whose planned peak is under 2,000 sends/s times every
 * send, as it always has (the CI smoke's 200/s and its baseline are unchanged); a faster one times one send in a power
 * of two, so that 1,000-2,000 sends per second are timed at the peak (fewer in a slower phase of the same run), at
 * about 0.2-0.4% of a core.
 * <p>
 * Which sends: those whose sequence number hashes to 0 modulo the stride. Not the numbers that are multiples of it:
 * Gatling starts each second's users in 1 ms buckets, so at 4,000/s, 4 per bucket, every 4th number would be the same
 * position in every burst (always the first send after the thread woke, say) for the whole run. The hash spreads the
 * sample over positions and over the random event mix alike, each send timed with probability 1/stride.
 */
public final class CpuSampling {

    /** Timed sends per second a run aims at, at least, at its planned peak. */
    public static final int TIMED_PER_SECOND = 1_000;

    /** For a closed-model (unpaced) run, whose rate is not planned: as for 64,000-127,999 sends/s. */
    public static final int UNPACED = 64;

    private CpuSampling() {
    }

    /**
     * One send in how many is timed at this planned peak rate (sends/s): 1 under 2 x {@value #TIMED_PER_SECOND}/s,
     * else the largest power of two that still times at least {@value #TIMED_PER_SECOND} sends/s. A rate that is not a
     * positive number times every send.
     */
    public static int every(double peakRate) {
        if (!(peakRate > TIMED_PER_SECOND)) {
            return 1;
        }
        return Integer.highestOneBit((int) Math.min(1 << 20, peakRate / TIMED_PER_SECOND));
    }

    /** The stride for one run: {@link #UNPACED} for closed-model users, else by the plan's peak rate. */
    public static int forRun(double planPeakRate, int closedUsers) {
        return closedUsers > 0 ? UNPACED : every(planPeakRate);
    }

    /** Whether the send numbered {@code sequence} (0, 1, 2, ...) is timed when one in {@code every} is. */
    public static boolean timed(long sequence, int every) {
        return every == 1 || (mix(sequence) & (every - 1)) == 0;
    }

    /**
     * MurmurHash3's 64-bit finaliser (fmix64, public domain): every input bit moves every output bit, so the low bits
     * of consecutive numbers look independent. Written here because no library on the class path exposes it alone.
     */
    static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /** @throws IllegalArgumentException unless {@code every} is a power of two (1 included) */
    public static int requireValid(int every) {
        if (every < 1 || Integer.bitCount(every) != 1) {
            throw new IllegalArgumentException("cpuSampleEvery must be a power of two (1, 2, 4, ...), was " + every);
        }
        return every;
    }
}
