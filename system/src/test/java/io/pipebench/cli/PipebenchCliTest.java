package io.pipebench.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class PipebenchCliTest {

    @Test
    void helpListsTheCommands() {
        StringWriter out = new StringWriter();
        int code = PipebenchCli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("up", "cluster", "topics", "db");
    }

    @Test
    void theMetricsEndpointListensOnLoopbackUnlessToldOtherwise() {
        RunCommand run = new RunCommand();
        new picocli.CommandLine(run).parseArgs();
        assertThat(run.metricsBind).isEqualTo("127.0.0.1");
        new picocli.CommandLine(run).parseArgs("--metrics-bind", "0.0.0.0");
        assertThat(run.metricsBind).isEqualTo("0.0.0.0");
    }

    @Test
    void anExternalClusterWithoutBootstrapServersFailsWithOneClearLine() {
        StringWriter err = new StringWriter();
        int code = PipebenchCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "topics", "plan", "--cluster", "external", "--cluster-config", "/nonexistent.properties");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("pipebench: ").contains("--cluster-config").doesNotContain("Exception");
    }

    /** --security secures the embedded cluster only: with any other kind it is refused before a cluster starts. */
    @Test
    void aSecuredListenerWithAnotherKindIsRefusedNotIgnored() {
        for (String kind : new String[] {"forked", "container", "external"}) {
            StringWriter err = new StringWriter();
            int code = PipebenchCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
                    "topics", "plan", "--cluster", kind, "--security", "mtls");
            assertThat(code).as(kind).isEqualTo(2);
            assertThat(err.toString()).as(kind)
                    .startsWith("pipebench: --security mtls applies to --cluster embedded only; ")
                    .contains(kind.equals("external") ? "KAFKA_SECURITY_PROTOCOL"
                            : "the " + kind + " cluster is plaintext");
        }
    }

    /** Where no Docker engine answers, --cluster container fails at once, saying why and naming the other kinds. */
    @Test
    void aContainerClusterWithoutDockerFailsWithOneClearLine() {
        String reason = io.pipebench.cluster.ContainerKafkaCluster.dockerUnavailableReason();
        org.junit.jupiter.api.Assumptions.assumeTrue(reason != null, "a Docker engine answers here");
        StringWriter err = new StringWriter();
        int code = PipebenchCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "topics", "plan", "--cluster", "container");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("pipebench: Cannot use a container cluster (--cluster container")
                .contains(reason).contains("Use embedded (the default), forked or external instead.");
    }

    @Test
    void anUnknownConsumerProfileIsRefusedBeforeAnythingStarts() {
        for (String command : new String[] {"run", "profile"}) {
            StringWriter err = new StringWriter();
            int code = PipebenchCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), command,
                    "--rate", "10", "--consumer-profile", "fastest");
            assertThat(code).as(command).isEqualTo(2);
            assertThat(err.toString()).as(command).startsWith("pipebench: ").contains("--consumer-profile 'fastest'")
                    .contains("[seed, tuned]");
        }
    }
}
