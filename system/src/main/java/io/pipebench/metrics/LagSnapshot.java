package io.pipebench.metrics;

import io.pipebench.alarms.MetricSample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One sample of every monitored group, taken at {@code time}; {@code duration} is what taking it cost. */
public record LagSnapshot(Instant time, Duration duration, List<GroupLag> groups) {

    /** How often the lag monitor samples unless told otherwise (here, so readers of snapshots need no Kafka class). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    public LagSnapshot {
        groups = List.copyOf(groups);
    }

    public Optional<GroupLag> group(String id) {
        return groups.stream().filter(g -> g.group().equals(id)).findFirst();
    }

    /**
     * The samples the gauges publish, for the alarm evaluator: {@code kafka.consumer.lag} with dimensions
     * {@code group} and {@code statistic=max|sum}, and {@code kafka.consumer.lag.seconds} with {@code statistic=max}.
     * A group without a measured lag (rebalancing, no offsets) contributes nothing: a missing datapoint, not 0.
     */
    public List<MetricSample> toMetricSamples() {
        List<MetricSample> out = new ArrayList<>();
        for (GroupLag g : groups) {
            g.maxLag().ifPresent(v -> out.add(new MetricSample(time, PipelineMeters.CONSUMER_LAG,
                    Map.of("group", g.group(), "statistic", "max"), v)));
            g.sumLag().ifPresent(v -> out.add(new MetricSample(time, PipelineMeters.CONSUMER_LAG,
                    Map.of("group", g.group(), "statistic", "sum"), v)));
            g.maxTimeLagMs().ifPresent(v -> out.add(new MetricSample(time, PipelineMeters.CONSUMER_TIME_LAG,
                    Map.of("group", g.group(), "statistic", "max"), v / 1000.0)));
        }
        return out;
    }
}
