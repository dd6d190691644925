package io.pipebench.profile;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/** CPU time of every live Java thread of this JVM (ThreadMXBean), and the difference of two such samples. */
public final class ThreadTimes {

    /** One thread's CPU time so far (or in a window, after {@link #since}). */
    public record Thread(long id, String name, long cpuNanos) {
    }

    private ThreadTimes() {
    }

    /** Every live thread's CPU time; fails when the JVM cannot measure thread CPU (fail closed, not zeros). */
    public static Map<Long, Thread> sample() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
                || !mx.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("This JVM cannot measure CPU time per thread (ThreadMXBean), so CPU by "
                    + "part cannot be profiled");
        }
        if (!mx.isThreadCpuTimeEnabled()) {
            mx.setThreadCpuTimeEnabled(true);
        }
        long[] ids = mx.getAllThreadIds();
        long[] cpu = mx.getThreadCpuTime(ids);
        ThreadInfo[] infos = mx.getThreadInfo(ids);
        Map<Long, Thread> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && cpu[i] >= 0) { // null or -1: the thread ended between the calls
                out.put(ids[i], new Thread(ids[i], infos[i].getThreadName(), cpu[i]));
            }
        }
        return out;
    }

    /**
     * CPU used in the window per thread alive at its end: a thread that started inside the window counts from zero.
     * Threads that ended inside the window are gone from the end sample; their time shows as the process's
     * unattributed rest.
     */
    public static Map<Long, Thread> since(Map<Long, Thread> start, Map<Long, Thread> end) {
        Map<Long, Thread> out = new HashMap<>();
        end.forEach((id, t) -> {
            Thread before = start.get(id);
            long base = before == null ? 0 : before.cpuNanos();
            out.put(id, new Thread(id, t.name(), Math.max(0, t.cpuNanos() - base)));
        });
        return out;
    }
}
