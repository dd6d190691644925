package io.pipebench.gate.hdr;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class QuantilesTest {

    @Test
    void aHistogramInMicrosOrNanosGivesMillisecondsAndAnEmptyOneGivesNoFigure() {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            micros.recordValue(i * 10L); // 0.01 .. 10 ms
        }
        Quantiles q = Quantiles.of(micros);
        assertThat(q.count()).isEqualTo(1000);
        assertThat(q.p50()).isEqualTo(micros.getValueAtPercentile(50) / 1000.0).isBetween(4.99, 5.01);
        assertThat(q.p999()).isEqualTo(micros.getValueAtPercentile(99.9) / 1000.0);
        assertThat(q.max()).isEqualTo(micros.getMaxValue() / 1000.0);

        Histogram nanos = new Histogram(3);
        nanos.recordValue(2_500_000);
        assertThat(Quantiles.ofNanos(nanos).p95()).isEqualTo(nanos.getValueAtPercentile(95) / 1e6).isBetween(2.49, 2.51);

        Quantiles none = Quantiles.of(new Histogram(3));
        assertThat(none.empty()).isTrue();
        assertThat(none.p50()).isNaN();
        assertThat(none.max()).isNaN();
    }

    @Test
    void theMillisecondLineShowsTheSameFigures() {
        Histogram h = new Histogram(3);
        h.recordValue(1_500);
        assertThat(Percentiles.of("publish", h).toMillisLine())
                .isEqualTo(String.format(java.util.Locale.ROOT, "%-16s count=%-10d p50=%.3f p90=%.3f p95=%.3f "
                        + "p99=%.3f p99.9=%.3f max=%.3f ms", "publish", 1, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5));
    }
}
