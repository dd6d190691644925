package io.pipebench.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupIdsTest {

    @Test
    void harnessGroupIdsAreScopedAndNamedBack() {
        String prefix = ReferenceSystem.harnessGroupIdPrefix("20261130T004500Z-abc123");
        assertThat(prefix).isEqualTo("pipebench-harness-20261130T004500Z-abc123-");
        assertThat(ReferenceSystem.groupName(prefix + "audit")).isEqualTo("audit");
        assertThat(ReferenceSystem.groupName("genai-demo-audit")).isEqualTo("audit");
        assertThat(ReferenceSystem.groupName("someone-elses-audit")).isEqualTo("someone-elses-audit");
        assertThatThrownBy(() -> ReferenceSystem.harnessGroupIdPrefix("a b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a b'");
    }
}
