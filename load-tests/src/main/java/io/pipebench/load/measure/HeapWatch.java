package io.pipebench.load.measure;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How much heap the harness JVM used: the largest occupancy seen (sampled once a second, so a peak just before a
 * collection can be missed), the largest heap left right after a collection (what survived: the live set a smaller
 * heap would have to hold, read from the collectors' notifications), and the limit ({@code -Xmx}).
 */
public final class HeapWatch implements AutoCloseable {

    private final Thread thread;
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private volatile boolean running = true;
    private volatile long maxUsed;
    private volatile long maxAfterGc;

    public HeapWatch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
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

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long after = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                after += e.getValue().getUsed();
            }
        }
        maxAfterGc = Math.max(maxAfterGc, after);
    }

    public double maxUsedMb() {
        return Math.max(maxUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()) / 1048576.0;
    }

    /** The largest heap in use right after any collection (young ones included), over the whole command. */
    public double maxAfterGcMb() {
        return maxAfterGc / 1048576.0;
    }

    public double limitMb() {
        return Runtime.getRuntime().maxMemory() / 1048576.0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
