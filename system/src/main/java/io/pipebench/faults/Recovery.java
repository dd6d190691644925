package io.pipebench.faults;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Time to recover after a fault: from the moment the fault ends to the sample from which every later sample has the
 * lag at or under the alarm threshold (every group's summed lag, as high-consumer-lag judges it). A backlog that
 * builds after the fault ended (a consumer still in its retry backoff) delays recovery; a first good sample does not
 * end it. A sample in which some group's lag could not be measured (cluster unavailable, group not found) is not
 * under the threshold: missing data never counts as recovered, and a run whose last sample is not under the threshold
 * has not recovered.
 */
public final class Recovery {

    /**
     * One lag sample of the run.
     *
     * @param seconds since the run started
     * @param lag     the largest summed lag over the groups, empty when some group's lag could not be measured
     */
    public record Sample(double seconds, OptionalLong lag) {
    }

    /**
     * @param seconds from the end of the fault to the first sample under the threshold; empty if none came
     * @param peakLag the largest lag measured during the run; empty if none was measured
     */
    public record Result(OptionalDouble seconds, OptionalLong peakLag) {
        public boolean recovered() {
            return seconds.isPresent();
        }
    }

    private Recovery() {
    }

    public static Result of(List<Sample> samples, double faultEndSeconds, long threshold) {
        long peak = -1;
        Sample recoveredAt = null;
        for (Sample s : samples) {
            if (s.lag().isPresent()) {
                peak = Math.max(peak, s.lag().getAsLong());
            }
            if (s.seconds() < faultEndSeconds) {
                continue;
            }
            boolean under = s.lag().isPresent() && s.lag().getAsLong() <= threshold;
            if (!under) {
                recoveredAt = null;
            } else if (recoveredAt == null) {
                recoveredAt = s;
            }
        }
        OptionalDouble seconds = recoveredAt == null ? OptionalDouble.empty()
                : OptionalDouble.of(recoveredAt.seconds() - faultEndSeconds);
        return new Result(seconds, peak < 0 ? OptionalLong.empty() : OptionalLong.of(peak));
    }

    /** The largest summed lag of a sample's groups, or empty when one of them has no measured lag. */
    public static OptionalLong worstGroup(List<OptionalLong> groupSums) {
        if (groupSums.isEmpty() || groupSums.stream().anyMatch(OptionalLong::isEmpty)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(groupSums.stream().mapToLong(OptionalLong::getAsLong).max().orElseThrow());
    }
}
