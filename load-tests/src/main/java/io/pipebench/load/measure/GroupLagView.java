package io.pipebench.load.measure;

import io.pipebench.metrics.GroupLag;
import io.pipebench.metrics.LagSnapshot;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/** Small reads of a lag sample. */
public final class GroupLagView {

    /** The naming of this command's driver (one driver per command); the group id itself until one is opened. */
    private static volatile UnaryOperator<String> labels = UnaryOperator.identity();

    private GroupLagView() {
    }

    /**
     * A group id as reports and metric names show it, the same for every run, as the driver names it: for the
     * reference system, {@code genai-demo-audit} and a run-scoped {@code pipebench-harness-<run>-audit} are both
     * {@code audit}, so figures compare across runs.
     */
    public static String label(String groupId) {
        return labels.apply(groupId);
    }

    /** Sets the driver's naming of groups, when the command opens its driver. */
    public static void labels(UnaryOperator<String> driverLabels) {
        labels = Objects.requireNonNull(driverLabels, "labels");
    }

    /** The largest summed lag of any group in the sample; empty when no group had a measured lag. */
    public static OptionalLong maxSumLag(LagSnapshot snapshot) {
        OptionalLong max = OptionalLong.empty();
        for (GroupLag g : snapshot.groups()) {
            if (g.sumLag().isPresent()) {
                long v = g.sumLag().getAsLong();
                max = max.isEmpty() || v > max.getAsLong() ? OptionalLong.of(v) : max;
            }
        }
        return max;
    }
}
