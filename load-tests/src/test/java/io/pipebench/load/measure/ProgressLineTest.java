package io.pipebench.load.measure;

import io.pipebench.load.driver.reference.ReferenceDriver;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {

    /** Groups are labelled as the command's driver names them; these are the reference system's. */
    @BeforeAll
    static void referenceSystemGroupNames() {
        GroupLagView.labels(ReferenceDriver::label);
    }

    @Test
    void everyPeriodPrintsTheRatesAndPercentilesOverItsSecondsAndTheLastSecondsLag() {
        ProgressLine line = new ProgressLine("smoke", 2);
        Map<RunRecorder.View, Histogram> first = MonitorStepTest.histograms();
        first.get(RunRecorder.View.PUBLISH).recordValue(2_000);
        first.get(RunRecorder.View.INTENDED).recordValue(15_000);
        Map<String, Long> lag = new LinkedHashMap<>();
        lag.put("genai-demo-audit", 12L);
        lag.put("genai-demo-analytics", null);

        assertThat(line.add(row(2, 0, 100, 80, 0, lag, null, 3L), first)).isEmpty();
        assertThat(line.add(row(3, 1, 100, 100, 10, lag, null, 3L), MonitorStepTest.histograms())).contains(
                "[smoke] t=  +1s measure | intended    100/s sent    100/s acked     90/s KO 5/s | publish p95 2.0 ms "
                        + "(from intended 15 ms) | e2e p95 - | lag audit=12 analytics=? | dead letters n/a "
                        + "| failures 3");
        // the next period starts empty
        assertThat(line.add(row(4, 2, 50, 50, 0, Map.of(), 0L, null), MonitorStepTest.histograms())).isEmpty();
        assertThat(line.add(row(5, 3, 50, 50, 0, Map.of(), 0L, null), MonitorStepTest.histograms())).contains(
                "[smoke] t=  +3s drain   | intended     50/s sent     50/s acked     50/s | publish p95 - "
                        + "(from intended -) | e2e p95 - | dead letters 0 | failures n/a");
    }

    private static TimelineRow row(int s, long offset, double intended, long acked, long failed, Map<String, Long> lag,
                                   Long deadLetters, Long failures) {
        String phase = offset < 3 ? "measure" : "drain";
        return new TimelineRow(s, offset, Instant.EPOCH, phase, intended, (long) intended, acked, failed, null, null,
                null, null, null, null, null, lag, null, deadLetters, failures, null, null);
    }
}
