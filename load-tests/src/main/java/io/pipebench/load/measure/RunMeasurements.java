package io.pipebench.load.measure;

import io.pipebench.alarms.MetricSample;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a run's monitor collected: the measured latency histograms (microseconds), the timeline, the samples the alarms
 * are evaluated on, and, over the measured window, the largest lag of each group, the dead letters, failed
 * processing attempts and records whose dead letter could never be sent (empty when unobservable), and the CPU time each part of the pipeline used in the window
 * (nanoseconds; a part that could not be read is absent).
 */
public record RunMeasurements(Instant measureStart, Instant measureEnd, Map<RunRecorder.View, Histogram> histograms,
                              List<TimelineRow> rows, List<MetricSample> alarmSamples, Map<String, Long> maxLagByGroup,
                              OptionalLong deadLetters, OptionalLong processingFailures,
                              OptionalLong droppedDeadLetters, List<String> events,
                              String stopReason, Map<String, Long> cpuNanos) {
}
