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
                .isEqualTo("publish          p50 1.500  p90 1.500  p95 1.500  p99 1.500  p99.9 1.500  max 1.500 ms"
                        + "  (count 1)");
    }

    @Test
    void oneLineShowsEveryFigureInTheGivenFormatOrNoData() {
        Histogram h = new Histogram(3);
        h.recordValue(1_500);
        assertThat(Quantiles.of(h).line("%8.2f")).isEqualTo("p50     1.50  p90     1.50  p95     1.50  p99     1.50"
                + "  p99.9     1.50  max     1.50 ms  (count 1)");
        assertThat(Quantiles.of(new Histogram(3)).line("%.3f")).isEqualTo("no data");
    }
}
