package io.pipebench.load.measure;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StageCpuRatiosTest {

    @Test
    void eachGroupAgainstTheMeanOfTheOthersAndThePublisherAgainstTheGroups() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("publish", 30.0);
        cpu.put("a", 20.0);
        cpu.put("b", 10.0);
        cpu.put("c", 30.0);
        Map<String, Double> r = StageCpuRatios.of(cpu);
        assertThat(r).containsOnlyKeys("publish", "a", "b", "c");
        assertThat(r.get("publish")).isCloseTo(1.5, within(1e-12));   // 30 / mean(20, 10, 30)
        assertThat(r.get("a")).isCloseTo(1.0, within(1e-12));         // 20 / mean(10, 30)
        assertThat(r.get("b")).isCloseTo(0.4, within(1e-12));         // 10 / mean(20, 30)
        assertThat(r.get("c")).isCloseTo(2.0, within(1e-12));         // 30 / mean(20, 10)
    }

    @Test
    void aMachineThatSlowsEveryStageAlikeLeavesTheRatiosWhereTheyWere() {
        Map<String, Double> clean = Map.of("publish", 12.0, "a", 40.0, "b", 8.0, "c", 16.0);
        Map<String, Double> slowHost = Map.of("publish", 15.0, "a", 50.0, "b", 10.0, "c", 20.0);    // all x1.25
        Map<String, Double> slowA = Map.of("publish", 12.0, "a", 50.0, "b", 8.0, "c", 16.0);        // a x1.25
        assertThat(StageCpuRatios.of(slowHost).get("a")).isCloseTo(StageCpuRatios.of(clean).get("a"), within(1e-12));
        assertThat(StageCpuRatios.of(slowA).get("a") / StageCpuRatios.of(clean).get("a")).isCloseTo(1.25,
                within(1e-12));
        assertThat(StageCpuRatios.of(slowA).get("b")).isLessThan(StageCpuRatios.of(clean).get("b"));
    }

    @Test
    void aStageWithoutPeersGetsNoRatio() {
        assertThat(StageCpuRatios.of(Map.of("publish", 12.0))).isEmpty();
        assertThat(StageCpuRatios.of(Map.of("publish", 12.0, "a", 4.0))).containsOnlyKeys("publish");
        assertThat(StageCpuRatios.of(Map.of("a", 4.0, "b", 0.0))).containsOnlyKeys("b");   // a's peers' mean is 0
        assertThat(StageCpuRatios.of(Map.of("a", 4.0, "b", Double.NaN))).isEmpty();
    }
}
