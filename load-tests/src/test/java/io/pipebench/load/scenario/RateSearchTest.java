package io.pipebench.load.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateSearchTest {

    private static RateSearch search(int maxSteps) {
        return new RateSearch(100, 2, 0.10, maxSteps, Duration.ofMinutes(90));
    }

    /** Runs the machine against a system whose outcome per step is given; returns the steps asked for. */
    private static List<RateSearch.Run> drive(RateSearch s, DoublePredicate passesSearch, DoublePredicate passesConfirm) {
        List<RateSearch.Run> runs = new ArrayList<>();
        for (RateSearch.Next n; (n = s.next(true)) instanceof RateSearch.Run r; ) {
            runs.add(r);
            s.record(r.confirmation() == 0 ? passesSearch.test(r.rate()) : passesConfirm.test(r.rate()));
        }
        return runs;
    }

    @Test
    void itClimbsBisectsToThePrecisionThenConfirmsTheBestRateTwice() {
        RateSearch s = search(20);
        List<RateSearch.Run> runs = drive(s, rate -> rate <= 650, rate -> true);
        assertThat(runs).extracting(RateSearch.Run::rate)
                .containsExactly(100.0, 200.0, 400.0, 800.0, 600.0, 700.0, 650.0, 650.0, 650.0);
        assertThat(runs).extracting(RateSearch.Run::confirmation).containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 2);
        assertThat(runs.get(4).from()).isEqualTo(400.0); // ramps from the last good rate
        assertThat(runs.get(0).from()).isEqualTo(10.0);
        assertThat(runs.get(7).from()).isEqualTo(325.0);
        assertThat(s.reason()).isEqualTo("converged: 650 events/s held every check and 700 events/s did not, within "
                + "10% of each other");
        assertThat(s.heldRate()).isEqualTo(650.0);
        assertThat(s.holds()).containsExactly(6, 7, 8);
        assertThat(s.why()).isEqualTo("650 events/s held in 3 of 3 holds");
    }

    @Test
    void aFailedConfirmationFallsBackToTheNextLowerPassingRate() {
        RateSearch s = search(20);
        List<RateSearch.Run> runs = drive(s, rate -> rate <= 650, rate -> rate <= 600);
        assertThat(runs.subList(7, runs.size())).extracting(RateSearch.Run::rate).containsExactly(650.0, 600.0, 600.0);
        assertThat(s.heldRate()).isEqualTo(600.0);
        assertThat(s.holds()).containsExactly(4, 8, 9);
        assertThat(s.good()).isEqualTo(650.0);
    }

    @Test
    void whenNothingPassesItHalvesDownToOneEventPerSecondAndHoldsNothing() {
        RateSearch s = search(20);
        List<RateSearch.Run> runs = drive(s, rate -> false, rate -> true);
        assertThat(runs).extracting(RateSearch.Run::rate).containsExactly(100.0, 50.0, 25.0, 12.5, 6.25, 3.125, 1.5625);
        assertThat(s.reason()).isEqualTo("no rate of at least 1 event/s held every check");
        assertThat(s.heldRate()).isZero();
        assertThat(s.holds()).isEmpty();
        assertThat(s.why()).isEqualTo("no step held");
        assertThatThrownBy(() -> s.record(true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theStepLimitEndsTheSearchButNotItsConfirmations() {
        RateSearch s = search(2);
        List<RateSearch.Run> runs = drive(s, rate -> true, rate -> true);
        assertThat(runs).extracting(RateSearch.Run::rate).containsExactly(100.0, 200.0, 200.0, 200.0);
        assertThat(s.reason()).isEqualTo("reached the step limit of 2 steps (-DmaxSteps / --max-steps) with the answer between 200 "
                + "and (none failed yet) events/s");
        assertThat(s.heldRate()).isEqualTo(200.0);
    }

    @Test
    void theTimeLimitEndsTheSearchButNotItsConfirmations() {
        RateSearch s = search(20);
        assertThat(s.next(true)).isEqualTo(new RateSearch.Run(100, 10, 0));
        s.record(true);
        assertThat(s.next(false)).isEqualTo(new RateSearch.Run(100, 50, 1));
        assertThat(s.reason()).isEqualTo("the next step would pass the time limit of 90 min (-DmaxTime / --max-time) "
                + "with the answer between 100 and (none failed yet) events/s");
        s.record(true);
        assertThat(s.next(false)).isEqualTo(new RateSearch.Run(100, 50, 2));
        s.record(true);
        assertThat(s.next(false)).isInstanceOf(RateSearch.Done.class);
        assertThat(s.heldRate()).isEqualTo(100.0);
    }

    @Test
    void theStepLimitBoundsTheConfirmationsAndAnUnconfirmedRateIsNotHeld() {
        RateSearch s = search(1);
        assertThat(s.next(true)).isEqualTo(new RateSearch.Run(100, 10, 0));
        s.record(true);
        assertThat(s.next(true)).isEqualTo(new RateSearch.Run(100, 50, 1));
        s.record(false); // the only passing rate fails its confirmation: nothing lower to confirm
        for (RateSearch.Next n; (n = s.next(true)) instanceof RateSearch.Run; ) {
            s.record(false);
        }
        assertThat(s.heldRate()).isZero();
    }

    @Test
    void theLadderClimbsThenHalvesThenBisects() {
        assertThat(RateSearch.ladder(400, 400, Double.POSITIVE_INFINITY, 1.5, 0.1).rate()).isEqualTo(600.0);
        assertThat(RateSearch.ladder(100, 0, 100, 1.5, 0.1).rate()).isEqualTo(50.0);
        assertThat(RateSearch.ladder(800, 400, 800, 1.5, 0.1).rate()).isEqualTo(600.0);
        assertThat(RateSearch.ladder(650, 650, 700, 1.5, 0.1).stop()).startsWith("converged");
        assertThat(RateSearch.ladder(1.5, 0, 1.5, 1.5, 0.1).stop()).startsWith("no rate of at least 1 event/s");
    }

    @Test
    void badSettingsNameTheOptionToChange() {
        assertThatThrownBy(() -> new RateSearch(100, 1, 0.1, 5, Duration.ofMinutes(1)))
                .hasMessage("-DstepFactor / --step-factor: '1.0' is not valid; use a factor > 1, e.g. 1.5");
        assertThatThrownBy(() -> new RateSearch(100, 2, 1, 5, Duration.ofMinutes(1)))
                .hasMessage("-Dprecision / --precision: '1.0' is not valid; use a fraction between 0 and 1, e.g. 0.10");
        assertThatThrownBy(() -> new RateSearch(100, 2, 0.1, 0, Duration.ofMinutes(1)))
                .hasMessage("-DmaxSteps / --max-steps: '0' is not valid; use a number of steps >= 1");
    }
}
