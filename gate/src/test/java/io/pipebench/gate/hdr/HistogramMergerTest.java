package io.pipebench.gate.hdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipebench.gate.Fixtures;
import io.pipebench.gate.GateInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistogramMergerTest {

    @TempDir
    Path dir;

    private static long[][] latencies(long seed, int intervals, int perInterval, double medianMicros) {
        Random random = new Random(seed);
        long[][] values = new long[intervals][perInterval];
        for (int i = 0; i < intervals; i++) {
            for (int j = 0; j < perInterval; j++) {
                values[i][j] = Math.max(1, Math.round(medianMicros * Math.exp(0.8 * random.nextGaussian())));
            }
        }
        return values;
    }

    @Test
    void mergingTwoInjectorLogsGivesThePercentilesOfTheUnion() throws IOException {
        // A fast injector and a slow one: averaging their p99s would be wrong; the union's p99 is what counts.
        long[][] fast = latencies(1, 5, 2000, 800);
        long[][] slow = latencies(2, 3, 1000, 5000);
        Path a = dir.resolve("injector-1.hlog");
        Path b = dir.resolve("injector-2.hlog");
        Fixtures.hdrLog(a, 1_700_000_000_000L, null, 5, fast);
        Fixtures.hdrLog(b, 1_700_000_002_000L, null, 3, slow);
        Histogram union = new Histogram(3_600_000_000L, 3);
        for (long[][] injector : new long[][][] {fast, slow}) {
            for (long[] interval : injector) {
                for (long v : interval) {
                    union.recordValue(v);
                }
            }
        }

        MergedHistograms merged = HistogramMerger.merge(List.of(a, b));
        Percentiles p = merged.percentiles().get(0);

        assertThat(p).isEqualTo(Percentiles.of("", union));
        assertThat(p.count()).isEqualTo(5 * 2000 + 3 * 1000);
        assertThat(p.p99()).isGreaterThan(p.p95()).isGreaterThan(p.p50());
        assertThat(merged.startMs()).isEqualTo(1_700_000_000_000L);
        assertThat(merged.endMs()).isEqualTo(1_700_000_005_000L);

        Path out = dir.resolve("merged.hlog");
        merged.writeLog(out);
        MergedHistograms reread = HistogramMerger.merge(List.of(out));
        assertThat(reread.percentiles()).containsExactly(p);
        assertThat(reread.startMs()).isEqualTo(merged.startMs());
        assertThat(reread.endMs()).isEqualTo(merged.endMs());
    }

    @Test
    void tagsAreMergedSeparately() throws IOException {
        Path a = dir.resolve("a.hlog");
        Path b = dir.resolve("b.hlog");
        Fixtures.hdrLog(a, 1_700_000_000_000L, "publish", 1, new long[][] {{100, 200, 300}});
        Fixtures.hdrLog(b, 1_700_000_000_000L, "e2e", 1, new long[][] {{10_000, 20_000}});

        MergedHistograms merged = HistogramMerger.merge(List.of(a, b));

        assertThat(merged.percentiles()).extracting(Percentiles::tag, Percentiles::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("publish", 3L),
                        org.assertj.core.groups.Tuple.tuple("e2e", 2L));
        assertThat(merged.percentiles().get(0).toMillisLine()).startsWith("publish").contains("p50 0.200");
    }

    @Test
    void aLogWithNoIntervalsOrNoFileIsBadInput() throws IOException {
        Path empty = dir.resolve("empty.hlog");
        Files.writeString(empty, "#[StartTime: 1700000000.000 (seconds since epoch)]\n");

        assertThatThrownBy(() -> HistogramMerger.merge(List.of(empty)))
                .isInstanceOf(GateInputException.class).hasMessageContaining("no interval histograms");
        assertThatThrownBy(() -> HistogramMerger.merge(List.of(dir.resolve("missing.hlog"))))
                .isInstanceOf(GateInputException.class).hasMessageContaining("missing.hlog");
    }
}
