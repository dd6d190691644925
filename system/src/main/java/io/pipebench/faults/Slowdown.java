package io.pipebench.faults;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pipebench.metrics.ThreadCpu;

import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A fault hook that makes one stage of the pipeline slower by a factor, to prove that a verdict or a gate notices:
 * {@code -Dpipebench.slowdown=STAGE:FACTOR}, e.g. {@code store:1.25}, {@code consume:analytics:2}, {@code publish:2};
 * stage {@code jmh} slows the gated microbenchmarks (see {@code io.pipebench.benchmarks.faults.JmhSlowdown}).
 * The stage's own time is measured around each call and the calling thread then spins for {@code (FACTOR - 1)} times
 * that time in CPU, so the stage costs FACTOR times its real cost in CPU, whatever the machine: for {@code publish}
 * and {@code store} the wall time of the call (and the spin delays the caller, so latency grows too), for
 * {@code consume:<group>} the member thread's CPU since its previous call returned (its polling, decoding, handling
 * and committing; a handler alone is often about a microsecond), spun after the handler's timed call, so the
 * group's processing time stays its own while its commit and next poll are delayed. Busy work, not a sleep: a slower stage also costs CPU. Off unless the property is set; announced
 * loudly when on.
 */
public final class Slowdown {

    public static final String PROPERTY = "pipebench.slowdown";
    private static final Logger log = LoggerFactory.getLogger(Slowdown.class);
    private static volatile boolean announced;
    private static final java.util.Set<String> CLAIMED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String stage;
    private final double factor;

    private Slowdown(String stage, double factor) {
        this.stage = stage;
        this.factor = factor;
    }

    /**
     * The slowdown for a stage if {@code -Dpipebench.slowdown} names it ({@code publish}, {@code store},
     * {@code consume:<group>}, {@code jmh}), else empty. A malformed property fails with the fix.
     */
    public static Optional<Slowdown> forStage(String stage) {
        return parse(System.getProperty(PROPERTY, "")).filter(s -> s.stage.equals(stage)).map(s -> {
            CLAIMED.add(stage);
            announce(s);
            return s;
        });
    }

    /**
     * Fails when {@code -Dpipebench.slowdown} names a stage nothing in this process runs (a typo, a group id instead of
     * its name, consumers running elsewhere): a run that was meant to be slowed must not quietly run clean.
     */
    public static void requireClaimed() {
        parse(System.getProperty(PROPERTY, "")).ifPresent(s -> {
            if (!CLAIMED.contains(s.stage)) {
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + System.getProperty(PROPERTY)
                        + " names stage '" + s.stage + "', which nothing in this process runs; stages here: "
                        + (CLAIMED.isEmpty() ? "none" : CLAIMED) + " (groups are named notification, analytics, "
                        + "audit, reporting)");
            }
        });
    }

    static Optional<Slowdown> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        int colon = value.lastIndexOf(':');
        String stage = colon < 0 ? "" : value.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        double factor;
        try {
            factor = colon < 0 ? Double.NaN : Double.parseDouble(value.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            factor = Double.NaN;
        }
        boolean known = stage.equals("publish") || stage.equals("store") || stage.equals("jmh")
                || stage.startsWith("consume:") && stage.length() > "consume:".length();
        if (!known || !(factor >= 1) || factor > 100) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not STAGE:FACTOR; use publish, "
                    + "store, consume:<group> or jmh and a factor from 1 to 100, e.g. -D" + PROPERTY + "=store:1.25");
        }
        return Optional.of(new Slowdown(stage, factor));
    }

    private static void announce(Slowdown s) {
        if (!announced) {
            announced = true;
            String line = String.format(Locale.ROOT, "FAULT INJECTED: stage '%s' is made %.2fx slower on purpose "
                    + "(-D%s); figures from this run do not describe the system", s.stage, s.factor, PROPERTY);
            log.warn(line);
            System.err.println("*** " + line + " ***");
        }
    }

    /**
     * After a call to the stage that took {@code elapsedNanos}: spin until this thread has used the extra time in CPU.
     * The spin counts the thread's CPU clock, not the wall clock: on a busy machine a thread spinning against the
     * wall clock is preempted part of the time and burns less than asked, so the fault would shrink exactly when the
     * host is loaded (seen in the member-cpu study). Where the JVM cannot read thread CPU, the wall clock is used.
     */
    public void after(long elapsedNanos) {
        after(elapsedNanos, ThreadCpu::nanos);
    }

    /** As {@link #after(long)}, counting {@code cpuClock}: the calling thread's CPU clock, negative where unmeasured. */
    public void after(long elapsedNanos, LongSupplier cpuClock) {
        spin((long) ((factor - 1) * elapsedNanos), cpuClock);
    }

    /** Spins {@code extraNanos} on this thread (the CPU clock from {@link #CPU_CLOCK_FROM_NANOS}, else the wall's). */
    public void spinFor(long extraNanos) {
        spin(extraNanos, ThreadCpu::nanos);
    }

    /**
     * Below this the spin counts the wall clock: a thread CPU read is a system call (about 0.9 µs on the 2-core VM, ThreadCpu), which would
     * overshoot a sub-microsecond stage (a JMH codec op, one publish call) by more than the factor asks, and a spin
     * this short is rarely preempted.
     */
    static final long CPU_CLOCK_FROM_NANOS = 50_000;

    /** Spins until {@code cpuClock} (nanoseconds, negative when unmeasurable) advanced by {@code extraNanos}. */
    static void spin(long extraNanos, LongSupplier cpuClock) {
        long start = extraNanos < CPU_CLOCK_FROM_NANOS ? -1 : cpuClock.getAsLong();
        LongSupplier clock = start < 0 ? System::nanoTime : cpuClock;
        long until = (start < 0 ? System.nanoTime() : start) + extraNanos;
        while (clock.getAsLong() - until < 0) {
            Thread.onSpinWait();
        }
    }

    public String stage() {
        return stage;
    }

    public double factor() {
        return factor;
    }
}
