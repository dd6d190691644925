package io.pipebench.load.scenario;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM's CPU time, sampled ten times a second, so the CPU spent between two instants can be read afterwards
 * (linear between samples). Used to compare what a record costs the whole process (brokers and injector) when
 * ProducerPerformance or the send action publishes it.
 */
final class CpuSampler implements AutoCloseable {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<long[]> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    CpuSampler() {
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cpu-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void sample() {
        samples.add(new long[] {System.nanoTime(), os.getProcessCpuTime()});
    }

    /** Process CPU nanoseconds spent between two {@link System#nanoTime()} readings. */
    synchronized long cpuBetween(long fromNanos, long toNanos) {
        return at(toNanos) - at(fromNanos);
    }

    private long at(long t) {
        for (int i = 1; i < samples.size(); i++) {
            long[] a = samples.get(i - 1);
            long[] b = samples.get(i);
            if (t >= a[0] && t <= b[0]) {
                double f = b[0] == a[0] ? 0 : (double) (t - a[0]) / (b[0] - a[0]);
                return a[1] + Math.round(f * (b[1] - a[1]));
            }
        }
        throw new IllegalArgumentException("no CPU samples around " + t);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
