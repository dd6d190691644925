package io.pipebench.load.measure;

import io.pipebench.metrics.GroupLag;
import io.pipebench.metrics.LagSnapshot;

import java.util.OptionalLong;

/** Small reads of a lag sample. */
public final class GroupLagView {

    private GroupLagView() {
    }

    /**
     * A group id as reports and metric names show it, the same for every run: {@code genai-demo-audit} and a run-scoped
     * {@code pipebench-harness-<run>-audit} are both {@code audit}, so figures compare across runs.
     */
    public static String label(String groupId) {
        return io.pipebench.run.ReferenceSystem.groupName(groupId);
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
