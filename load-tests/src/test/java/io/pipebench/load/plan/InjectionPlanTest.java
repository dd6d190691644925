package io.pipebench.load.plan;

import io.pipebench.events.EventTypeRegistry;
import io.pipebench.workload.RateProfile;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InjectionPlanTest {

    @Test
    void aConstantRateStartsEvenlySpacedUsersEverySecond() {
        InjectionPlan plan = new InjectionPlan(List.of(Segment.hold(200, 3, Segment.Phase.MEASURE)));
        assertThat(plan.usersIn(0)).isEqualTo(200);
        assertThat(plan.measuredEvents()).isEqualTo(600);
        assertThat(plan.timeOf(0)).isEqualTo(0.0);
        assertThat(plan.timeOf(1)).isCloseTo(0.005, within(1e-9));
        assertThat(plan.timeOf(199)).isCloseTo(0.995, within(1e-9));
        assertThat(plan.timeOf(200)).isCloseTo(1.0, within(1e-9));
        assertThat(plan.timeOf(600)).isEqualTo(3.0);
    }

    @Test
    void aRampFollowsGatlingsPerSecondCountsWithTheFractionCarried() {
        // rampUsersPerSec(20).to(200).during(10): a = 9, second s gets 9 * (2s + 1) + 20 users
        InjectionPlan plan = new InjectionPlan(List.of(new Segment(20, 200, 10, Segment.Phase.WARMUP),
                Segment.hold(200, 5, Segment.Phase.MEASURE)));
        assertThat(plan.usersIn(0)).isEqualTo(29);
        assertThat(plan.usersIn(9)).isEqualTo(191);
        assertThat(plan.usersBefore(10)).isEqualTo(1100);
        assertThat(plan.warmupSeconds()).isEqualTo(10);
        assertThat(plan.measuredEvents()).isEqualTo(1000);
        // users of a second are spread over its milliseconds from its start
        assertThat(plan.timeOf(29)).isEqualTo(1.0);
        assertThat(plan.timeOf(1)).isCloseTo(0.034, within(1e-9));

        InjectionPlan fractional = new InjectionPlan(List.of(new Segment(1, 2.5, 3, Segment.Phase.MEASURE)));
        long total = 0;
        for (int s = 0; s < 3; s++) {
            total += fractional.usersIn(s);
        }
        assertThat(total).isEqualTo(5); // 1.25 + 1.75 + 2.25 = 5.25, fractions carried
    }

    @Test
    void intendedTimesNeverGoBackwards() {
        InjectionPlan plan = new InjectionPlan(List.of(new Segment(1, 5000, 7, Segment.Phase.WARMUP),
                Segment.hold(1234.5, 4, Segment.Phase.MEASURE), new Segment(3000, 10, 3, Segment.Phase.MEASURE)));
        double previous = -1;
        for (long n = 0; n < plan.usersBefore(plan.totalSeconds()); n++) {
            double t = plan.timeOf(n);
            assertThat(t).isGreaterThanOrEqualTo(previous);
            previous = t;
        }
    }

    @Test
    void aWorkloadBecomesAWarmupRampAndItsProfile() {
        Workload steady = new WorkloadLoader(EventTypeRegistry.standard()).load("steady");
        InjectionPlan plan = InjectionPlan.of(steady);
        assertThat(plan.warmupSeconds()).isEqualTo(20);
        assertThat(plan.measuredSeconds()).isEqualTo(120);
        assertThat(plan.segments()).startsWith(new Segment(50, 500, 10, Segment.Phase.WARMUP),
                Segment.hold(500, 10, Segment.Phase.WARMUP));
        assertThat(plan.measuredEvents()).isEqualTo(60_000);

        Workload spike = steady.with(new RateProfile.Spike(100, 1000, Duration.ofSeconds(10), Duration.ofSeconds(5)),
                Duration.ZERO, Duration.ofSeconds(30));
        assertThat(InjectionPlan.of(spike).segments()).containsExactly(
                Segment.hold(100, 10, Segment.Phase.MEASURE), Segment.hold(1000, 5, Segment.Phase.MEASURE),
                Segment.hold(100, 15, Segment.Phase.MEASURE));

        Workload ramp = steady.with(new RateProfile.Ramp(1000, 10_000, Duration.ofMinutes(3)), Duration.ZERO,
                Duration.ofMinutes(2));
        assertThat(InjectionPlan.of(ramp).segments()).containsExactly(
                new Segment(1000, 7000, 120, Segment.Phase.MEASURE));
    }

    @Test
    void warmupMustComeFirst() {
        assertThatThrownBy(() -> new InjectionPlan(List.of(Segment.hold(1, 1, Segment.Phase.MEASURE),
                Segment.hold(1, 1, Segment.Phase.WARMUP)))).hasMessageContaining("warm-up segments must come before");
    }
}
