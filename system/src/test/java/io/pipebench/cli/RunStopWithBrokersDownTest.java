package io.pipebench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipebench.cluster.EmbeddedKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to {@code pipebench run} while its brokers are down (issue 14, item 8). Before, the stop flushed the
 * producer (120 s of delivery timeout with no broker) and stopped the groups one after another (commit 15 s + close
 * 10 s each), so the JVM's shutdown hook gave up after 60 s and the process halted mid-close. Now it must finish its
 * ordered close within the hook's patience, say what it abandoned, and exit as a SIGTERM does (143).
 */
class RunStopWithBrokersDownTest {

    @Test
    void sigtermWithTheBrokersDownClosesInOrderWithinAMinute(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("run.log");
        Process run;
        try (EmbeddedKafkaCluster cluster = io.pipebench.testing.Clusters.freshWithCatalog()) {
            Path config = dir.resolve("cluster.properties");
            Files.writeString(config, "bootstrap.servers=" + cluster.bootstrapServers() + "\n");
            run = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PipebenchCli.class.getName(), "run",
                    "--cluster", "external", "--cluster-config", config.toString(),
                    "--groups", "notification,analytics,reporting", "--rate", "200", "--progress-every", "1",
                    "--metrics-port", "-1")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            await("the run publishing and its groups processing").atMost(Duration.ofMinutes(3))
                    .until(() -> Files.readString(log).matches("(?s).*acked [1-9][0-9]* .*processed notification=[1-9].*"));
        } // the brokers are down from here
        long stopped = System.nanoTime();
        run.destroy(); // SIGTERM
        boolean exited = run.waitFor(90, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - stopped) / 1e9;
        if (!exited) {
            run.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(exited).as("exited within 90 s; output:%n%s", out).isTrue();
        assertThat(seconds).as("the ordered close fits in the shutdown hook's 60 s; output:%n%s", out)
                .isLessThan(60);
        assertThat(run.exitValue()).as(out).isEqualTo(143);
        assertThat(out).contains("Stopping (Ctrl-C)").contains("Summary over").contains("Closed ");
    }
}
