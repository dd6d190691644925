package io.pipebench.load.measure;

import io.pipebench.gate.hdr.Quantiles;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The figures of one run's measured window: rates intended and achieved, the four latency views, delivery
 * (lost, duplicated), lag, dead letters (sent and dropped) and processing failures.
 *
 * @param intendedEvents records the plan intended in the window
 * @param sent           records intended in the window that were sent
 * @param acked          records intended in the window that the broker acknowledged (whenever that was)
 * @param ackedInWindow  acknowledgements that arrived inside the window: the achieved throughput
 * @param readNotAcked   records the end-to-end consumer read although the producer reported them failed
 * @param tracked        whether records were read back: without it, lost and duplicated are unknown, not 0
 * @param cpuNanos       CPU time of each part of the pipeline in the window
 * @param processing     per consumer group, the handler's time per call (calls on records intended in the window)
 * @param sendCall       the publisher's own time per record (encode, headers, {@code send()}), in the window
 * @param stageCpu       CPU microseconds per record of each stage's own threads in the window: {@code publish} and
 *                       each consumer group id; a stage whose thread CPU could not be measured is absent
 * @param reconciliation acknowledged records against each group and the event store, after the run drained; null
 *                       when the consumers run elsewhere (what they processed cannot be seen from here)
 */
public record RunFigures(double measuredSeconds, double intendedEvents, long sent, long acked, long failed,
                         long ackedInWindow, Map<RunRecorder.View, Quantiles> latency, long e2eRead, long lost,
                         long duplicated, long readNotAcked, Map<String, Long> maxLagByGroup, OptionalLong deadLetters,
                         OptionalLong processingFailures, OptionalLong droppedDeadLetters,
                         Map<String, Long> failuresByKind, boolean tracked,
                         Map<String, Long> cpuNanos, Map<String, Quantiles> processing,
                         PipelineLedger.Reconciliation reconciliation, Quantiles sendCall,
                         Map<String, Double> stageCpu) {

    public static RunFigures of(RunRecorder recorder, RunMeasurements m, boolean tracked, PipelineLedger pipeline,
                                PipelineLedger.Reconciliation reconciliation) {
        Map<RunRecorder.View, Quantiles> latency = new EnumMap<>(RunRecorder.View.class);
        m.histograms().forEach((v, h) -> latency.put(v, Quantiles.of(h)));
        DeliveryLedger ledger = recorder.ledger();
        double seconds = recorder.schedule().plan().measuredSeconds();
        double intended = recorder.schedule().plan().measuredEvents();
        List<TimelineRow> measured = m.rows().stream().filter(TimelineRow::measured).toList();
        if (m.stopReason() != null && !measured.isEmpty() && measured.size() < seconds) {
            // Stopped early: rates over the seconds actually injected, not the whole planned window.
            seconds = measured.size();
            intended = measured.stream().mapToDouble(TimelineRow::intendedRate).sum();
        }
        return new RunFigures(seconds, intended,
                recorder.measuredSent(), recorder.measuredAcked(), recorder.measuredFailed(), recorder.ackedInWindow(),
                latency, tracked ? ledger.readCount() : 0, tracked ? ledger.lost() : 0,
                tracked ? ledger.duplicated() : 0, tracked ? ledger.readButNotAcknowledged() : 0, m.maxLagByGroup(),
                m.deadLetters(), m.processingFailures(), m.droppedDeadLetters(), recorder.failuresByKind(), tracked,
                m.cpuNanos(),
                processing(pipeline), reconciliation, Quantiles.ofNanos(recorder.sendCalls()),
                stageCpu(recorder, pipeline));
    }

    private static Map<String, Double> stageCpu(RunRecorder recorder, PipelineLedger pipeline) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        double publish = recorder.sendCpuPerRecordMicros();
        if (!Double.isNaN(publish)) {
            out.put("publish", publish);
        }
        if (pipeline != null) {
            out.putAll(pipeline.cpuPerRecordMicros());
        }
        return out;
    }

    private static Map<String, Quantiles> processing(PipelineLedger pipeline) {
        Map<String, Quantiles> out = new java.util.LinkedHashMap<>();
        if (pipeline != null) {
            pipeline.processingTimes().forEach((g, h) -> out.put(g, Quantiles.ofNanos(h)));
        }
        return out;
    }

    /**
     * CPU microseconds per event acknowledged in the window, by part, plus "total"; empty without acknowledgements.
     * A part that could not be read is left out and so is the total: a total of the JVM alone would look like a
     * cheaper pipeline (fail closed: the gate then reports the figure missing).
     */
    public Map<String, Double> cpuPerEventMicros() {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        if (ackedInWindow == 0 || cpuNanos.isEmpty()) {
            return out;
        }
        long total = 0;
        boolean complete = true;
        for (Map.Entry<String, Long> e : cpuNanos.entrySet()) {
            if (e.getValue() < 0) {
                complete = false;
                continue;
            }
            out.put(e.getKey(), e.getValue() / 1000.0 / ackedInWindow);
            total += e.getValue();
        }
        if (complete) {
            out.put("total", total / 1000.0 / ackedInWindow);
        }
        return out;
    }

    /** The parts whose CPU should have been read and could not be (their figures and the total are left out). */
    public java.util.List<String> cpuUnreadable() {
        return cpuNanos.entrySet().stream().filter(e -> e.getValue() < 0).map(Map.Entry::getKey).toList();
    }

    public double intendedRate() {
        return intendedEvents / measuredSeconds;
    }

    public double sentRate() {
        return sent / measuredSeconds;
    }

    /** Acknowledgements per second inside the window. */
    public double achievedRate() {
        return ackedInWindow / measuredSeconds;
    }

    /** Achieved over intended throughput: 1.0 means the system kept up. */
    public double achievedRatio() {
        return intendedEvents == 0 ? 0 : ackedInWindow / intendedEvents;
    }

    /** The largest summed lag of any group in the window, or -1 without lag data. */
    public long maxLag() {
        return maxLagByGroup.values().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    public Quantiles view(RunRecorder.View v) {
        return latency.get(v);
    }
}
