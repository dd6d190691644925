package io.pipebench.benchmarks.faults;

import io.pipebench.faults.Slowdown;

/**
 * The gate-sensitivity fault hook of the gated benchmarks ({@code scripts/jmh-sensitivity.sh}): with
 * {@code -Dpipebench.slowdown=jmh:FACTOR} in the forked JVM (JMH's {@code -jvmArgsAppend}) a benchmark that honours
 * it times its own operation and then spins for {@code (FACTOR - 1)} times that, so its score moves by FACTOR.
 * Announced on stderr when on (the system's {@link Slowdown}).
 */
public final class JmhSlowdown {

    /**
     * Null unless the property names stage {@code jmh}. A static final, so the JIT folds the null check and clean runs
     * execute exactly the un-timed operation.
     */
    public static final Slowdown ACTIVE = Slowdown.forStage("jmh").orElse(null);

    private JmhSlowdown() {
    }
}
