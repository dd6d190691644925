package io.pipebench.load.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlannedScheduleTest {

    private static final long MS = 1_000_000L;

    @Test
    void theAnchorIsTheMostPunctualSendOfTheFirstSecondThenStaysFixed() {
        InjectionPlan plan = new InjectionPlan(List.of(Segment.hold(1, 2, Segment.Phase.WARMUP),
                Segment.hold(100, 10, Segment.Phase.MEASURE)));
        PlannedSchedule schedule = new PlannedSchedule(plan);
        long t0 = 1_000_000_000_000L;
        // record 0 (intended at 0 ms) is 30 ms late, record 1 (intended at 1000 ms) only 10 ms late
        assertThat(schedule.intendedNanos(0, t0 + 30 * MS)).isEqualTo(t0 + 30 * MS);
        assertThat(schedule.intendedNanos(1, t0 + 1010 * MS)).isEqualTo(t0 + 1010 * MS);
        assertThat(schedule.anchorNanos()).isEqualTo(t0 + 10 * MS);
        // after the first second a late send no longer moves the anchor: its lateness is publish delay
        long intended = schedule.intendedNanos(102, t0 + 2500 * MS);
        assertThat(schedule.anchorNanos()).isEqualTo(t0 + 10 * MS);
        assertThat(intended).isEqualTo(t0 + 10 * MS + (long) (plan.timeOf(102) * 1e9));
        assertThat(schedule.measureStartNanos()).isEqualTo(t0 + 10 * MS + 2000 * MS);
        assertThat(schedule.measureEndNanos()).isEqualTo(t0 + 10 * MS + 12_000 * MS);
    }
}
