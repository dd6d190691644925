package io.pipebench.load.measure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each stage's CPU per record against its peers' in the same run: a consumer group's against the mean of the other
 * groups', the publisher's against the groups' mean. A ratio within one run cancels what moves every stage alike — this
 * shared machine slowing down, caches, a cold JVM — which moves the absolute figures by more than the slowdowns the gate
 * must catch: in the gate-sensitivity study (results/gate-sensitivity/stage-ratios/, 23 clean runs) clean runs moved a
 * group's CPU per record by up to +50% against their brackets and its ratio to the other groups by up to +16%, while
 * the analytics group made 1.25x slower moved its ratio by +24% to +28%.
 *
 * <p>How it could lie: a slowdown every group shares (the decoder they all use) leaves the group ratios unchanged, and a
 * slower publisher hides behind groups that slowed as much. The absolute {@code cpuPerRecord} figures stay gated for
 * those; these ratios only add sensitivity to one stage drifting from the rest.
 */
public final class StageCpuRatios {

    /** The publisher's key in a stage-CPU map; every other key is a consumer group. */
    public static final String PUBLISH = "publish";

    private StageCpuRatios() {
    }

    /**
     * From CPU microseconds per record by stage (as {@link RunFigures#stageCpu()} gives them), each stage's ratio to its
     * peers, by the same keys. A group needs at least one other group, the publisher at least one group; a stage whose
     * peers' mean is not positive is left out (the gate then reports the figure missing rather than a made-up ratio).
     */
    public static Map<String, Double> of(Map<String, Double> cpuPerRecordByStage) {
        Map<String, Double> groups = new LinkedHashMap<>();
        cpuPerRecordByStage.forEach((stage, us) -> {
            if (!stage.equals(PUBLISH) && us != null && Double.isFinite(us) && us >= 0) {
                groups.put(stage, us);
            }
        });
        double sum = groups.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        Double publish = cpuPerRecordByStage.get(PUBLISH);
        if (publish != null && Double.isFinite(publish) && !groups.isEmpty() && sum > 0) {
            out.put(PUBLISH, publish / (sum / groups.size()));
        }
        if (groups.size() >= 2) {
            groups.forEach((g, us) -> {
                double othersMean = (sum - us) / (groups.size() - 1);
                if (othersMean > 0) {
                    out.put(g, us / othersMean);
                }
            });
        }
        return out;
    }
}
