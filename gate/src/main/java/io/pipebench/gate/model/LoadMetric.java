package io.pipebench.gate.model;

import java.util.Objects;

/**
 * One figure of a load-test run, e.g. {@code publish.latency.p95 = 12.5 ms, better lower}.
 *
 * @param value  the figure; percentiles come from merged histograms, never from averaged percentiles
 * @param unit   free text shown in reports ("ms", "events/s"); baseline and candidate must agree
 * @param better which way the metric improves
 */
public record LoadMetric(double value, String unit, Better better) {

    public LoadMetric {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(better, "better");
    }
}
