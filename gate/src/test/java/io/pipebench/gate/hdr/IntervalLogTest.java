package io.pipebench.gate.hdr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntervalLogTest {

    @TempDir
    Path dir;

    @Test
    void intervalsReadBackWithTheirTagsCountsAndTimesAndTheHeaderSaysWhatTheLogHolds() throws IOException {
        long start = 1_700_000_000_000L;
        Path file = dir.resolve("runs/1/publish-latency.hlog");
        try (IntervalLog log = IntervalLog.create(file, "pipebench smoke: publish latency in microseconds", start)) {
            for (int i = 0; i < 3; i++) {
                Histogram h = new Histogram(3_600_000_000L, 3);
                h.recordValueWithCount(1_000L * (i + 1), 10L * (i + 1));
                h.setStartTimeStamp(start + i * 1000L);
                h.setEndTimeStamp(start + (i + 1) * 1000L);
                h.setTag(i == 2 ? "e2e" : null);
                log.add(h);
            }
        }

        assertThat(Files.readAllLines(file)).first().asString()
                .isEqualTo("#pipebench smoke: publish latency in microseconds");
        HistogramLogReader reader = new HistogramLogReader(file.toFile());
        Histogram first = (Histogram) reader.nextIntervalHistogram();
        Histogram second = (Histogram) reader.nextIntervalHistogram();
        Histogram third = (Histogram) reader.nextIntervalHistogram();
        assertThat(reader.nextIntervalHistogram()).isNull();
        assertThat(reader.getStartTimeSec()).isEqualTo(start / 1000.0);
        assertThat(first.getTotalCount()).isEqualTo(10);
        assertThat(first.getStartTimeStamp()).isEqualTo(start);
        assertThat(second.getEndTimeStamp()).isEqualTo(start + 2000);
        assertThat(third.getTag()).isEqualTo("e2e");
        assertThat(third.getValueAtPercentile(50)).isBetween(2999L, 3001L);
    }
}
