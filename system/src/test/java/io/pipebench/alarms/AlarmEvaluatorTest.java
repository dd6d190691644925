package io.pipebench.alarms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.pipebench.alarms.AlarmState.ALARM;
import static io.pipebench.alarms.AlarmState.INSUFFICIENT_DATA;
import static io.pipebench.alarms.AlarmState.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AlarmEvaluatorTest {

    // On a minute boundary, where CloudWatch evaluates alarms (every minute, sliding periods).
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final AlarmCatalog CATALOG = AlarmCatalog.standard();

    /**
     * The two example tables of the CloudWatch user guide ("How alarm state is evaluated when data is missing"):
     * N = 3, evaluation range 5, M = 3 and M = 2. Data points oldest first: 0 not breaching, X breaching, - missing.
     * "RETAIN" means the alarm keeps whatever state it had.
     */
    @ParameterizedTest(name = "M={1} [{0}] missing={2} ignore={3} breaching={4} notBreaching={5}")
    @CsvSource({
            "0 - X - X, 3, OK,                OK,     OK,    OK",
            "0 - - - -, 3, OK,                OK,     OK,    OK",
            "- - - - -, 3, INSUFFICIENT_DATA, RETAIN, ALARM, OK",
            "0 X X - X, 3, ALARM,             ALARM,  ALARM, ALARM",
            "- - X - -, 3, ALARM,             RETAIN, ALARM, OK",
            "0 - X - X, 2, ALARM,             ALARM,  ALARM, ALARM",
            "0 0 X 0 X, 2, ALARM,             ALARM,  ALARM, ALARM",
            "0 - X - -, 2, OK,                OK,     ALARM, OK",
            "- - - - 0, 2, OK,                OK,     ALARM, OK",
            "- - - X -, 2, ALARM,             RETAIN, ALARM, OK",
    })
    void reproducesTheUserGuideTables(String points, int m, String missing, String ignore, String breaching,
                                      String notBreaching) {
        List<Boolean> range = new ArrayList<>();
        for (String p : points.split(" ")) {
            range.add(p.equals("-") ? null : p.equals("X"));
        }
        assertThat(range).hasSize(3 + AlarmEvaluator.EXTRA_RANGE);
        assertDecision(range, m, TreatMissingData.MISSING, missing);
        assertDecision(range, m, TreatMissingData.IGNORE, ignore);
        assertDecision(range, m, TreatMissingData.BREACHING, breaching);
        assertDecision(range, m, TreatMissingData.NOT_BREACHING, notBreaching);
    }

    private static void assertDecision(List<Boolean> range, int m, TreatMissingData policy, String expected) {
        for (AlarmState current : AlarmState.values()) {
            AlarmState want = expected.equals("RETAIN") ? current : AlarmState.valueOf(expected);
            assertThat(AlarmEvaluator.decide(3, m, policy, range, current).state())
                    .as("%s, M=%d, %s, was %s", range, m, policy, current).isEqualTo(want);
        }
    }

    @Test
    void statisticsReduceAPeriodsObservations() {
        double[] v = {5, 1, 4, 2, 3};
        assertThat(Statistic.of("Sum").apply(v.clone())).isEqualTo(15);
        assertThat(Statistic.of("Average").apply(v.clone())).isEqualTo(3);
        assertThat(Statistic.of("Minimum").apply(v.clone())).isEqualTo(1);
        assertThat(Statistic.of("Maximum").apply(v.clone())).isEqualTo(5);
        assertThat(Statistic.of("SampleCount").apply(v.clone())).isEqualTo(5);
        double[] hundred = new double[100];
        Arrays.setAll(hundred, i -> i + 1); // 1..100
        assertThat(Statistic.of("p95").apply(hundred.clone())).isEqualTo(95);
        assertThat(Statistic.of("p99.5").apply(hundred.clone())).isEqualTo(100);
        assertThat(Statistic.of("p50").apply(hundred.clone())).isEqualTo(50);
        assertThat(Statistic.of("p0").apply(hundred.clone())).isEqualTo(1);
        assertThat(Statistic.of("p100").apply(hundred.clone())).isEqualTo(100);
    }

    // --- high-producer-latency: p95 > 1000 ms over 5 minutes

    @Test
    void producerLatencyAboveThresholdGoesToAlarmAtTheEndOfThatPeriod() {
        AlarmRule rule = CATALOG.rule("high-producer-latency").orElseThrow();
        List<MetricSample> s = new ArrayList<>();
        latencies(s, 0, 100, 100, 0);
        latencies(s, 1, 94, 100, 6, 1500); // p95 (nearest rank 95 of 100) is 1500
        latencies(s, 2, 100, 100, 0);
        AlarmHistory h = AlarmEvaluator.evaluate(rule, window(s, 3, 300));

        assertThat(h.transitions()).extracting(Transition::from, Transition::to)
                .containsExactly(tuple(INSUFFICIENT_DATA, OK), tuple(OK, ALARM), tuple(ALARM, OK));
        Transition alarm = h.firstAlarm().orElseThrow();
        assertThat(alarm.time()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        // The slow sends (at 9:32 to 9:47) stay in the sliding 5-minute period until the evaluation at 15:00.
        assertThat(h.transitions().get(2).time()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(alarm.reason()).contains("1500.0").contains("greater than the threshold (1000.0)");
        Verdict v = h.verdict();
        assertThat(v.alarmed()).isTrue();
        assertThat(v.passed()).isFalse();
        assertThat(v.state()).isEqualTo(OK);
        assertThat(v.observed().getAsDouble()).isEqualTo(1500.0);
        assertThat(v.threshold()).isEqualTo(1000.0);
    }

    @Test
    void producerLatencyP95ExactlyAtThresholdStaysOk() {
        AlarmRule rule = CATALOG.rule("high-producer-latency").orElseThrow();
        List<MetricSample> s = new ArrayList<>();
        latencies(s, 0, 94, 100, 6, 1000); // p95 = 1000, not > 1000
        latencies(s, 1, 95, 100, 5, 5000); // p95 = 100: five slow sends are within the 5% the alarm tolerates
        AlarmHistory h = AlarmEvaluator.evaluate(rule, window(s, 2, 300));
        assertThat(h.datapoints()).extracting(Datapoint::value).containsOnly(100.0, 1000.0);
        assertThat(h.transitions()).extracting(Transition::to).containsExactly(OK);
        assertThat(h.verdict().passed()).isTrue();
        assertThat(h.verdict().observed().getAsDouble()).isEqualTo(1000.0);
    }

    @Test
    void producerLatencyWithoutSendsIsNotBreaching() {
        AlarmRule rule = CATALOG.rule("high-producer-latency").orElseThrow();
        List<MetricSample> s = List.of(sample(1, 10, "kafka.messages.consumed", Map.of(), 1));
        AlarmHistory h = AlarmEvaluator.evaluate(rule, window(s, 3, 300));
        assertThat(h.datapoints()).isEmpty();
        assertThat(h.finalState()).isEqualTo(OK);
        assertThat(h.verdict().observed()).isEmpty();
    }

    // --- high-consumer-lag: Maximum of the group's summed lag > 1000 over 5 minutes, missing data ignored

    @Test
    void consumerLagAboveThresholdAlarmsAndJustBelowStaysOk() {
        AlarmRule rule = CATALOG.rule("high-consumer-lag").orElseThrow();
        AlarmHistory above = AlarmEvaluator.evaluate(rule, window(lag(new double[]{200, 1001, 300}), 3, 300));
        assertThat(above.firstAlarm().orElseThrow().time()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(above.worst().orElseThrow().value()).isEqualTo(1001.0);

        AlarmHistory below = AlarmEvaluator.evaluate(rule, window(lag(new double[]{200, 1000, 300}), 3, 300));
        assertThat(below.alarmed()).isFalse();
        assertThat(below.finalState()).isEqualTo(OK);
        assertThat(below.verdict().observed().getAsDouble()).isEqualTo(1000.0);
    }

    @Test
    void consumerLagOnlyCountsTheSummedLagNotTheWorstPartitionSeries() {
        AlarmRule rule = CATALOG.rule("high-consumer-lag").orElseThrow();
        List<MetricSample> s = new ArrayList<>();
        for (int sec = 0; sec < 300; sec += 10) {
            s.add(sample(0, sec, "kafka.consumer.lag", Map.of("group", "g", "statistic", "sum"), 900));
            s.add(sample(0, sec, "kafka.consumer.lag", Map.of("group", "other", "statistic", "max"), 5000));
        }
        AlarmHistory h = AlarmEvaluator.evaluate(rule, window(s, 1, 300));
        assertThat(h.alarmed()).isFalse();
        assertThat(h.datapoints()).extracting(Datapoint::value).containsOnly(900.0);
    }

    @Test
    void aRebalanceGapKeepsTheLagAlarmInItsStateUnderIgnoreButNotUnderMissing() {
        AlarmRule rule = CATALOG.rule("high-consumer-lag").orElseThrow();
        // Periods 2..5 have no lag samples at all (the group rebalances for 20 minutes), then lag is low again.
        double nan = Double.NaN;
        MetricTimeline t = window(lag(new double[]{200, 5000, nan, nan, nan, nan, 100}), 7, 300);

        AlarmHistory ignore = AlarmEvaluator.evaluate(rule, t);
        assertThat(ignore.transitions()).extracting(Transition::to).containsExactly(OK, ALARM, OK);
        // Held through the gap; cleared at the first evaluation whose newest period holds the low lag again.
        assertThat(ignore.transitions().get(2).time()).isEqualTo(T0.plus(Duration.ofMinutes(31)));

        AlarmHistory missing = AlarmEvaluator.evaluate(rule.withTreatMissingData(TreatMissingData.MISSING), t);
        assertThat(missing.transitions()).extracting(Transition::to).containsExactly(OK, ALARM, INSUFFICIENT_DATA, OK);
        // The breaching datapoint of period 1 is used until it leaves the 3-period evaluation range.
        assertThat(missing.transitions().get(2).time()).isEqualTo(T0.plus(Duration.ofMinutes(25)));
        assertThat(missing.transitions().get(2).reason()).contains("No datapoints in the last 3 periods");
    }

    // --- message-processing-failures: Sum > 10 in 5 minutes, no data = no failures

    @Test
    void elevenFailuresInFiveMinutesAlarmTenDoNot() {
        AlarmRule rule = CATALOG.rule("message-processing-failures").orElseThrow();
        AlarmHistory eleven = AlarmEvaluator.evaluate(rule, window(counter("kafka.consumer.process.failure",
                Map.of(), new int[]{0, 11, 0, 0, 0}), 5, 300));
        assertThat(eleven.firstAlarm().orElseThrow().time()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(eleven.firstAlarm().get().reason()).contains("11.0");
        // The sliding period one minute later holds 8 of them: OK. Then, as the user guide warns ("alarms may
        // repeatedly re-evaluate the last set of data points ... after the metric has stopped flowing"), whenever the
        // newest periods are empty the newest real datapoint of the evaluation range (N + 2 = 3 periods back) is the
        // 11 of minutes 5-10 again, until it leaves the range: the alarm re-fires at 15 and 20 minutes.
        assertThat(eleven.transitions()).extracting(Transition::to)
                .containsExactly(OK, ALARM, OK, ALARM, OK, ALARM, OK);
        assertThat(eleven.transitions()).extracting(t -> Duration.between(T0, t.time()).toSeconds())
                .containsExactly(60L, 600L, 660L, 900L, 960L, 1200L, 1260L);

        AlarmHistory ten = AlarmEvaluator.evaluate(rule, window(counter("kafka.consumer.process.failure",
                Map.of(), new int[]{0, 10, 0}), 3, 300));
        assertThat(ten.alarmed()).isFalse();
        assertThat(ten.verdict().observed().getAsDouble()).isEqualTo(10.0);
    }

    @Test
    void noFailureSamplesAtAllIsOkNotInsufficientData() {
        AlarmRule rule = CATALOG.rule("message-processing-failures").orElseThrow();
        MetricTimeline quiet = window(counter("kafka.consumer.process.success", Map.of(), new int[]{50, 50, 50}), 3, 300);
        assertThat(AlarmEvaluator.evaluate(rule, quiet).finalState()).isEqualTo(OK);
        assertThat(AlarmEvaluator.evaluate(rule.withTreatMissingData(TreatMissingData.MISSING), quiet).finalState())
                .isEqualTo(INSUFFICIENT_DATA);
        assertThat(AlarmEvaluator.evaluate(rule.withTreatMissingData(TreatMissingData.BREACHING), quiet).finalState())
                .isEqualTo(ALARM);
    }

    // --- dead-letters-dropped: Sum > 0 in a minute, summed over the groups, no data = none dropped

    @Test
    void oneDroppedDeadLetterOfAnyGroupAlarmsWithinItsMinute() {
        AlarmRule rule = CATALOG.rule("dead-letters-dropped").orElseThrow();
        // The meter as GroupMember registers it: one series per group (GroupMemberRetryTest drops one for real).
        AlarmHistory one = AlarmEvaluator.evaluate(rule, window(counter("pipebench.deadletter.dropped",
                Map.of("group", "audit"), new int[]{0, 0, 1, 0, 0}, 60), 5, 60));
        assertThat(one.firstAlarm().orElseThrow().time()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(one.verdict().observed().getAsDouble()).isEqualTo(1.0);
        MetricTimeline none = window(counter("pipebench.deadletter.dropped", Map.of("group", "audit"),
                new int[]{0, 0, 0}, 60), 3, 60);
        assertThat(AlarmEvaluator.evaluate(rule, none).alarmed()).isFalse();
        assertThat(AlarmEvaluator.evaluate(rule, none).finalState()).isEqualTo(OK);
    }

    @Test
    void twoOutOfThreeAlarmsOnNonConsecutiveBreachesAcrossAQuietPeriod() {
        AlarmRule rule = CATALOG.rule("message-processing-failures").orElseThrow().withEvaluation(3, 2);
        // 11 failures, a period without any failure sample, 12 failures: 2 of the last 3 datapoints breach.
        MetricTimeline t = window(counter("kafka.consumer.process.failure", Map.of(), new int[]{11, 0, 12}), 3, 300);
        AlarmHistory h = AlarmEvaluator.evaluate(rule, t);
        assertThat(h.transitions()).extracting(Transition::to).containsExactly(OK, ALARM);
        assertThat(h.firstAlarm().orElseThrow().time()).isEqualTo(T0.plus(Duration.ofMinutes(15)));

        AlarmHistory threeOfThree = AlarmEvaluator.evaluate(rule.withEvaluation(3, 3), t);
        assertThat(threeOfThree.alarmed()).isFalse();

        // Breaches two periods apart: never 2 within any 3 consecutive periods.
        MetricTimeline apart = window(counter("kafka.consumer.process.failure", Map.of(), new int[]{11, 1, 1, 11}),
                4, 300);
        assertThat(AlarmEvaluator.evaluate(rule, apart).alarmed()).isFalse();
    }

    // --- dead-letter-queue-growth: Sum of records produced to dead-letter-queue > 5 in 10 minutes

    @Test
    void sixDeadLettersInTenMinutesAlarmFiveDoNotAndOtherTopicsDoNotCount() {
        AlarmRule rule = CATALOG.rule("dead-letter-queue-growth").orElseThrow();
        List<MetricSample> six = counter("kafka.messages.produced", Map.of("topic", "dead-letter-queue"),
                new int[]{6, 0}, 600);
        six.addAll(counter("kafka.messages.produced", Map.of("topic", "order-events"), new int[]{1000, 1000}, 600));
        AlarmHistory h = AlarmEvaluator.evaluate(rule, window(six, 2, 600));
        // The evaluation at the end of minute 9 reads minutes 0 to 9 (the tenth lies before the timeline): all six.
        assertThat(h.firstAlarm().orElseThrow().time()).isEqualTo(T0.plus(Duration.ofMinutes(9)));
        assertThat(h.firstAlarm().get().reason()).contains("partial period");
        assertThat(h.worst().orElseThrow().value()).isEqualTo(6.0);

        List<MetricSample> five = counter("kafka.messages.produced", Map.of("topic", "dead-letter-queue"),
                new int[]{5, 5}, 600);
        five.addAll(counter("kafka.messages.produced", Map.of("topic", "order-events"), new int[]{1000, 1000}, 600));
        AlarmHistory ok = AlarmEvaluator.evaluate(rule, window(five, 2, 600));
        assertThat(ok.alarmed()).isFalse();
        assertThat(ok.finalState()).isEqualTo(OK);
    }

    @Test
    void aBurstStraddlingAPeriodMarkIsSeenWholeByTheSlidingPeriod() {
        AlarmRule rule = CATALOG.rule("dead-letter-queue-growth").orElseThrow();
        // 8 dead letters within 2 minutes, straddling the 10-minute mark: clock-aligned periods would see 4 + 4 and
        // never more than 5; CloudWatch's default sliding window evaluates every minute and sees all 8.
        List<MetricSample> s = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            s.add(sample(0, 540 + i * 10, "kafka.messages.produced", Map.of("topic", "dead-letter-queue"), 1));
            s.add(sample(0, 600 + i * 10, "kafka.messages.produced", Map.of("topic", "dead-letter-queue"), 1));
        }
        AlarmHistory h = AlarmEvaluator.evaluate(rule, window(s, 2, 600));
        assertThat(h.worst().orElseThrow().value()).isEqualTo(8.0);
        assertThat(h.firstAlarm().orElseThrow().time()).isEqualTo(T0.plus(Duration.ofMinutes(11)));
        assertThat(h.firstAlarm().get().reason()).contains("8.0");
    }

    @Test
    void theLastPartialPeriodIsEvaluatedAtTheTimelineEnd() {
        AlarmRule rule = CATALOG.rule("high-consumer-lag").orElseThrow();
        List<MetricSample> s = new ArrayList<>();
        for (int sec = 0; sec <= 90; sec += 10) {
            s.add(sample(0, sec, "kafka.consumer.lag", Map.of("group", "g", "statistic", "sum"), sec * 20));
        }
        AlarmHistory h = AlarmEvaluator.evaluate(rule, MetricTimeline.of(s));
        // Evaluated at 1:00 (lag up to 1000, not above), at 1:30 (the timeline's end) and at 2:00, closing the minute
        // the timeline ends in.
        assertThat(h.datapoints()).hasSize(3).allMatch(Datapoint::partial);
        assertThat(h.datapoints().get(1).end()).isEqualTo(T0.plusSeconds(90));
        assertThat(h.datapoints().get(1).coveredSeconds()).isEqualTo(90);
        assertThat(h.datapoints().get(2).end()).isEqualTo(T0.plusSeconds(90));
        assertThat(h.transitions()).extracting(Transition::to).containsExactly(OK, ALARM);
        assertThat(h.transitions().get(1).time()).isEqualTo(T0.plusSeconds(90));
        assertThat(h.transitions().get(1).reason()).contains("Judged on a partial period")
                .contains("covers only 90 s of the 300 s period");
        assertThat(h.verdict().observed().getAsDouble()).isCloseTo(1800.0, within(1e-9));
    }

    /**
     * A 300 s timeline starting 30 s past a minute: no minute-boundary evaluation reads more than 270 s of it, so 11
     * failures spread evenly over it never made one period's Sum exceed 10. The evaluation at the end reads them all.
     */
    @Test
    void aTimelineOfOnePeriodStartingMidMinuteIsJudgedOnTheWholePeriod() {
        AlarmRule rule = CATALOG.rule("message-processing-failures").orElseThrow();
        Instant start = T0.plusSeconds(30);
        List<MetricSample> s = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            s.add(new MetricSample(start.plusSeconds(i * 300L / 11), "kafka.consumer.process.failure", Map.of(), 1));
        }
        AlarmHistory h = AlarmEvaluator.evaluate(rule, MetricTimeline.of(s, start, start.plusSeconds(300)));
        assertThat(h.alarmed()).isTrue();
        assertThat(h.firstAlarm().orElseThrow().time()).isEqualTo(start.plusSeconds(300));
        assertThat(h.worst().orElseThrow()).satisfies(d -> {
            assertThat(d.value()).isEqualTo(11.0);
            assertThat(d.partial()).isFalse();
            assertThat(d.coveredSeconds()).isEqualTo(300);
        });
    }

    /** A NaN latency made the period's Maximum NaN, and NaN > 1000 is false: the breach was hidden. */
    @Test
    void aSampleThatIsNotAFiniteNumberIsRefused() {
        assertThatThrownBy(() -> MetricSample.of(T0, "kafka.producer.latency", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka.producer.latency").hasMessageContaining("NaN")
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> sample(0, 1, "kafka.consumer.lag", Map.of("group", "g"), Double.POSITIVE_INFINITY))
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> MetricTimeline.parseLine("{\"time\":\"2025-01-01T00:00:01Z\",\"metric\":\"m\","
                + "\"value\":1e999}", "t.jsonl:3")).hasMessageStartingWith("t.jsonl:3: ");
    }

    @Test
    void evaluatesEveryEnabledRuleOfTheCatalog() {
        List<AlarmHistory> all = AlarmEvaluator.evaluate(CATALOG, window(lag(new double[]{2000}), 1, 300));
        assertThat(all).extracting(h -> h.rule().name()).containsExactly("high-producer-latency", "high-consumer-lag",
                "message-processing-failures", "dead-letter-queue-growth", "dead-letters-dropped");
        assertThat(all).extracting(h -> h.verdict().alarmed()).containsExactly(false, true, false, false, false);
    }

    @Test
    void timelineRoundTripsThroughJsonLines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        List<MetricSample> s = lag(new double[]{1, 2});
        s.add(sample(0, 1, "kafka.producer.latency", Map.of(), 12.5));
        MetricTimeline t = MetricTimeline.of(s);
        java.nio.file.Path file = dir.resolve("t.jsonl");
        t.write(file);
        MetricTimeline back = MetricTimeline.read(file);
        assertThat(back.samples()).containsExactlyElementsOf(t.samples());
        assertThat(back.start()).isEqualTo(t.start());
        assertThat(back.end()).isEqualTo(t.end());
    }

    // --- helpers

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    private static MetricSample sample(int period, int second, String metric, Map<String, String> dims, double value) {
        return new MetricSample(T0.plusSeconds(period * 300L + second), metric, dims, value);
    }

    /** Latency observations spread over a 5-minute period: {@code n1} of {@code v1}, then {@code n2} of {@code v2}. */
    private static void latencies(List<MetricSample> out, int period, int n1, double v1, int n2, double... v2) {
        int total = n1 + n2;
        for (int i = 0; i < total; i++) {
            double v = i < n1 ? v1 : v2[0];
            out.add(sample(period, i * 290 / total, "kafka.producer.latency", Map.of("topic", "order-events"), v));
        }
    }

    /** Group lag sampled every 10 s, one value per 5-minute period; NaN: no samples (rebalancing). */
    private static List<MetricSample> lag(double[] perPeriod) {
        List<MetricSample> out = new ArrayList<>();
        for (int p = 0; p < perPeriod.length; p++) {
            if (Double.isNaN(perPeriod[p])) {
                continue;
            }
            for (int sec = 0; sec < 300; sec += 10) {
                out.add(sample(p, sec, "kafka.consumer.lag", Map.of("group", "orders", "statistic", "sum"),
                        perPeriod[p] * (sec + 10) / 300.0)); // rising to the period's peak
            }
        }
        return out;
    }

    private static List<MetricSample> counter(String metric, Map<String, String> dims, int[] perPeriod) {
        return counter(metric, dims, perPeriod, 300);
    }

    /** Counter increments of 1, spread over each period. */
    private static List<MetricSample> counter(String metric, Map<String, String> dims, int[] perPeriod, int period) {
        List<MetricSample> out = new ArrayList<>();
        for (int p = 0; p < perPeriod.length; p++) {
            for (int i = 0; i < perPeriod[p]; i++) {
                out.add(new MetricSample(T0.plusSeconds((long) p * period + (long) i * (period - 1) / perPeriod[p]),
                        metric, dims, 1));
            }
        }
        return out;
    }

    /** A timeline of {@code periods} whole periods from T0. */
    private static MetricTimeline window(List<MetricSample> samples, int periods, int period) {
        return MetricTimeline.of(samples, T0, T0.plusSeconds((long) periods * period));
    }
}
