package io.pipebench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipebench.faults.FaultRunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad fault-run input fails with one line naming the option, before any cluster starts; summaries count every run. */
class FaultsCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PipebenchCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    }

    @Test
    void anUnknownFaultIsRefusedNamingTheKnownOnes() {
        assertThat(run("faults", "run", "--fault", "sigkill-everything")).isEqualTo(2);
        assertThat(err.toString()).startsWith("pipebench: --fault: unknown fault 'sigkill-everything'")
                .contains("sigkill-leader", "postgres-stop-5m", "netdrop-postgres-30s");
    }

    @Test
    void aFaultOutsideTheRunIsRefused() {
        assertThat(run("faults", "run", "--fault", "postgres-read-only", "--seconds", "30", "--fault-at", "40"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("pipebench: --fault-at must be inside the run");
    }

    @Test
    void aClusterTheRunDoesNotOwnIsRefused() {
        assertThat(run("faults", "run", "--fault", "sigkill-leader", "--cluster", "external")).isEqualTo(2);
        assertThat(err.toString()).contains("--cluster external", "embedded or forked");
    }

    @Test
    void theSummaryListsEveryRunWithTheRecoverySpreadAndFailsIfOneFailed() throws Exception {
        ObjectMapper json = new ObjectMapper();
        json.writeValue(dir.resolve("a.json").toFile(), report("sigkill-leader", "PASS", 4.0, "2026-11-30T04:00:00Z"));
        json.writeValue(dir.resolve("b.json").toFile(), report("sigkill-leader", "FAIL", null, "2026-11-30T04:10:00Z"));
        json.writeValue(dir.resolve("c.json").toFile(), report("sigkill-leader", "PASS", 8.0, "2026-11-30T04:20:00Z"));

        assertThat(run("faults", "summarize", dir.toString())).isEqualTo(1);

        JsonNode summary = json.readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.get("runs")).hasSize(3);
        assertThat(summary.get("runs").get(0).get("lost").asLong()).isZero();
        assertThat(summary.get("runs").get(1).get("recoverySeconds").isNull()).isTrue();
        JsonNode spread = summary.get("recoveryByFault").get("sigkill-leader");
        assertThat(spread.get("runs").asInt()).isEqualTo(3);
        assertThat(spread.get("passed").asInt()).isEqualTo(2);
        assertThat(spread.get("minSeconds").asDouble()).isEqualTo(4.0);
        assertThat(spread.get("medianSeconds").asDouble()).isEqualTo(6.0);
        assertThat(spread.get("maxSeconds").asDouble()).isEqualTo(8.0);
        assertThat(java.nio.file.Files.readString(dir.resolve("summary.md")))
                .contains("| `sigkill-leader` | 3 | 2 |", "| 2 | 4.0 / 6.0 / 8.0 |");
        assertThat(java.nio.file.Files.size(dir.resolve("recovery.png"))).isPositive();
    }

    @Test
    void aFolderWithoutRunsIsAnError() {
        assertThat(run("faults", "summarize", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("No fault run files");
    }

    private static FaultRunReport report(String fault, String verdict, Double recovery, String startedAt) {
        return new FaultRunReport(fault, fault + "-" + startedAt, startedAt, "forked", "none", 200, 60, 20, 10,
                "broker 1", 100, 0, 100, 0, 0, 0, Map.of("audit", 0L), 0, 0, Map.of(), recovery, 10L, 1000, true,
                1, Map.of(), verdict, List.of(), List.of(), List.of());
    }
}
