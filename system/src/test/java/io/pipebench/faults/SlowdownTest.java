package io.pipebench.faults;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlowdownTest {

    @Test
    void offUnlessTheStageIsNamed() {
        assertThat(Slowdown.parse("")).isEmpty();
        assertThat(Slowdown.parse("store:1.25")).hasValueSatisfying(s -> {
            assertThat(s.stage()).isEqualTo("store");
            assertThat(s.factor()).isEqualTo(1.25);
        });
        assertThat(Slowdown.parse("consume:analytics:2")).hasValueSatisfying(s ->
                assertThat(s.stage()).isEqualTo("consume:analytics"));
        assertThat(Slowdown.parse("jmh:2")).hasValueSatisfying(s -> assertThat(s.stage()).isEqualTo("jmh"));
    }

    @Test
    void aMalformedValueNamesThePropertyAndTheFix() {
        for (String bad : new String[] {"store", "store:0.5", "disk:2", "consume:2", "store:x"}) {
            assertThatThrownBy(() -> Slowdown.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-Dpipebench.slowdown=" + bad)
                    .hasMessageContaining("e.g. -Dpipebench.slowdown=store:1.25");
        }
    }

    @Test
    void aSlowdownOfAStageNothingHereRunsFailsInsteadOfRunningClean() {
        String before = System.getProperty(Slowdown.PROPERTY);
        try {
            System.setProperty(Slowdown.PROPERTY, "consume:genai-demo-audit:2");
            assertThat(Slowdown.forStage("consume:audit")).isEmpty();
            assertThatThrownBy(Slowdown::requireClaimed).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("names stage 'consume:genai-demo-audit', which nothing in this process runs");
            System.setProperty(Slowdown.PROPERTY, "consume:audit:2");
            assertThat(Slowdown.forStage("consume:audit")).isPresent();
            Slowdown.requireClaimed();
        } finally {
            if (before == null) {
                System.clearProperty(Slowdown.PROPERTY);
            } else {
                System.setProperty(Slowdown.PROPERTY, before);
            }
        }
    }

    /** The extra busy time is (factor - 1) times the stage's own time: a 2x slowdown doubles a 20 ms stage. */
    @Test
    void spinsForTheExtraTime() {
        Slowdown twice = Slowdown.parse("store:2").orElseThrow();
        long t0 = System.nanoTime();
        twice.after(20_000_000L);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(20_000_000L);
    }

    /** The spin counts CPU: a preempted spinner (its CPU clock advancing slower than the wall) spins on. */
    @Test
    void spinsUntilTheThreadsCpuClockAdvanced() {
        long[] cpu = {5_000};
        long[] reads = {0};
        Slowdown.spin(100_000, () -> {
            reads[0]++;
            return cpu[0] += 1_000; // 1 us of CPU per read, however much wall time passes
        });
        assertThat(cpu[0]).isEqualTo(106_000);
        assertThat(reads[0]).isEqualTo(101);
    }

    /** A spin shorter than a few dozen reads of the CPU clock counts the wall clock: the reads would cost more. */
    @Test
    void aShortSpinNeverReadsTheCpuClock() {
        long t0 = System.nanoTime();
        Slowdown.spin(Slowdown.CPU_CLOCK_FROM_NANOS - 1, () -> {
            throw new AssertionError("read the CPU clock for a short spin");
        });
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Slowdown.CPU_CLOCK_FROM_NANOS - 1);
    }

    @Test
    void withoutAThreadCpuClockItSpinsOnTheWallClock() {
        long t0 = System.nanoTime();
        Slowdown.spin(5_000_000L, () -> -1);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(5_000_000L);
    }
}
