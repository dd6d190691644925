package io.pipebench.gate.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartsTest {

    @Test
    void aStripPlotSkipsACategoryWithoutValuesAndRefusesOneWithNothingAtAll(@TempDir Path dir) throws Exception {
        Map<String, List<Double>> rows = new LinkedHashMap<>();
        rows.put("kill-consumer", List.of(27.0, 27.0, 28.5));
        rows.put("never-recovered", List.of());
        rows.put("sigkill-leader", List.of(0.3, 12.9));
        Path png = dir.resolve("recovery.png");

        Charts.strips("recovery", "seconds", rows, png);

        assertThat(Files.size(png)).isPositive();
        Map<String, List<Double>> empty = Map.of("a", List.of(), "b", List.of());
        assertThatThrownBy(() -> Charts.strips("recovery", "seconds", empty, dir.resolve("none.png")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every category");
        assertThat(dir.resolve("none.png")).doesNotExist();
    }
}
