package io.pipebench.gate.baseline;

import io.pipebench.gate.model.EnvironmentInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a promotion did.
 *
 * @param target   the baseline folder, results/baselines/&lt;kind&gt;/&lt;name&gt;
 * @param files    the files now in it, relative to it
 * @param replaced the previous baseline, if there was one
 */
public record Promotion(Path target, List<String> files, Optional<Replaced> replaced) {

    public Promotion {
        files = List.copyOf(files);
    }

    /**
     * The baseline a promotion replaced.
     *
     * @param files       its files, relative to the folder
     * @param environment its environment.json, or null if it had none
     */
    public record Replaced(List<String> files, EnvironmentInfo environment) {
        public Replaced {
            files = List.copyOf(files);
        }
    }

    /** A few lines for the terminal: what is now the baseline and what it replaced. */
    public String describe() {
        StringBuilder out = new StringBuilder("baseline " + target + " <- " + String.join(", ", files));
        if (replaced.isPresent()) {
            EnvironmentInfo env = replaced.get().environment();
            out.append("\nreplaced the previous baseline (").append(String.join(", ", replaced.get().files()));
            if (env != null) {
                out.append("; commit ").append(env.gitCommit() == null ? "unknown" : env.commitLabel(64))
                        .append(", captured ").append(env.capturedAt() == null ? "unknown" : env.capturedAt());
            }
            out.append(')');
        } else {
            out.append("\n(no previous baseline)");
        }
        return out.toString();
    }
}
