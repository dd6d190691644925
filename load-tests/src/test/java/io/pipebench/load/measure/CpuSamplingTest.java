package io.pipebench.load.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuSamplingTest {

    @Test
    void everySendIsTimedUnderTwoThousandPerSecondThenAPowerOfTwoThatTimesAtLeastAThousand() {
        assertThat(CpuSampling.every(200)).isEqualTo(1);
        assertThat(CpuSampling.every(1_000)).isEqualTo(1);
        assertThat(CpuSampling.every(1_999)).isEqualTo(1);
        assertThat(CpuSampling.every(2_000)).isEqualTo(2);
        assertThat(CpuSampling.every(5_000)).isEqualTo(4);
        assertThat(CpuSampling.every(20_000)).isEqualTo(16);
        assertThat(CpuSampling.every(100_000)).isEqualTo(64);
        assertThat(CpuSampling.every(Double.NaN)).isEqualTo(1);
        assertThat(CpuSampling.every(0)).isEqualTo(1);
        assertThat(CpuSampling.every(Double.POSITIVE_INFINITY)).isEqualTo(1 << 20);
        for (double rate = 2_000; rate < 1e7; rate *= 1.37) {
            assertThat(rate / CpuSampling.every(rate)).as("timed per second at %.0f/s", rate).isBetween(1_000.0,
                    2_000.0);
        }
    }

    @Test
    void aRunTakesItsStrideFromThePlansPeakOrIsUnpaced() {
        assertThat(CpuSampling.forRun(200, 0)).isEqualTo(1);
        assertThat(CpuSampling.forRun(5_000, 0)).isEqualTo(4);
        assertThat(CpuSampling.forRun(0, 20_000)).isEqualTo(CpuSampling.UNPACED);
    }

    @Test
    void oneInEveryIsTimedAndSendZeroAlways() {
        assertThat(CpuSampling.timed(0, 64)).isTrue();
        for (int every : new int[] {1, 2, 4, 16, 64}) {
            long timed = 0;
            for (long s = 0; s < 1_000_000; s++) {
                if (CpuSampling.timed(s, every)) {
                    timed++;
                }
            }
            assertThat(timed / 1e6).as("share timed, one in %d", every).isCloseTo(1.0 / every,
                    org.assertj.core.data.Percentage.withPercentage(3));
        }
    }

    /** Bursts of a stride's size (Gatling's 1 ms buckets at 1000 x stride per second): every position is sampled. */
    @Test
    void theSampleDoesNotAliasWithBurstsOfTheStridesSize() {
        for (int every : new int[] {2, 4, 8, 16}) {
            long[] byPosition = new long[every];
            long bursts = 200_000;
            for (long s = 0; s < bursts * every; s++) {
                if (CpuSampling.timed(s, every)) {
                    byPosition[(int) (s % every)]++;
                }
            }
            for (int p = 0; p < every; p++) {
                assertThat(byPosition[p] / (double) bursts).as("position %d of %d in a burst", p, every)
                        .isCloseTo(1.0 / every, org.assertj.core.data.Percentage.withPercentage(5));
            }
        }
    }

    @Test
    void aStrideThatIsNotAPowerOfTwoIsRefusedNamingTheField() {
        assertThat(CpuSampling.requireValid(1)).isEqualTo(1);
        assertThat(CpuSampling.requireValid(64)).isEqualTo(64);
        for (int bad : new int[] {0, -4, 3, 12}) {
            assertThatThrownBy(() -> CpuSampling.requireValid(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cpuSampleEvery must be a power of two (1, 2, 4, ...), was " + bad);
        }
    }
}
