package io.pipebench.load.measure;

import io.pipebench.alarms.MetricSample;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencySamplesTest {

    @Test
    void samplesAreProportionalToTheSecondsRecordsAndKeepItsPercentiles() {
        Histogram busy = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            busy.recordValue(i * 1000L); // 1 .. 1000 ms
        }
        Histogram quiet = new Histogram(3);
        for (int i = 0; i < 100; i++) {
            quiet.recordValue(5_000);
        }
        List<MetricSample> out = new ArrayList<>();
        LatencySamples sampler = new LatencySamples(10);
        sampler.addTo(out, busy, Instant.EPOCH);
        sampler.addTo(out, quiet, Instant.EPOCH.plusSeconds(1));

        assertThat(out).hasSize(100 + 10);
        assertThat(out).allMatch(s -> s.metric().equals("kafka.producer.latency"));
        double[] busyValues = out.subList(0, 100).stream().mapToDouble(MetricSample::value).sorted().toArray();
        assertThat(busyValues[94]).isCloseTo(950, within(10.0)); // the 95th of 100 stratified samples
        assertThat(out.subList(100, 110)).allSatisfy(s -> assertThat(s.value()).isCloseTo(5.0, within(0.01)));
    }

    @Test
    void anEmptySecondGivesNoSampleAndTheStrideFollowsThePeakRate() {
        List<MetricSample> out = new ArrayList<>();
        LatencySamples.forPeakRate(50_000, 200).addTo(out, new Histogram(3), Instant.EPOCH);
        assertThat(out).isEmpty();
        Histogram h = new Histogram(3);
        for (int i = 0; i < 50_000; i++) {
            h.recordValue(1000);
        }
        LatencySamples.forPeakRate(50_000, 200).addTo(out, h, Instant.EPOCH);
        assertThat(out).hasSize(200);
    }
}
