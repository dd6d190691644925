package io.pipebench.load.distributed;

import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.LoadMetric;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU per acknowledged event over every injector's host: each injector's CPU nanoseconds by part (its per-event figure
 * times its own events acknowledged in the window), summed, over all injectors' events. A part an injector does not
 * report is not on its host (PostgreSQL beside the consumers only) and adds nothing; an injector without a total could
 * not read one of its parts, so no figure is made at all (the gate then fails on them as missing).
 */
final class MergedCpu {

    private static final String PREFIX = "cpu.perEvent.";
    private static final String EVENTS = "acknowledgedInWindow";

    private MergedCpu() {
    }

    static Map<String, LoadMetric> perEvent(List<RunMerge.Part> parts) {
        if (parts.stream().anyMatch(p -> !p.summary().metrics().containsKey(PREFIX + "total"))) {
            return Map.of();
        }
        long events = parts.stream().mapToLong(p -> p.records(EVENTS)).sum();
        Map<String, Double> nanos = new LinkedHashMap<>();
        for (RunMerge.Part p : parts) {
            long own = p.records(EVENTS);
            p.summary().metrics().forEach((name, m) -> {
                if (name.startsWith(PREFIX)) {
                    nanos.merge(name, m.value() * 1000.0 * own, Double::sum);
                }
            });
        }
        Map<String, LoadMetric> out = new LinkedHashMap<>();
        if (events > 0) {
            nanos.forEach((name, n) -> out.put(name, new LoadMetric(n / 1000.0 / events, "us", Better.LOWER)));
        }
        return out;
    }
}
