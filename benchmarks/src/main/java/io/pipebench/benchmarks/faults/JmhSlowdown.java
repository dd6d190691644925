package io.pipebench.benchmarks.faults;

import io.pipebench.faults.Slowdown;

/**
 * The gate-sensitivity fault hook of the gated benchmarks ({@code scripts/jmh-sensitivity.sh}): with
 * {@code -Dpipebench.slowdown=jmh:FACTOR} in the forked JVM (JMH's {@code -jvmArgsAppend}) a benchmark that honours
 * it times its own operation and calls {@link #after(long)}, which spins so that the whole call, hook included, costs
 * FACTOR times the operation. Announced on stderr when on (the system's {@link Slowdown}).
 *
 * <p>Why the hook subtracts its own cost: on a sub-microsecond operation (a codec's encode, ~0.6 µs) the three clock
 * reads and the spin loop's exit cost about as much as the quarter a 1.25x asks for, and the study measured a
 * "1.25x" as 1.40x. Their cost is measured once per fork around an empty operation ({@link #calibrate()}) and taken
 * off the spin; on a millisecond operation (the store's batch) the correction is lost in the noise either way.
 */
public final class JmhSlowdown {

    /**
     * Null unless the property names stage {@code jmh}. A static final, so the JIT folds the null check and clean runs
     * execute exactly the un-timed operation.
     */
    public static final Slowdown ACTIVE = Slowdown.forStage("jmh").orElse(null);

    /**
     * Measured in this fork with an empty operation ({@link #calibrate()}): what the two stamps around an operation
     * read when nothing runs between them, and what the whole hook (both stamps and a spin) costs beyond the spin's
     * target (ns).
     */
    private static final double EMPTY_ELAPSED_NANOS;
    private static final double HOOK_NANOS;

    static {
        double[] c = ACTIVE == null ? new double[2] : calibrate();
        EMPTY_ELAPSED_NANOS = c[0];
        HOOK_NANOS = c[1];
        if (ACTIVE != null) {
            System.err.printf(java.util.Locale.ROOT, "*** jmh slowdown calibrated: empty operation timed as %.1f ns, "
                    + "hook overhead %.1f ns ***%n", EMPTY_ELAPSED_NANOS, HOOK_NANOS);
        }
    }

    private JmhSlowdown() {
    }

    /**
     * After an operation timed as {@code System.nanoTime()} before and after it: spins the rest of FACTOR. The
     * operation's own time is the elapsed time less what an empty one reads; the hook's cost is taken off the spin, so
     * that hooked call / clean call = FACTOR.
     */
    public static void after(long elapsedNanos) {
        double operation = Math.max(0, elapsedNanos - EMPTY_ELAPSED_NANOS);
        long extra = (long) ((ACTIVE.factor() - 1) * operation - HOOK_NANOS);
        if (extra > 0) {
            ACTIVE.spinFor(extra);
        }
    }

    /**
     * Runs the hook around an empty operation, as the benchmarks run it (two stamps, then a sub-microsecond spin),
     * twice so that the second pass runs compiled (the loop is long enough for on-stack replacement): the mean of
     * the stamps' difference, and the mean time per hooked call beyond the spin's target.
     */
    static double[] calibrate() {
        double[] out = new double[2];
        int calls = 300_000;
        long target = 300;
        for (int pass = 0; pass < 2; pass++) {
            long stamps = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                long elapsed = System.nanoTime() - start;
                stamps += elapsed;
                ACTIVE.spinFor(target);
            }
            long t1 = System.nanoTime();
            out[0] = (double) stamps / calls;
            out[1] = Math.max(0, (double) (t1 - t0) / calls - target);
        }
        return out;
    }
}
