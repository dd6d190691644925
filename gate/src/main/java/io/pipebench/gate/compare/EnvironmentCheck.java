package io.pipebench.gate.compare;

import io.pipebench.gate.model.EnvironmentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compares where two results were measured. CPU count, CPU model, JVM major version and Kafka version must match for
 * a like-for-like comparison; an unknown value counts as a mismatch, so nothing is compared silently.
 */
public final class EnvironmentCheck {

    /**
     * One field that differs.
     *
     * @param field     the field's name
     * @param baseline  the baseline's value, or "unknown"
     * @param candidate the candidate's value, or "unknown"
     */
    public record Difference(String field, String baseline, String candidate) {
    }

    private EnvironmentCheck() {
    }

    /** The fields that differ or are unknown on either side; empty when the environments match. */
    public static List<Difference> differences(EnvironmentInfo baseline, EnvironmentInfo candidate) {
        List<Difference> differences = new ArrayList<>();
        if (baseline == null || candidate == null) {
            differences.add(new Difference("environment", baseline == null ? "unknown" : "recorded",
                    candidate == null ? "unknown" : "recorded"));
            return differences;
        }
        check(differences, "cpuCount", baseline, candidate, EnvironmentInfo::cpuCount);
        check(differences, "cpuModel", baseline, candidate, EnvironmentInfo::cpuModel);
        check(differences, "jvm major version", baseline, candidate, EnvironmentInfo::jvmMajorVersion);
        check(differences, "kafkaVersion", baseline, candidate, EnvironmentInfo::kafkaVersion);
        return differences;
    }

    private static void check(List<Difference> out, String field, EnvironmentInfo baseline, EnvironmentInfo candidate,
                              Function<EnvironmentInfo, Object> value) {
        Object b = value.apply(baseline);
        Object c = value.apply(candidate);
        if (b == null || c == null || !Objects.equals(b, c)) {
            out.add(new Difference(field, b == null ? "unknown" : b.toString(), c == null ? "unknown" : c.toString()));
        }
    }
}
