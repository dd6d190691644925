package io.pipebench.gate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipebench.gate.Fixtures;
import io.pipebench.gate.GateInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadSummaryTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsTheDocumentedShape() throws IOException {
        LoadSummary summary = Fixtures.summary("steady", 12.5, 5000, AlarmState.ALARM);
        Path file = dir.resolve("run/summary.json");
        summary.write(file);

        String json = Files.readString(file);
        assertThat(json).contains("\"scenario\" : \"steady\"", "\"startedAt\" : \"2025-01-31T12:00:00Z\"",
                "\"better\" : \"lower\"", "\"state\" : \"ALARM\"", "\"unit\" : \"events/s\"", "\"cpuCount\" : 2");
        assertThat(LoadSummary.read(dir.resolve("run"))).isEqualTo(summary);
    }

    @Test
    void aMissingOrWrongFieldIsNamed() throws IOException {
        Path file = dir.resolve("summary.json");
        Files.writeString(file, """
                {"scenario":"steady","startedAt":"2025-01-31T12:00:00Z","durationSeconds":60,
                 "metrics":{"publish.p95":{"value":3.0,"better":"lower"}}}""");
        assertThatThrownBy(() -> LoadSummary.read(file)).isInstanceOf(GateInputException.class)
                .hasMessageContaining("metrics.\"publish.p95\": field 'unit' is missing");

        Files.writeString(file, """
                {"scenario":"steady","startedAt":"2025-01-31T12:00:00Z","durationSeconds":60,
                 "metrics":{"publish.p95":{"value":3.0,"unit":"ms","better":"smaller"}}}""");
        assertThatThrownBy(() -> LoadSummary.read(file))
                .hasMessageContaining("metrics.\"publish.p95\".better must be \"higher\" or \"lower\"");

        Files.writeString(file, """
                {"scenario":"steady","startedAt":"yesterday","durationSeconds":60}""");
        assertThatThrownBy(() -> LoadSummary.read(file)).hasMessageContaining("field 'startedAt' must be an ISO-8601");

        Files.writeString(file, """
                {"scenario":"steady","startedAt":"2025-01-31T12:00:00Z","durationSeconds":60,
                 "alarms":[{"name":"lag","state":"RED"}]}""");
        assertThatThrownBy(() -> LoadSummary.read(file))
                .hasMessageContaining("alarms[0].state must be OK, ALARM, INSUFFICIENT_DATA or NOT_APPLICABLE");
    }

    @Test
    void environmentCaptureRecordsThisMachine() throws IOException {
        EnvironmentInfo env = EnvironmentInfo.capture("4.4.0");

        assertThat(env.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(env.cpuModel()).isNotBlank();
        assertThat(env.jvmMajorVersion()).isEqualTo(Runtime.version().feature());
        assertThat(env.kafkaVersion()).isEqualTo("4.4.0");
        assertThat(env.capturedAt()).isNotNull();
        if (Files.isReadable(Path.of("/proc/cpuinfo"))
                && Files.readString(Path.of("/proc/cpuinfo")).contains("model name")) {
            assertThat(env.cpuModel()).isNotEqualTo(System.getProperty("os.arch"));
        }

        Path file = dir.resolve(EnvironmentInfo.FILE_NAME);
        env.write(file);
        assertThat(EnvironmentInfo.read(file)).isEqualTo(env);
    }

    @Test
    void gitCommitIsReadInACheckoutAndAbsentOutsideOne() {
        // This test runs inside the project's git worktree (the module folder).
        assertThat(EnvironmentInfo.gitCommit(Path.of("").toAbsolutePath())).hasValueSatisfying(
                c -> assertThat(c).matches("[0-9a-f]{40}"));
        assertThat(EnvironmentInfo.gitCommit(dir)).isEmpty();
    }

    @Test
    void aTreeIsDirtyWithUncommittedCodeButNotWithItsOwnResults() throws Exception {
        git("init", "-q");
        Files.writeString(dir.resolve("Main.java"), "class Main {}\n");
        Files.createDirectories(dir.resolve("results"));
        Files.writeString(dir.resolve("results/README.md"), "runs\n");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "first");
        assertThat(EnvironmentInfo.gitDirty(dir)).contains(false);

        Files.writeString(dir.resolve("results/README.md"), "runs, edited\n");
        Files.createDirectories(dir.resolve("results/run-1"));
        Files.writeString(dir.resolve("results/run-1/summary.json"), "{}\n");
        assertThat(EnvironmentInfo.gitDirty(dir)).as("a run's own results and their notes are not code")
                .contains(false);
        Files.createDirectories(dir.resolve("module"));
        assertThat(EnvironmentInfo.gitDirty(dir.resolve("module")))
                .as("from a module's folder too, results/ is the top's and left out").contains(false);

        Files.writeString(dir.resolve("New.java"), "class New {}\n");
        assertThat(EnvironmentInfo.gitDirty(dir)).as("a source file not yet added").contains(true);
        Files.delete(dir.resolve("New.java"));
        Files.writeString(dir.resolve("Main.java"), "class Main { int x; }\n");
        assertThat(EnvironmentInfo.gitDirty(dir)).as("a committed file changed").contains(true);
        assertThat(EnvironmentInfo.gitDirty(dir.resolve("module")))
                .as("read from a module's folder, as under Maven: the change is elsewhere in the tree").contains(true);

        EnvironmentInfo dirty = EnvironmentInfo.capture("4.0", dir);
        assertThat(dirty.gitDirty()).isTrue();
        assertThat(dirty.commitLabel(10)).matches("[0-9a-f]{10} with uncommitted changes");
        Path outside = Files.createTempDirectory("not-a-checkout");
        assertThat(EnvironmentInfo.gitDirty(outside)).as("outside any checkout: not known, never false").isEmpty();
        Files.delete(outside);
    }

    private void git(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git"));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("git " + String.join(" ", args) + ": " + out).isZero();
    }

    @Test
    void jvmMajorVersionParsesOldAndNewSchemes() {
        assertThat(Fixtures.environment(2, "17.0.15+6-Debian-1deb12u1", null).jvmMajorVersion()).isEqualTo(17);
        assertThat(Fixtures.environment(2, "1.8.0_292", null).jvmMajorVersion()).isEqualTo(8);
        assertThat(Fixtures.environment(2, "21", null).jvmMajorVersion()).isEqualTo(21);
        assertThat(Fixtures.environment(2, null, null).jvmMajorVersion()).isNull();
    }

    @Test
    void cpuModelComesFromProcCpuinfo() throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) "
                + "Platinum 8375C CPU @ 2.90GHz\n");
        assertThat(EnvironmentInfo.cpuModel(cpuinfo)).contains("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz");
        assertThat(EnvironmentInfo.cpuModel(dir.resolve("none"))).isEmpty();
    }
}
