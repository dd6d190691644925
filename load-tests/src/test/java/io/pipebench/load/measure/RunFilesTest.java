package io.pipebench.load.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunFilesTest {

    private static final long START_MS = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void theTimelineAndEachViewsHistogramLogAreWrittenAndALateSecondAfterCloseTruncatesNothing() throws IOException {
        Path run = dir.resolve("run");
        RunFiles files = RunFiles.open(run, "smoke", false, () -> START_MS);
        files.row(new TimelineRow(0, 0, Instant.ofEpochMilli(START_MS + 1000), "measure", 10, 10, 10, 0, 1.0, 2.0,
                3.0, 4.0, null, null, null, Map.of("g", 5L), 5L, null, 0L, null, null));
        Histogram second = new Histogram(RunRecorder.HIGHEST_MICROS, 3);
        second.recordValueWithCount(2_000, 10);
        second.setStartTimeStamp(START_MS);
        second.setEndTimeStamp(START_MS + 1000);
        files.interval(RunRecorder.View.PUBLISH, second);
        files.close();
        files.interval(RunRecorder.View.PUBLISH, second); // a second sampled after close

        List<String> timeline = Files.readAllLines(run.resolve("timeline.jsonl"));
        assertThat(timeline).singleElement().asString().contains("\"phase\":\"measure\"", "\"publishP95\":2.0",
                "\"deadLetters\":null");
        Path hlog = run.resolve(RunMonitor.hlogName(RunRecorder.View.PUBLISH));
        List<String> header = Files.readAllLines(hlog).subList(0, 3);
        assertThat(header.subList(0, 2)).containsExactly(
                "#pipebench smoke: publish latency in microseconds, 1-second intervals of the measured window",
                "#[Histogram log format version 1.3]");
        assertThat(header.get(2)).startsWith("#[StartTime: 1700000000.000 (seconds since epoch)");
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        Histogram read = (Histogram) reader.nextIntervalHistogram();
        assertThat(read.getTotalCount()).isEqualTo(10);
        assertThat(read.getStartTimeStamp()).isEqualTo(START_MS);
        assertThat(reader.nextIntervalHistogram()).isNull();
        assertThat(run.resolve(RunFiles.LAG_TIMELINE)).doesNotExist();
    }

    @Test
    void withoutAFolderNothingIsWritten() throws IOException {
        RunFiles files = RunFiles.open(null, "smoke", true, () -> START_MS);
        files.interval(RunRecorder.View.PUBLISH, new Histogram(3));
        files.close();
        try (var listing = Files.list(dir)) {
            assertThat(listing).isEmpty();
        }
    }
}
