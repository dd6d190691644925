package io.pipebench.load.measure;

import io.pipebench.alarms.MetricSample;
import io.pipebench.metrics.PipelineMeters;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Turns one second of producer latencies into samples of {@code kafka.producer.latency} (milliseconds) for the alarm
 * evaluator, which computes a period's P95 from the samples it holds. Recording every send would cost memory in
 * proportion to the rate, so each second contributes one sample per {@code stride} records, placed at evenly spaced
 * quantiles of that second's histogram (stratified sampling): a second with twice the records gets twice the samples,
 * so a period's percentile keeps each second's weight.
 */
public final class LatencySamples {

    static final int MAX_PER_SECOND = 2000;

    private final long stride;

    /** @param stride records per sample; 1 keeps every record (to HdrHistogram's precision) */
    public LatencySamples(long stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, was " + stride);
        }
        this.stride = stride;
    }

    /** A stride that keeps at most {@code perSecond} samples a second at {@code peakRate}. */
    public static LatencySamples forPeakRate(double peakRate, int perSecond) {
        return new LatencySamples(Math.max(1, (long) Math.ceil(peakRate / perSecond)));
    }

    /** Adds the samples of one interval histogram (microseconds) to {@code out}. */
    public void addTo(List<MetricSample> out, Histogram micros, Instant at) {
        long count = micros.getTotalCount();
        if (count == 0) {
            return;
        }
        // Beyond MAX_PER_SECOND a second's weight is capped: memory stays bounded whatever the rate.
        long k = Math.min(MAX_PER_SECOND, Math.max(1, Math.round((double) count / stride)));
        for (long i = 0; i < k; i++) {
            double percentile = 100.0 * (i + 0.5) / k;
            // Any quantile, not Quantiles' fixed set: the samples stand for the whole distribution.
            double millis = micros.getValueAtPercentile(percentile) / 1000.0;
            out.add(new MetricSample(at, PipelineMeters.PRODUCER_LATENCY, Map.of(), millis));
        }
    }
}
