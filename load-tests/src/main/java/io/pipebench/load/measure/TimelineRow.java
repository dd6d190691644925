package io.pipebench.load.measure;

import java.time.Instant;
import java.util.Map;

/**
 * One second of a run: what was intended, sent, acknowledged and failed in that second, the latency percentiles of
 * the records acknowledged in it (milliseconds; null when none were), consumer lag by group (records, summed over
 * partitions; null while unmeasured), running totals of dead letters, failed processing attempts and records whose
 * dead letter could never be sent since the run started (null when unobservable; rows written before the last was
 * added read it as null), and what happened to the cluster in that second, if anything.
 *
 * @param second  seconds since injection started
 * @param offset  seconds since the measured window started (negative during warm-up)
 */
public record TimelineRow(int second, long offset, Instant time, String phase, double intendedRate, long sent,
                          long acked, long failed, Double publishP50, Double publishP95, Double publishP99,
                          Double publishMax, Double intendedP95, Double delayP95, Double e2eP95,
                          Map<String, Long> lag, Long lagMax, Long deadLetters, Long processingFailures,
                          Long droppedDeadLetters, String event) {

    public TimelineRow {
        lag = lag == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lag));
    }

    public boolean measured() {
        return "measure".equals(phase);
    }
}
