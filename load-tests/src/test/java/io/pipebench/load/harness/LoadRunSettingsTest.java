package io.pipebench.load.harness;

import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.measure.StopRule;
import io.pipebench.load.measure.TimedAction;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.Segment;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's settings are named where they are set; unnamed ones are off. */
class LoadRunSettingsTest {

    private static final Workload SMOKE = new WorkloadLoader(EventTypeRegistry.standard()).load("smoke");
    private static final InjectionPlan PLAN = new InjectionPlan(List.of(Segment.hold(100, 2, Segment.Phase.MEASURE)));

    @Test
    void aPlainRunReadsNothingBackWritesNothingAndWaitsForNoLag() {
        LoadRun.Settings s = LoadRun.Settings.builder("plain", SMOKE, PLAN).build();
        assertThat(s.label()).isEqualTo("plain");
        assertThat(s.workload()).isSameAs(SMOKE);
        assertThat(s.plan()).isSameAs(PLAN);
        assertThat(s.dir()).isNull();
        assertThat(s.tracked()).isFalse();
        assertThat(s.reports()).isFalse();
        assertThat(s.stopRules()).isEmpty();
        assertThat(s.actions()).isEmpty();
        assertThat(s.drainLag()).isFalse();
        assertThat(s.drainTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.closedUsers()).isZero();
    }

    @Test
    void eachNamedSettingSetsItsOwnField() {
        StopRule never = rows -> Optional.empty();
        TimedAction nothing = new TimedAction(1, "nothing", () -> { });
        LoadRun.Settings s = LoadRun.Settings.builder("all", SMOKE, PLAN).folder(Path.of("run")).readBack()
                .gatlingReport().stopRules(List.of(never)).actions(List.of(nothing)).drainLag()
                .drainTimeout(Duration.ofSeconds(90)).closedUsers(20).build();
        assertThat(s.dir()).isEqualTo(Path.of("run"));
        assertThat(s.tracked()).isTrue();
        assertThat(s.reports()).isTrue();
        assertThat(s.stopRules()).containsExactly(never);
        assertThat(s.actions()).containsExactly(nothing);
        assertThat(s.drainLag()).isTrue();
        assertThat(s.drainTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.closedUsers()).isEqualTo(20);
        assertThat(LoadRun.Settings.builder("tracked", SMOKE, PLAN).readBack().build().reports()).isFalse();
    }
}
