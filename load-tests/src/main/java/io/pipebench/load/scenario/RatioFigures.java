package io.pipebench.load.scenario;

import io.pipebench.load.measure.StopRule;
import io.pipebench.load.measure.TimelineRow;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.Segment;
import io.pipebench.load.verdict.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What decides the injector ratio's figures, pure, so each rule can be tested with plain values: the send action's
 * rate ladder and when a step of it is sustained, where a round's climb stops, the ratios a round yields, their median
 * and spread over the rounds, and the verdict. Running the rounds, printing, files and the chart are
 * {@link InjectorRatio}'s.
 */
final class RatioFigures {

    /** The send action's ladder: from 10,000/s up by 10% a step, 5 s a step, judged on its last 4 s. */
    static final double LADDER_START = 10_000;
    static final double LADDER_FACTOR = 1.10;
    static final int LADDER_STEPS = 30;
    static final int STEP_SECONDS = 5;
    static final int JUDGED_SECONDS = 4;
    static final int WARMUP_SECONDS = 10;
    /** A step is sustained when this share of its intended records was sent and acknowledged, none failing. */
    static final double SUSTAINED_SHARE = 0.95;
    /** The median ratio to reach: the send action sustains at least 90% of ProducerPerformance's throughput. */
    static final double TARGET = 0.9;

    private RatioFigures() {
    }

    /** @param rawSaturated the raw-kafka driver, unpaced through the same harness: what the harness alone costs */
    record Round(int number, double ppThroughput, double ppWholeRecords, long ppRecords, double oursMax,
                 List<StepResult> steps, String oursStop, double oursSaturated, double rawSaturated) {
        double ratio() {
            return ppThroughput == 0 ? 0 : oursMax / ppThroughput;
        }

        double saturatedRatio() {
            return ppThroughput == 0 ? 0 : oursSaturated / ppThroughput;
        }

        /** The unpaced send action against ProducerPerformance sending records of the same whole size. */
        double sameBytesRatio() {
            return ppWholeRecords == 0 ? 0 : oursSaturated / ppWholeRecords;
        }

        double rawSaturatedRatio() {
            return ppThroughput == 0 ? 0 : rawSaturated / ppThroughput;
        }
    }

    record StepResult(double rate, double sentRate, double ackedRate, long failed, boolean sustained) {
    }

    /**
     * A round's climb up the ladder: the steps judged, up to and including the first not sustained; the highest
     * sustained rate (0 when none was); and why the climb ended.
     */
    record Climb(List<StepResult> steps, double best, String stop) {
    }

    /** A figure of every round, sorted, for its median and extremes. */
    record Spread(List<Double> sorted) {

        static <T> Spread of(List<T> rounds, ToDoubleFunction<? super T> figure) {
            return new Spread(rounds.stream().mapToDouble(figure).sorted().boxed().toList());
        }

        double median() {
            return RatioFigures.median(sorted.stream().mapToDouble(Double::doubleValue).toArray());
        }

        double min() {
            return sorted.get(0);
        }

        double max() {
            return sorted.get(sorted.size() - 1);
        }
    }

    /** The ladder's plan: a ramp to its first rung as warm-up, then every rung held, each measured. */
    static InjectionPlan ladderPlan() {
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment(LADDER_START / 10, LADDER_START, WARMUP_SECONDS, Segment.Phase.WARMUP));
        for (int i = 0; i < LADDER_STEPS; i++) {
            segments.add(Segment.hold(rung(i), STEP_SECONDS, Segment.Phase.MEASURE));
        }
        return new InjectionPlan(segments);
    }

    static double rung(int i) {
        return LADDER_START * Math.pow(LADDER_FACTOR, i);
    }

    /** Step i of the ladder from the timeline, once all its seconds are in; empty before. */
    static Optional<StepResult> step(List<TimelineRow> rows, int i) {
        int first = WARMUP_SECONDS + i * STEP_SECONDS + (STEP_SECONDS - JUDGED_SECONDS);
        int last = WARMUP_SECONDS + (i + 1) * STEP_SECONDS - 1;
        double intended = 0;
        long sent = 0;
        long acked = 0;
        long failed = 0;
        int seen = 0;
        for (TimelineRow row : rows) {
            if (row.second() >= first && row.second() <= last) {
                intended += row.intendedRate();
                sent += row.sent();
                acked += row.acked();
                failed += row.failed();
                seen++;
            }
        }
        if (seen < JUDGED_SECONDS) {
            return Optional.empty();
        }
        boolean ok = sent >= SUSTAINED_SHARE * intended && acked >= SUSTAINED_SHARE * intended && failed == 0;
        return Optional.of(new StepResult(rung(i), sent / (double) seen, acked / (double) seen, failed, ok));
    }

    /** Stops the injection as soon as a completed step was not sustained: higher steps cannot tell anything more. */
    static StopRule stopAtFirstUnsustained() {
        return rows -> {
            for (int i = 0; i < LADDER_STEPS; i++) {
                Optional<StepResult> s = step(rows, i);
                if (s.isEmpty()) {
                    return Optional.empty();
                }
                if (!s.get().sustained()) {
                    return Optional.of(String.format(Locale.ROOT, "the step at %.0f/s was not sustained", rung(i)));
                }
            }
            return Optional.empty();
        };
    }

    /** The climb a round's timeline shows: its steps in order until one was not sustained or the timeline ends. */
    static Climb climb(List<TimelineRow> rows) {
        List<StepResult> steps = new ArrayList<>();
        double best = 0;
        String stop = String.format(Locale.ROOT, "every step sustained, up to %.0f/s", rung(LADDER_STEPS - 1));
        for (int i = 0; i < LADDER_STEPS; i++) {
            Optional<StepResult> s = step(rows, i);
            if (s.isEmpty()) {
                break;
            }
            steps.add(s.get());
            if (!s.get().sustained()) {
                stop = String.format(Locale.ROOT, "%.0f/s was not sustained: %.0f/s sent, %.0f/s acknowledged, %d "
                        + "failed", s.get().rate(), s.get().sentRate(), s.get().ackedRate(), s.get().failed());
                break;
            }
            best = s.get().rate();
        }
        return new Climb(steps, best, stop);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The CPU a record cost the process, microseconds: CPU nanoseconds over the records sent in that time. */
    static double cpuMicrosPerRecord(long cpuNanos, double records) {
        return cpuNanos / 1000.0 / records;
    }

    /** The verdict on the rounds' median ratio: breached below {@link #TARGET}. */
    static Check check(double median, int rounds) {
        return new Check("injector.ratio.median", Check.Kind.THRESHOLD,
                !(median >= TARGET) ? Check.State.BREACHED : Check.State.OK, median, TARGET, "<", "ratio", // NaN fails
                "send action's max sustained rate / ProducerPerformance's unthrottled throughput, median of "
                        + rounds + " rounds");
    }
}
