package io.pipebench.load.measure;

import io.pipebench.alarms.MetricSample;
import io.pipebench.metrics.LagSnapshot;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** What a run's measured window holds, read from what the monitor collected: pure functions over plain values. */
public final class RunWindow {

    private RunWindow() {
    }

    /** The largest summed lag of each group among the samples inside [start, end]; groups never measured are absent. */
    public static Map<String, Long> maxLag(List<LagSnapshot> snapshots, Instant start, Instant end) {
        Map<String, Long> maxLag = new LinkedHashMap<>();
        for (LagSnapshot snap : snapshots) {
            if (snap.time().isBefore(start) || snap.time().isAfter(end)) {
                continue;
            }
            snap.groups().forEach(g -> g.sumLag().ifPresent(v -> maxLag.merge(g.group(), v, Math::max)));
        }
        return maxLag;
    }

    /** The sum of a metric's samples inside [start, end]; empty when it has none there (unobserved, never 0). */
    public static OptionalLong sum(List<MetricSample> samples, String metric, Instant start, Instant end) {
        boolean any = false;
        long sum = 0;
        for (MetricSample m : samples) {
            if (m.metric().equals(metric) && !m.time().isBefore(start) && !m.time().isAfter(end)) {
                any = true;
                sum += (long) m.value();
            }
        }
        return any ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    /**
     * CPU nanoseconds each part used between two readings; a part missing from either reading is left out. A
     * negative reading is a part the driver expected but could not read (PostgreSQL's processes unreadable): it
     * stays in as {@link #UNREADABLE}, so no total is made without it.
     */
    public static Map<String, Long> cpuUsed(Map<String, Long> from, Map<String, Long> to) {
        Map<String, Long> used = new LinkedHashMap<>();
        if (from != null && to != null) {
            to.forEach((part, nanos) -> {
                if (from.containsKey(part)) {
                    long before = from.get(part);
                    used.put(part, before < 0 || nanos < 0 ? UNREADABLE : nanos - before);
                }
            });
        }
        return used;
    }

    /** The CPU of a part that should have been read and was not. */
    public static final long UNREADABLE = -1;
}
