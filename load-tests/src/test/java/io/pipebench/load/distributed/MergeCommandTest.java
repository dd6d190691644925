package io.pipebench.load.distributed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code load merge} parses its own options before it opens the run topic: a typo is named at once, in the one
 * spelling merge has. The cluster file is absent, so a merge that connected first would fail naming that instead.
 */
class MergeCommandTest {

    @TempDir
    Path dir;

    @Test
    void aBadNotApplicableIsNamedBeforeTheRunTopicOpens() {
        MergeCommand merge = merge("--not-applicable=rate:shared host;lag");
        assertThatThrownBy(merge::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--not-applicable: 'lag' needs a check name and a reason, e.g. "
                        + "message-processing-failures:alarmed in CloudWatch");
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void aBadTimeoutIsNamedBeforeTheRunTopicOpens() {
        assertThatThrownBy(merge("--timeout=soon")::call).hasMessageContaining("--timeout")
                .hasMessageContaining("'soon'").hasMessageNotContaining("absent.properties");
        assertThat(dir.resolve("results")).doesNotExist();
    }

    private MergeCommand merge(String option) {
        MergeCommand merge = new MergeCommand();
        new CommandLine(merge).parseArgs("--run=r1", "--injectors=2", option,
                "--cluster-config=" + dir.resolve("absent.properties"), "--results=" + dir.resolve("results"));
        return merge;
    }
}
