package io.pipebench.load.scenario;

import io.pipebench.load.scenario.PublisherFigures.Count;
import io.pipebench.load.scenario.PublisherFigures.Pair;
import io.pipebench.load.scenario.RatioFigures.Spread;
import io.pipebench.load.verdict.Check;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The publisher-alone figures on plain values: no cluster, no run. */
class PublisherFiguresTest {

    @Test
    void theRateIsTheAcknowledgementsInTheWindowOverItsLength() {
        Count c = new Count(1_500_000, 1_350_000, 1_499_000, 30, 0, 0, null);
        assertThat(c.failure()).isEmpty();
        assertThat(c.rate()).isEqualTo(45_000.0);
    }

    @Test
    void theRatioIsThePublishersRateOverProducerPerformancesWithTheSameBytes() {
        Pair p = new Pair(1, false, 50_000, ok(45_000));
        assertThat(p.rate()).isEqualTo(45_000.0);
        assertThat(p.ratio()).isCloseTo(0.9, within(1e-12));
        assertThat(new Pair(1, false, 0, ok(45_000)).ratio()).as("no yardstick: no ratio").isZero();
        assertThat(new Pair(1, false, Double.NaN, ok(45_000)).ratio()).as("a NaN yardstick: no ratio").isZero();
        assertThat(new Pair(1, false, Double.POSITIVE_INFINITY, ok(45_000)).ratio()).isZero();
        assertThat(PublisherFigures.check(List.of(new Pair(1, false, Double.NaN, ok(45_000)))).state())
                .as("a round without a yardstick fails the check, never passes it as NaN")
                .isEqualTo(Check.State.BREACHED);
    }

    @Test
    void aFailedUnfinishedOrEmptyCountFailsClosedAsZero() {
        Count failed = new Count(1_000, 900, 900, 30, 3, 0, "org.example.TimeoutException: expired");
        assertThat(failed.failure()).contains("3 send(s) failed, the first: org.example.TimeoutException: expired");
        assertThat(failed.rate()).isZero();
        assertThat(new Pair(1, true, 50_000, failed).ratio()).isZero();

        Count unfinished = new Count(1_000, 900, 900, 30, 0, 100, null);
        assertThat(unfinished.failure()).contains("100 send(s) neither acknowledged nor failed after the drain");
        assertThat(unfinished.rate()).isZero();

        Count none = new Count(0, 0, 0, 30, 0, 0, null);
        assertThat(none.failure()).contains("nothing was acknowledged in the measured window");
        assertThat(none.rate()).isZero();
    }

    @Test
    void theOrderAlternatesProducerPerformanceFirstInOddRounds() {
        assertThat(PublisherFigures.publisherFirst(1)).isFalse();
        assertThat(PublisherFigures.publisherFirst(2)).isTrue();
        assertThat(PublisherFigures.publisherFirst(3)).isFalse();
        assertThat(PublisherFigures.publisherFirst(4)).isTrue();
    }

    @Test
    void theMedianAndSpreadAreOverTheRoundsRatios() {
        List<Pair> pairs = List.of(new Pair(1, false, 50_000, ok(40_000)), new Pair(2, true, 40_000, ok(40_000)),
                new Pair(3, false, 50_000, ok(45_000)), new Pair(4, true, 50_000, ok(37_000)));
        Spread s = Spread.of(pairs, Pair::ratio);
        assertThat(s.sorted()).containsExactly(0.74, 0.8, 0.9, 1.0);
        assertThat(s.median()).isCloseTo(0.85, within(1e-12));
        assertThat(s.min()).isEqualTo(0.74);
        assertThat(s.max()).isEqualTo(1.0);
    }

    @Test
    void theCheckBreachesBelowTheTargetOrOnAnyFailedRound() {
        Check pass = PublisherFigures.check(List.of(new Pair(1, false, 50_000, ok(46_000)),
                new Pair(2, true, 50_000, ok(45_000)), new Pair(3, false, 50_000, ok(40_000))));
        assertThat(pass.state()).isEqualTo(Check.State.OK);
        assertThat(pass.observed()).isCloseTo(0.9, within(1e-12));
        assertThat(pass.name()).isEqualTo("publisher.sameBytesRatio.median");

        Check low = PublisherFigures.check(List.of(new Pair(1, false, 50_000, ok(44_000)),
                new Pair(2, true, 50_000, ok(44_900))));
        assertThat(low.state()).isEqualTo(Check.State.BREACHED);

        // Two good rounds outvote a failed one in the median, but never in the check.
        Count failed = new Count(10, 0, 0, 30, 1, 0, "java.lang.IllegalStateException: broken");
        Check closed = PublisherFigures.check(List.of(new Pair(1, false, 50_000, ok(50_000)),
                new Pair(2, true, 50_000, failed), new Pair(3, false, 50_000, ok(50_000))));
        assertThat(closed.observed()).isEqualTo(1.0);
        assertThat(closed.state()).isEqualTo(Check.State.BREACHED);
        assertThat(closed.detail()).contains("failed closed: round 2: 1 send(s) failed, the first: "
                + "java.lang.IllegalStateException: broken");
    }

    private static Count ok(double rate) {
        return new Count((long) (rate * 45), (long) (rate * 30), (long) (rate * 45), 30, 0, 0, null);
    }
}
