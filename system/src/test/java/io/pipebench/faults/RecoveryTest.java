package io.pipebench.faults;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryTest {

    private static Recovery.Sample at(double seconds, long lag) {
        return new Recovery.Sample(seconds, OptionalLong.of(lag));
    }

    private static Recovery.Sample unmeasured(double seconds) {
        return new Recovery.Sample(seconds, OptionalLong.empty());
    }

    @Test
    void recoveryStartsAtTheSampleFromWhichTheLagStaysUnderTheThreshold() {
        List<Recovery.Sample> samples = List.of(at(5, 10), at(12, 300), at(14, 1200), at(17, 1500), at(19, 800),
                at(21, 20));

        Recovery.Result r = Recovery.of(samples, 10, 1000);

        // 12 s was under the threshold, but the backlog grew past it afterwards: recovered at 19 s, 9 s after the end.
        assertThat(r.seconds()).hasValue(9.0);
        assertThat(r.peakLag()).hasValue(1500);
    }

    @Test
    void aRunWhoseLastSampleIsOverTheThresholdHasNotRecovered() {
        Recovery.Result r = Recovery.of(List.of(at(11, 10), at(12, 5000)), 10, 1000);

        assertThat(r.recovered()).isFalse();
    }

    @Test
    void anUnmeasuredSampleIsNeverUnderTheThreshold() {
        Recovery.Result stillUnmeasured = Recovery.of(List.of(at(11, 10), unmeasured(12)), 10, 1000);
        Recovery.Result measuredAgain = Recovery.of(List.of(at(11, 10), unmeasured(12), at(14, 0)), 10, 1000);

        assertThat(stillUnmeasured.recovered()).isFalse();
        assertThat(measuredAgain.seconds()).hasValue(4.0);
    }

    @Test
    void noSampleAfterTheFaultIsNoRecovery() {
        assertThat(Recovery.of(List.of(at(1, 0), at(2, 0)), 10, 1000).recovered()).isFalse();
        assertThat(Recovery.of(List.of(), 10, 1000).peakLag()).isEmpty();
    }

    @Test
    void theWorstGroupIsUnmeasuredWhenAnyGroupIs() {
        assertThat(Recovery.worstGroup(List.of(OptionalLong.of(3), OptionalLong.of(7)))).hasValue(7);
        assertThat(Recovery.worstGroup(List.of(OptionalLong.of(3), OptionalLong.empty()))).isEmpty();
        assertThat(Recovery.worstGroup(List.of())).isEmpty();
    }
}
