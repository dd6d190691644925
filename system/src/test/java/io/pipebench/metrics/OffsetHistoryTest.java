package io.pipebench.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetHistoryTest {

    @Test
    void interpolatesTheAppendTimeBetweenTheSurroundingPoints() {
        OffsetHistory h = new OffsetHistory(100);
        h.record(0, 1_000);
        h.record(10, 2_000);
        // Offset 0 moved the log end from 0 to 1: a tenth of the way from 1000 to 2000 ms.
        assertThat(h.appendTime(0)).contains(new OffsetHistory.Estimate(1_100, false));
        assertThat(h.appendTime(4)).contains(new OffsetHistory.Estimate(1_500, false));
        assertThat(h.appendTime(9)).contains(new OffsetHistory.Estimate(2_000, false));
    }

    @Test
    void anIdleStretchCountsFromTheLastTimeTheOldLogEndWasSeen() {
        OffsetHistory h = new OffsetHistory(100);
        h.record(0, 1_000);
        h.record(0, 1_500);
        h.record(0, 1_900);
        h.record(2, 2_000);
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.appendTime(0)).contains(new OffsetHistory.Estimate(1_950, false));
        assertThat(h.appendTime(1)).contains(new OffsetHistory.Estimate(2_000, false));
    }

    @Test
    void anOffsetOlderThanTheHistoryGivesALowerBound() {
        OffsetHistory h = new OffsetHistory(100);
        h.record(50, 7_000);
        h.record(60, 8_000);
        assertThat(h.appendTime(10)).contains(new OffsetHistory.Estimate(7_000, true));
    }

    @Test
    void nothingWaitsAtOrPastTheLogEnd() {
        OffsetHistory h = new OffsetHistory(100);
        h.record(5, 1_000);
        assertThat(h.appendTime(5)).isEmpty();
        assertThat(h.appendTime(6)).isEmpty();
        assertThat(new OffsetHistory(2).appendTime(0)).isEmpty();
    }

    @Test
    void pruningKeepsThePointAtOrBelowTheOldestCommittedOffset() {
        OffsetHistory h = new OffsetHistory(100);
        for (int i = 0; i <= 3; i++) {
            h.record(i * 10L, 1_000L * i);
        }
        h.prune(15);
        assertThat(h.size()).isEqualTo(3); // 10, 20, 30
        assertThat(h.appendTime(12)).contains(new OffsetHistory.Estimate(1_300, false));
        h.prune(30);
        assertThat(h.size()).isEqualTo(1);
    }

    @Test
    void aShrinkingLogStartsANewHistoryAndTheLimitHolds() {
        OffsetHistory h = new OffsetHistory(3);
        for (int i = 1; i <= 5; i++) {
            h.record(i * 10L, i * 100L);
        }
        assertThat(h.size()).isEqualTo(3);
        h.record(4, 900);
        assertThat(h.size()).isEqualTo(1);
        assertThat(h.appendTime(0)).contains(new OffsetHistory.Estimate(900, true));
        assertThatThrownBy(() -> new OffsetHistory(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
