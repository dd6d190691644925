package io.pipebench.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The calling thread's CPU time, for a stage's CPU per record. Wall time of a stage grows when the machine is busy
 * (the thread waits for a core); its thread's CPU time does not, so a stage made slower shows through the noise of a
 * shared machine. On Linux this is the thread's CPU clock, {@code clock_gettime(CLOCK_THREAD_CPUTIME_ID)}: a real
 * system call (the kernel's vDSO serves only the wall clocks), measured at 0.88-0.99 µs per read on the 2-core VM
 * against 35 ns for {@code System.nanoTime} (2026-12-02). Two per record are comparable to encoding the event as JSON,
 * so at high rates a per-record figure reads it for a sample of the records (load-tests: {@code measure.CpuSampling}).
 */
public final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported() && enabled();

    private ThreadCpu() {
    }

    private static boolean enabled() {
        try {
            if (!THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            return THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** The current thread's CPU time in nanoseconds, or -1 where the JVM cannot measure it. */
    public static long nanos() {
        return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** CPU nanoseconds the current thread used since {@code start} (from {@link #nanos()}), or -1 if unmeasured. */
    public static long since(long start) {
        if (start < 0) {
            return -1;
        }
        long now = nanos();
        return now < 0 ? -1 : Math.max(0, now - start);
    }
}
