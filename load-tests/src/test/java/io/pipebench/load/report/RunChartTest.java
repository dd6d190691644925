package io.pipebench.load.report;

import io.pipebench.load.measure.TimelineRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunChartTest {

    @Test
    void theLatencyAxisIsBoundedByDecadesSoItAlwaysHasLabelledTicks() {
        // 20..90 ms holds no power of ten: XChart, labelling decades only, drew this axis without a single label
        assertThat(RunChart.decadeBounds(20, 90)).containsExactly(10, 100);
        assertThat(RunChart.decadeBounds(3, 60)).containsExactly(1, 100);
        assertThat(RunChart.decadeBounds(0.4, 2500)).containsExactly(0.1, 10_000);
        assertThat(RunChart.decadeBounds(10, 10)).containsExactly(10, 100);
    }

    @Test
    void writesThePngForOneDecadeAndForSeveral(@TempDir Path dir) throws Exception {
        // 20..90 ms: every tick labelled; 0.4 ms .. 2.5 s: decades labelled (see -DrunChart.keep to look at them)
        write(dir, "one-decade", s -> 20 + 70 * Math.abs(Math.sin(s / 7.0)));
        write(dir, "several-decades", s -> 0.4 * Math.pow(10, s / 16.0));
    }

    private static void write(Path dir, String name, java.util.function.IntToDoubleFunction p95At) throws Exception {
        List<TimelineRow> rows = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            double p95 = p95At.applyAsDouble(s);
            rows.add(new TimelineRow(s, s - 10, Instant.EPOCH.plusSeconds(s), "measure", 500, 500, 500, 0,
                    p95 / 2, p95, p95 * 1.5, p95 * 2, p95 * 1.05, 1.0, p95 * 1.1, Map.of("genai-demo-audit", 10L),
                    10L, 0L, 0L, 0L, null));
        }
        Path png = dir.resolve(name + ".png");
        RunChart.write(png, name, rows);
        assertThat(Files.size(png)).isPositive();
        if (Boolean.getBoolean("runChart.keep")) {
            Files.copy(png, Path.of("target", "run-chart-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
