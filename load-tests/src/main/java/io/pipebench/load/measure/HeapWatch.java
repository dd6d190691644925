package io.pipebench.load.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * How much heap the harness JVM used: the largest heap occupancy seen (sampled once a second, so a peak just before a
 * collection can be missed), the largest live set after a collection (what a smaller heap would have to hold), and
 * the limit ({@code -Xmx}).
 */
public final class HeapWatch implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;
    private volatile long maxUsed;

    public HeapWatch() {
        thread = new Thread(() -> {
            while (running) {
                maxUsed = Math.max(maxUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watch");
        thread.setDaemon(true);
        thread.start();
    }

    public double maxUsedMb() {
        return Math.max(maxUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()) / 1048576.0;
    }

    /** The largest heap in use right after a collection, summed over the heap pools. */
    public double maxAfterGcMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                MemoryUsage after = pool.getCollectionUsage();
                if (after != null) {
                    sum += after.getUsed();
                }
            }
        }
        return sum / 1048576.0;
    }

    public double limitMb() {
        return Runtime.getRuntime().maxMemory() / 1048576.0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
