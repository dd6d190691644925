package io.pipebench.load.measure;

/**
 * Which sends have the sending thread's CPU clock read around them, for the publisher's CPU per record.
 * <p>
 * The clock is a system call ({@code io.pipebench.metrics.ThreadCpu}: 0.88-0.99 µs per read on the 2-core VM), two per
 * timed send: read for every send, the two cost more than encoding the event as JSON, and about a quarter of the
 * injector's own work per record before Kafka ({@code InjectorSendBenchmark.sendPath}, 2026-12-02). So a run times every send up to {@value #TIMED_PER_SECOND} sends/s, as it always has (the CI
 * smoke's 200/s and its baseline are unchanged), and above that one send in a power of two, chosen by sequence number so
 * that the timed sends are a systematic sample of the run's random event mix: the mean is the whole's mean, from
 * 1,000-2,000 timed sends per second, at about 0.2% of a core.
 */
public final class CpuSampling {

    /** The timed sends per second a run aims at, at least. */
    public static final int TIMED_PER_SECOND = 1_000;

    /** For a closed-model (unpaced) run, whose rate is not planned: as for 64,000-127,999 sends/s. */
    public static final int UNPACED = 64;

    private CpuSampling() {
    }

    /**
     * One send in how many is timed at this planned peak rate (sends/s): 1 up to {@value #TIMED_PER_SECOND}/s, else the
     * largest power of two that still times at least {@value #TIMED_PER_SECOND} sends/s. A rate that is not a positive
     * number times every send.
     */
    public static int every(double peakRate) {
        if (!(peakRate > TIMED_PER_SECOND)) {
            return 1;
        }
        return Integer.highestOneBit((int) Math.min(1 << 20, peakRate / TIMED_PER_SECOND));
    }

    /** Whether the send numbered {@code sequence} (0, 1, 2, ...) is timed when one in {@code every} is. */
    public static boolean timed(long sequence, int every) {
        return (sequence & (every - 1)) == 0;
    }

    /** @throws IllegalArgumentException unless {@code every} is a power of two (1 included) */
    public static int requireValid(int every) {
        if (every < 1 || Integer.bitCount(every) != 1) {
            throw new IllegalArgumentException("cpuSampleEvery must be a power of two (1, 2, 4, ...), was " + every);
        }
        return every;
    }
}
