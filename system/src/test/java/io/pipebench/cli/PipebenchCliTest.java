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
